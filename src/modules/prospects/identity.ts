import { isEmail } from 'class-validator';

/**
 * How a prospect is recognised: its normalised LinkedIn URL, or else its normalised email.
 * Both normalisations match the ones save applies, so a search result saves as the same person.
 */

/** Trimmed and lower-cased, or undefined when it is not an email address. */
export function normalizeEmail(raw: string): string | undefined {
  const email = raw.trim().toLowerCase();
  return isEmail(email) ? email : undefined;
}

const LINKEDIN_PROFILE =
  /^(?:https?:\/\/)?(?:[a-z]{2,3}\.)?linkedin\.com\/(in|pub)\/([a-z0-9][a-z0-9_%-]{1,99})\/?(?:[?#].*)?$/i;

/**
 * A LinkedIn profile URL in one canonical form, `https://linkedin.com/in/<slug>` in lower case
 * (LinkedIn ignores case in profile slugs; save stores the same form), or undefined when it is
 * not a profile URL.
 */
export function normalizeLinkedinUrl(raw: string): string | undefined {
  const match = LINKEDIN_PROFILE.exec(raw.trim());
  if (!match) return undefined;
  return `https://linkedin.com/${match[1].toLowerCase()}/${match[2].toLowerCase()}`;
}

const HOST_NAME = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** `https://www.Acme.com/about` → `acme.com`; undefined when no host name is left. */
export function normalizeDomain(raw: string): string | undefined {
  const host = raw
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '');
  return HOST_NAME.test(host) ? host : undefined;
}
