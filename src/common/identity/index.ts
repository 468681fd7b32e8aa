/**
 * How a person and a company are recognised, the same everywhere: prospects (import, search),
 * contacts (save, bulk, create, update) and the migration that recomputes stored keys.
 */
export { normalizeDomain } from './domain';
export { isValidEmail, normalizeEmail } from './email';
export { canonicalLinkedinUrl, linkedinKey, linkedinUrlForKey } from './linkedin';
