import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether an Authorization header is `Bearer <token>`. Both sides are hashed first, so the
 * comparison is constant-time whatever their lengths (timingSafeEqual wants equal lengths).
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  if (typeof header !== 'string') return false;
  return timingSafeEqual(digest(header), digest(`Bearer ${token}`));
}
