/**
 * LinkedIn identity: one key per person, whatever form the profile URL has in a file or a request.
 *
 * Accepted: a profile URL on linkedin.com or any of its subdomains (`www.`, `de.`, `uk.`, `m.`),
 * with or without `http(s)://`, with anything after the profile (`/details/experience`, a locale
 * such as `/de`, a query string, a fragment), its slug raw or percent-encoded, in any case. A
 * legacy public profile `/pub/<name>/<x>/<y>/<z>` is the profile LinkedIn redirects it to,
 * `/in/<name>-<z><y><x>` with `z` and `y` zero-padded to three characters, so the same person
 * given both ways is one person.
 *
 * Refused: every other LinkedIn page (companies, posts, searches, `/pub/dir/…`): as a person's
 * identity such a URL would make different people one. Also slugs of anything but letters,
 * digits, `-`, `_` and `.` once decoded: a `/`, `?`, space or `%` in a slug means a broken URL.
 */

const KEY_PREFIX = 'linkedin.com/in/';
const URL_PREFIX = `https://${KEY_PREFIX}`;

/**
 * Scheme (optional), subdomains, host, port, the profile kind (`in`, legacy `pub`; the mobile
 * site puts `mwlite/` before it), the slug, then the path segments after it.
 */
const PROFILE_URL =
  /^(?:(?:https?:)?\/\/)?(?:[a-z0-9-]+\.)*linkedin\.com(?::\d{1,5})?\/(?:mwlite\/)?(in|pub)\/([^/?#]+)((?:\/[^/?#]*)*)(?:[?#]|$)/i;
/** The three id segments of a legacy `/pub/` URL. */
const LEGACY_ID = /^\/([0-9a-f]{1,3})\/([0-9a-f]{1,3})\/([0-9a-f]{1,3})(?:\/|$)/i;
/** Almost every slug: plain ASCII with a letter or digit, nothing to decode or compose. */
const ASCII_SLUG = /^[a-z0-9_.-]*[a-z0-9][a-z0-9_.-]*$/i;
const SLUG = /^[\p{L}\p{M}\p{N}_.-]+$/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * The identity of a LinkedIn profile URL, `linkedin.com/in/<slug>` with the slug percent-decoded,
 * lower-cased (LinkedIn ignores case in slugs) and in Unicode NFC (`ü` typed or composed is one
 * letter); null when it is not a profile URL.
 */
export function linkedinKey(raw: string): string | null {
  const match = PROFILE_URL.exec(raw.trim());
  if (!match) return null;
  const [, kind, slug, rest] = match;
  const profile = kind.toLowerCase() === 'in' ? slug : legacyProfileSlug(slug, rest);
  const key = profile === null ? null : normalizedSlug(profile);
  return key === null ? null : KEY_PREFIX + key;
}

/** The URL stored and shown for a key: `https://` + the key, the slug percent-encoded (ASCII). */
export function linkedinUrlForKey(key: string): string {
  const slug = key.slice(KEY_PREFIX.length);
  return URL_PREFIX + (ASCII_SLUG.test(slug) ? slug : encodeURIComponent(slug));
}

/** A profile URL in its one stored form (see `linkedinUrlForKey`), or null as `linkedinKey`. */
export function canonicalLinkedinUrl(raw: string): string | null {
  const key = linkedinKey(raw);
  return key === null ? null : linkedinUrlForKey(key);
}

/** `/pub/anna/a7/576/b50` is `/in/anna-b50576a7`; `/pub/dir/…` is a people search. */
function legacyProfileSlug(name: string, rest: string): string | null {
  const id = LEGACY_ID.exec(rest);
  if (!id || name.toLowerCase() === 'dir') return null;
  const [, x, y, z] = id;
  return `${name}-${z.padStart(3, '0')}${y.padStart(3, '0')}${x}`;
}

function normalizedSlug(raw: string): string | null {
  if (ASCII_SLUG.test(raw)) return raw.toLowerCase();
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null; // a stray `%` or bytes that are not UTF-8
  }
  // Lower-case first: an upper-case letter may decompose differently, NFC then recomposes.
  const slug = decoded.toLowerCase().normalize('NFC');
  return SLUG.test(slug) && LETTER_OR_DIGIT.test(slug) ? slug : null;
}
