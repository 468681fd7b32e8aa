import { canonicalLinkedinUrl, normalizeDomain, normalizeEmail } from '../../../common/identity';
import { PROSPECT_FIELD_LIMITS } from '../../contacts';
import { ProspectFields } from '../prospect-fields';
import { parseAmount } from '../revenue';
import { parseSeniority, seniorityFromTitle, SENIORITIES, toSlug } from '../seniority';

const MAX_TEXT = 500;
/**
 * The columns `POST /v1/prospects/save` copies into a contact are held to the contact's limits, so
 * that every imported prospect can be saved as it is (a longer title would make the save a 400).
 */
const MAX_LENGTHS = PROSPECT_FIELD_LIMITS;
const MAX_EMPLOYEES = 2_147_483_647;
const NO_NAME = 'no name (give name, or first_name and last_name)';
const NO_IDENTITY = 'no email or linkedin_url (one is needed to recognise the person)';

/** A value a row gives that the import cannot read: the row is kept, that field left empty. */
export interface FieldWarning {
  field: string;
  reason: string;
}

export type RecordCheck =
  | { fields: ProspectFields; warnings: FieldWarning[]; reason?: undefined }
  | { fields?: undefined; warnings?: undefined; reason: string };

/** A value present in a row that cannot be read; the message names the column. */
class Unreadable extends Error {}

type Values = Record<string, unknown>;

const shown = (value: string): string =>
  JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);

/** A column's value as trimmed text, null when empty; numbers (JSON Lines) become text. */
function text(values: Values, column: string): string | null {
  const value = values[column];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new Unreadable(`${column} must be text`);
  }
  const trimmed = String(value).trim();
  const maxLength = MAX_LENGTHS[column] ?? MAX_TEXT;
  if (trimmed.length > maxLength) {
    throw new Unreadable(`${column} is longer than ${maxLength} characters`);
  }
  // PostgreSQL refuses NUL in text: one such value would fail the whole batch.
  if (trimmed.includes('\0')) throw new Unreadable(`${column} contains a NUL character`);
  return trimmed === '' ? null : trimmed;
}

/** Applies `normalize` to a present value; a value it refuses cannot be read. */
function normalized(
  values: Values,
  column: string,
  normalize: (raw: string) => string | null,
  problem: string,
): string | null {
  const raw = text(values, column);
  if (raw === null) return null;
  const value = normalize(raw);
  if (value === null) throw new Unreadable(`${problem} ${shown(raw)}`);
  return value;
}

function employeeCount(values: Values): number | null {
  const raw = text(values, 'employee_count');
  if (raw === null) return null;
  const digits = raw.replace(/[,_ ]/g, ''); // "1,200" and "1 200" are common in spreadsheets
  const count = Number(digits);
  if (!/^\d+$/.test(digits) || count > MAX_EMPLOYEES) {
    throw new Unreadable(`employee_count is not a whole number: ${shown(raw)}`);
  }
  return count;
}

/** US dollars: "1200000", "$1,200,000", "1.2M". */
function annualRevenue(values: Values): number | null {
  const raw = text(values, 'annual_revenue');
  if (raw === null) return null;
  const amount = parseAmount(raw.replace(/[,_ ]/g, ''));
  if (amount === undefined) {
    throw new Unreadable(
      `annual_revenue is not an amount of dollars (such as 1200000, $1,200,000 or 1.2M): ${shown(raw)}`,
    );
  }
  return amount;
}

function givenSeniority(values: Values): string | null {
  const raw = text(values, 'seniority');
  if (raw === null) return null;
  const known = parseSeniority(raw);
  if (!known) {
    throw new Unreadable(`unknown seniority ${shown(raw)} (one of ${SENIORITIES.join(', ')})`);
  }
  return known;
}

/** The name made of first and last names, within the limit of a name given whole. */
function joinedName(firstName: string | null, lastName: string | null): string {
  const name = [firstName, lastName].filter(Boolean).join(' ');
  if (name.length > MAX_LENGTHS.name) {
    throw new Unreadable(
      `name (first_name and last_name together) is longer than ${MAX_LENGTHS.name} characters`,
    );
  }
  return name;
}

/** Reads the columns of one row, keeping a warning for each value it cannot read. */
class RowReader {
  readonly warnings: FieldWarning[] = [];

  constructor(private readonly values: Values) {}

  field<T>(field: string, read: (values: Values) => T | null): T | null {
    try {
      return read(this.values);
    } catch (error) {
      if (!(error instanceof Unreadable)) throw error;
      this.warnings.push({ field, reason: error.message });
      return null;
    }
  }

  text(column: string): string | null {
    return this.field(column, (values) => text(values, column));
  }

  normalized(column: string, normalize: (raw: string) => string | null): string | null {
    return this.field(column, (values) =>
      normalized(values, column, normalize, `invalid ${column}`),
    );
  }

  /** Why a row lacks something it needs: what could not be read of it, else `missing`. */
  reasonFor(columns: string[], missing: string): string {
    const unreadable = this.warnings.filter((warning) => columns.includes(warning.field));
    return unreadable.length ? unreadable.map((warning) => warning.reason).join('; ') : missing;
  }
}

function readFields(row: RowReader): ProspectFields {
  const firstName = row.text('first_name');
  const lastName = row.text('last_name');
  const title = row.text('title');
  return {
    name: row.text('name') ?? row.field('name', () => joinedName(firstName, lastName)) ?? '',
    first_name: firstName,
    last_name: lastName,
    email: row.normalized('email', normalizeEmail),
    title,
    // An unreadable seniority counts as none given: it is inferred from the title, as then.
    seniority: row.field('seniority', givenSeniority) ?? (title ? seniorityFromTitle(title) : null),
    department: row.normalized('department', (raw) => toSlug(raw) || null),
    company_name: row.text('company_name'),
    company_domain: row.normalized('company_domain', normalizeDomain),
    industry: row.text('industry'),
    employee_count: row.field('employee_count', employeeCount),
    annual_revenue: row.field('annual_revenue', annualRevenue),
    city: row.text('city'),
    region: row.text('region'),
    country: row.text('country'),
    company_city: row.text('company_city'),
    company_region: row.text('company_region'),
    company_country: row.text('company_country'),
    linkedin_url: row.normalized('linkedin_url', canonicalLinkedinUrl),
  };
}

/**
 * Checks and normalises one imported row. A row is kept when search can return it and save can
 * accept it: a name, and a valid email or LinkedIn URL. Any other value it cannot read is left
 * empty and reported as a warning; the row is never dropped for it.
 */
export function checkRecord(values: Values): RecordCheck {
  const row = new RowReader(values);
  const fields = readFields(row);
  if (!fields.name) return { reason: row.reasonFor(['name', 'first_name', 'last_name'], NO_NAME) };
  if (!fields.email && !fields.linkedin_url) {
    return { reason: row.reasonFor(['email', 'linkedin_url'], NO_IDENTITY) };
  }
  return { fields, warnings: row.warnings };
}
