import { ProspectFields } from '../prospect-fields';
import { normalizeDomain, normalizeEmail, normalizeLinkedinUrl } from '../identity';
import { parseSeniority, seniorityFromTitle, SENIORITIES, toSlug } from '../seniority';

const MAX_TEXT = 500;
const MAX_EMPLOYEES = 2_147_483_647;

export type RecordCheck =
  { fields: ProspectFields; reason?: undefined } | { fields?: undefined; reason: string };

class RejectedRecord extends Error {}

const shown = (value: string): string =>
  JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);

/** A column's value as trimmed text, null when empty; numbers (JSON Lines) become text. */
function text(values: Record<string, unknown>, column: string): string | null {
  const value = values[column];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new RejectedRecord(`${column} must be text`);
  }
  const trimmed = String(value).trim();
  if (trimmed.length > MAX_TEXT)
    throw new RejectedRecord(`${column} is longer than ${MAX_TEXT} characters`);
  return trimmed === '' ? null : trimmed;
}

/** Applies `normalize` to a present value; a value it refuses rejects the row. */
function normalized(
  values: Record<string, unknown>,
  column: string,
  normalize: (raw: string) => string | undefined,
  problem: string,
): string | null {
  const raw = text(values, column);
  if (raw === null) return null;
  const value = normalize(raw);
  if (value === undefined) throw new RejectedRecord(`${problem} ${shown(raw)}`);
  return value;
}

function employeeCount(values: Record<string, unknown>): number | null {
  const raw = text(values, 'employee_count');
  if (raw === null) return null;
  const digits = raw.replace(/[,_ ]/g, ''); // "1,200" and "1 200" are common in spreadsheets
  const count = Number(digits);
  if (!/^\d+$/.test(digits) || count > MAX_EMPLOYEES) {
    throw new RejectedRecord(`employee_count is not a whole number: ${shown(raw)}`);
  }
  return count;
}

function seniority(values: Record<string, unknown>, title: string | null): string | null {
  const raw = text(values, 'seniority');
  if (raw === null) return title ? seniorityFromTitle(title) : null;
  const known = parseSeniority(raw);
  if (!known)
    throw new RejectedRecord(`unknown seniority ${shown(raw)} (one of ${SENIORITIES.join(', ')})`);
  return known;
}

function checkedFields(values: Record<string, unknown>): ProspectFields {
  const firstName = text(values, 'first_name');
  const lastName = text(values, 'last_name');
  const name = text(values, 'name') ?? ([firstName, lastName].filter(Boolean).join(' ') || null);
  const email = normalized(values, 'email', normalizeEmail, 'invalid email');
  const linkedinUrl = normalized(
    values,
    'linkedin_url',
    normalizeLinkedinUrl,
    'invalid linkedin_url',
  );
  const title = text(values, 'title');
  const fields: ProspectFields = {
    name: name ?? '',
    first_name: firstName,
    last_name: lastName,
    email,
    title,
    seniority: seniority(values, title),
    department: normalized(
      values,
      'department',
      (raw) => toSlug(raw) || undefined,
      'invalid department',
    ),
    company_name: text(values, 'company_name'),
    company_domain: normalized(values, 'company_domain', normalizeDomain, 'invalid company_domain'),
    industry: text(values, 'industry'),
    employee_count: employeeCount(values),
    city: text(values, 'city'),
    region: text(values, 'region'),
    country: text(values, 'country'),
    linkedin_url: linkedinUrl,
  };
  if (!name) throw new RejectedRecord('no name (give name, or first_name and last_name)');
  if (!email && !linkedinUrl) {
    throw new RejectedRecord('no email or linkedin_url (one is needed to recognise the person)');
  }
  return fields;
}

/**
 * Checks and normalises one imported row. A row is kept only when search can return it and
 * save can accept it: a name, and a valid email or LinkedIn URL.
 */
export function checkRecord(values: Record<string, unknown>): RecordCheck {
  try {
    return { fields: checkedFields(values) };
  } catch (error) {
    if (error instanceof RejectedRecord) return { reason: error.message };
    throw error;
  }
}
