import { ContactValues, FieldNames, STORED_COLUMNS } from './contact-fields';
import { ContactPatch, readContactItem } from './contact-reading';

export interface NormalizeOptions {
  /** Save and bulk need an email or a LinkedIn URL to dedupe on; a single POST does not. */
  requireEmailOrLinkedin: boolean;
  /** The name field as the client calls it (`name` in save, `full_name` elsewhere), for errors. */
  nameField: string;
}

export type NormalizeResult =
  | { contact: ContactValues; problems?: undefined }
  | { contact?: undefined; problems: Record<string, string[]> };

/** "Mary Ann Smith" → first "Mary", last "Ann Smith"; a single word is a first name. */
export function splitFullName(fullName: string): { first_name: string; last_name: string | null } {
  const [first, ...rest] = fullName.trim().split(/\s+/);
  return { first_name: first, last_name: rest.length ? rest.join(' ') : null };
}

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** `john.smith+crm@x.com` → "John Smith"; a local part without letters is used as it is. */
export function nameFromEmail(email: string): string {
  const local = email.slice(0, email.lastIndexOf('@')).split('+')[0];
  const words = local
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  return words.length ? words.map(capitalize).join(' ') : local || email;
}

type Names = Pick<ContactValues, 'full_name' | 'first_name' | 'last_name'>;

/** full_name ⇄ first/last: whichever side is given fills the other; else a name from the email. */
export function resolveNames(
  fullName: string | null | undefined,
  firstName: string | null | undefined,
  lastName: string | null | undefined,
  email: string | null,
): Names | null {
  const first = firstName ?? null;
  const last = lastName ?? null;
  if (fullName) {
    return first || last
      ? { full_name: fullName, first_name: first, last_name: last }
      : { full_name: fullName, ...splitFullName(fullName) };
  }
  if (first || last) {
    return {
      full_name: [first, last].filter(Boolean).join(' '),
      first_name: first,
      last_name: last,
    };
  }
  if (email) {
    const derived = nameFromEmail(email);
    return { full_name: derived, ...splitFullName(derived) };
  }
  return null;
}

/**
 * Checks the rules across fields (a name, a dedupe key) and completes the stored form of a
 * contact read by `readContactItem`: values and keys are already checked and computed there.
 * Problems are keyed by field name, for the caller to prefix with the item's path.
 */
export function normalizeContact(values: ContactPatch, options: NormalizeOptions): NormalizeResult {
  const email = values.email ?? null;
  const names = resolveNames(values.full_name, values.first_name, values.last_name, email);
  const missingKey =
    options.requireEmailOrLinkedin && !values.email_normalized && !values.linkedin_url_normalized;
  if (!names || missingKey) return { problems: contactProblems(names, missingKey, options) };
  const contact = {} as Record<string, string | null>;
  for (const column of STORED_COLUMNS) contact[column] = values[column] ?? null;
  Object.assign(contact, names);
  return { contact: contact as ContactValues };
}

/** One item of a request, read, checked and normalised once: its stored values or its problems. */
export function contactFromItem(
  item: unknown,
  names: FieldNames,
  options: NormalizeOptions,
): NormalizeResult {
  const read = readContactItem(item, names);
  return Object.keys(read.problems).length
    ? { problems: read.problems }
    : normalizeContact(read.values, options);
}

function contactProblems(
  names: Names | null,
  missingKey: boolean,
  options: NormalizeOptions,
): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  if (missingKey) problems.email = ['is required when linkedin_url is not given'];
  if (!names) {
    problems[options.nameField] = [
      'is required when neither first_name, last_name nor email is given',
    ];
  }
  return problems;
}

const NAME_COLUMNS = new Set<string>(['full_name', 'first_name', 'last_name']);

/**
 * The values a partial update changes. `undefined` leaves a field alone, `null` clears it.
 * A new full_name alone is split again; new first/last names alone rebuild the full name.
 */
export function patchContact(current: ContactValues, patch: ContactPatch): ContactPatch {
  const changes: Record<string, string | null> = { ...patchNames(current, patch) };
  for (const column of STORED_COLUMNS) {
    const value = patch[column];
    if (value !== undefined && !NAME_COLUMNS.has(column)) changes[column] = value;
  }
  return changes;
}

function patchNames(current: Names, patch: ContactPatch): Partial<Names> {
  const { full_name: fullName, first_name: firstName, last_name: lastName } = patch;
  if (firstName === undefined && lastName === undefined) {
    return fullName ? { full_name: fullName, ...splitFullName(fullName) } : {};
  }
  const first = firstName === undefined ? current.first_name : firstName;
  const last = lastName === undefined ? current.last_name : lastName;
  const joined = [first, last].filter(Boolean).join(' ');
  return { full_name: fullName || joined || current.full_name, first_name: first, last_name: last };
}
