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

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** `linkedin.com` and any of its subdomains (`www.`, `uk.`, `mobile.`) name the same profile. */
const LINKEDIN_HOST = /(^|\.)linkedin\.com$/;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
/**
 * The plain form almost every URL takes (`https://www.linkedin.com/in/john-smith/?trk=x`): its
 * path segments hold only characters URL parsing leaves as they are, and none is `.` or `..`.
 * Parsing it with `new URL` would give the same key several times slower.
 */
const PLAIN_LINKEDIN_URL =
  /^(?:https?:\/\/)?(?:[a-z0-9-]+\.)*linkedin\.com((?:\/[a-z0-9_~%-][a-z0-9_~%.-]*)*)\/*(?:[?#].*)?$/i;

/**
 * The dedupe key of a LinkedIn URL, e.g. `linkedin.com/in/johnsmith`: no scheme, no subdomain,
 * no query string or fragment, no trailing slash, lower-cased. Null when it is not a LinkedIn URL.
 */
export function normalizeLinkedinUrl(raw: string): string | null {
  const trimmed = raw.trim();
  const plain = PLAIN_LINKEDIN_URL.exec(trimmed);
  if (plain) return plain[1] ? `linkedin.com${plain[1].toLowerCase()}` : null;
  return parseLinkedinUrl(trimmed);
}

/** The general case: whatever `new URL` accepts. */
export function parseLinkedinUrl(trimmed: string): string | null {
  let url: URL;
  try {
    url = new URL(HAS_SCHEME.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!LINKEDIN_HOST.test(url.hostname)) return null;
  const path = url.pathname.replace(/\/+$/, '').toLowerCase();
  return path ? `linkedin.com${path}` : null;
}

/** The URL stored and shown for a normalised LinkedIn key. */
export function linkedinUrlFor(normalized: string): string {
  return `https://${normalized}`;
}

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
  const email = input.email ? normalizeEmail(input.email) : null;
  const linkedinKey = input.linkedin_url ? normalizeLinkedinUrl(input.linkedin_url) : null;
  const names = resolveNames(input.full_name, input.first_name, input.last_name, email);
  const missingKey = options.requireEmailOrLinkedin && !email && !input.linkedin_url;
  if (!names || missingKey || (input.linkedin_url && !linkedinKey)) {
    return {
      problems: contactProblems(names, missingKey, input.linkedin_url && !linkedinKey, options),
    };
  }
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
      linkedinUrl: linkedinKey ? linkedinUrlFor(linkedinKey) : null,
      linkedinUrlNormalized: linkedinKey,
    },
  };
}

function contactProblems(
  names: Names | null,
  missingKey: boolean,
  badLinkedin: boolean | '' | null | undefined,
  options: NormalizeOptions,
): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  if (badLinkedin) problems.linkedin_url = ['must be a LinkedIn URL'];
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
    const key = patch.linkedin_url ? normalizeLinkedinUrl(patch.linkedin_url) : null;
    changes.linkedinUrlNormalized = key;
    changes.linkedinUrl = key ? linkedinUrlFor(key) : null;
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
