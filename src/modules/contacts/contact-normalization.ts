import { linkedinKey, linkedinUrlForKey, normalizeEmail } from '../../common/identity';

/** The contact fields as a client sends them (already type- and length-checked by the DTOs). */
export interface ContactInput {
  full_name?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  email?: string | null;
  phone?: string | null;
  job_title?: string | null;
  company_name?: string | null;
  linkedin_url?: string | null;
}

/** A contact ready to be stored: names resolved, dedupe keys computed. */
export interface NormalizedContact {
  fullName: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  emailNormalized: string | null;
  phone: string | null;
  jobTitle: string | null;
  companyName: string | null;
  linkedinUrl: string | null;
  linkedinUrlNormalized: string | null;
}

export interface NormalizeOptions {
  /** Save and bulk need an email or a LinkedIn URL to dedupe on; a single POST does not. */
  requireEmailOrLinkedin: boolean;
  /** The name field as the client calls it (`name` in save, `full_name` elsewhere), for errors. */
  nameField: string;
}

export type NormalizeResult =
  | { contact: NormalizedContact; problems?: undefined }
  | { contact?: undefined; problems: Record<string, string[]> };

/** "Mary Ann Smith" → first "Mary", last "Ann Smith"; a single word is a first name. */
export function splitFullName(fullName: string): { firstName: string; lastName: string | null } {
  const [first, ...rest] = fullName.trim().split(/\s+/);
  return { firstName: first, lastName: rest.length ? rest.join(' ') : null };
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

interface Names {
  fullName: string;
  firstName: string | null;
  lastName: string | null;
}

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
      ? { fullName, firstName: first, lastName: last }
      : { fullName, ...splitFullName(fullName) };
  }
  if (first || last)
    return { fullName: [first, last].filter(Boolean).join(' '), firstName: first, lastName: last };
  if (email) {
    const derived = nameFromEmail(email);
    return { fullName: derived, ...splitFullName(derived) };
  }
  return null;
}

/**
 * Checks what the DTOs cannot (rules across fields) and computes the stored form of a contact.
 * Problems are keyed by field name, for the caller to prefix with the item's path.
 */
export function normalizeContact(input: ContactInput, options: NormalizeOptions): NormalizeResult {
  // Values were checked by the field rules (same identity functions): a given email or LinkedIn
  // URL always has a key here.
  const email = input.email ? normalizeEmail(input.email) : null;
  const linkedin = input.linkedin_url ? linkedinKey(input.linkedin_url) : null;
  const names = resolveNames(input.full_name, input.first_name, input.last_name, email);
  const missingKey = options.requireEmailOrLinkedin && !email && !linkedin;
  if (!names || missingKey) return { problems: contactProblems(names, missingKey, options) };
  // Fields spelled out rather than spread: this runs for every item of a 1,000-item save.
  return {
    contact: {
      fullName: names.fullName,
      firstName: names.firstName,
      lastName: names.lastName,
      email,
      emailNormalized: email,
      phone: input.phone ?? null,
      jobTitle: input.job_title ?? null,
      companyName: input.company_name ?? null,
      linkedinUrl: linkedin ? linkedinUrlForKey(linkedin) : null,
      linkedinUrlNormalized: linkedin,
    },
  };
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

/**
 * The fields a partial update changes. `undefined` leaves a field alone, `null` clears it.
 * A new full_name alone is split again; new first/last names alone rebuild the full name.
 */
export function patchContact(
  current: NormalizedContact,
  patch: ContactInput,
): Partial<NormalizedContact> {
  const changes: Partial<NormalizedContact> = { ...patchNames(current, patch) };
  if (patch.email !== undefined) {
    changes.email = patch.email ? normalizeEmail(patch.email) : null;
    changes.emailNormalized = changes.email;
  }
  if (patch.linkedin_url !== undefined) {
    const key = patch.linkedin_url ? linkedinKey(patch.linkedin_url) : null;
    changes.linkedinUrlNormalized = key;
    changes.linkedinUrl = key ? linkedinUrlForKey(key) : null;
  }
  if (patch.phone !== undefined) changes.phone = patch.phone;
  if (patch.job_title !== undefined) changes.jobTitle = patch.job_title;
  if (patch.company_name !== undefined) changes.companyName = patch.company_name;
  return changes;
}

function patchNames(current: Names, patch: ContactInput): Partial<Names> {
  const { full_name: fullName, first_name: firstName, last_name: lastName } = patch;
  if (firstName === undefined && lastName === undefined) {
    return fullName ? { fullName, ...splitFullName(fullName) } : {};
  }
  const first = firstName === undefined ? current.firstName : firstName;
  const last = lastName === undefined ? current.lastName : lastName;
  const joined = [first, last].filter(Boolean).join(' ');
  return { fullName: fullName || joined || current.fullName, firstName: first, lastName: last };
}
