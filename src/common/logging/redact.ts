/**
 * What must never reach a log: API key secrets, bearer tokens (API keys, the metrics token),
 * webhook signing secrets and the password of any connection URL (`DATABASE_URL`, `REDIS_URL`).
 * Request lines carry no header or body at all; this is the safety net for free text (error
 * messages and stacks, SQL, a driver's complaint) that might quote one.
 */
const SECRETS: readonly [RegExp, string][] = [
  // Key secrets are `wbk_` + 43 characters; the 12-character display prefix stays readable.
  [/\bwbk_[0-9A-Za-z]{20,}/g, 'wbk_[redacted]'],
  [/\bwhsec_[0-9A-Za-z_-]{8,}/g, 'whsec_[redacted]'],
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, '$1 [redacted]'],
  // scheme://user:password@host: the user stays, the password goes.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, '$1[redacted]@'],
];

/** Cheap pre-check: most log text contains none of the markers, and skips the replacements. */
const MAYBE_SECRET = /wbk_|whsec_|bearer|basic|:\/\//i;

export function redactSecrets(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  let out = text;
  for (const [pattern, replacement] of SECRETS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Structured fields that are secrets whatever they hold (pino's `redact` paths). No wildcards:
 * they would make every line, request lines included, walk its fields.
 */
export const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'secret',
  'token',
  'password',
  'databaseUrl',
  'redisUrl',
];
