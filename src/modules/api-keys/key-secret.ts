import { createHash, randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SECRET_CHARS = 43; // 43 base62 characters carry 256 bits
export const KEY_PREFIX = 'wbk_';
export const SECRET_PATTERN = /^wbk_[0-9A-Za-z]{40,100}$/;
const DISPLAY_PREFIX_LENGTH = 12;

/** A new secret: `wbk_` + 43 uniformly random base62 characters. */
export function generateSecret(): string {
  let out = '';
  while (out.length < SECRET_CHARS) {
    for (const byte of randomBytes(64)) {
      // 248 = 4 × 62: dropping larger bytes keeps every character equally likely.
      if (byte < 248 && out.length < SECRET_CHARS) out += BASE62[byte % 62];
    }
  }
  return KEY_PREFIX + out;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function displayPrefix(secret: string): string {
  return secret.slice(0, DISPLAY_PREFIX_LENGTH);
}
