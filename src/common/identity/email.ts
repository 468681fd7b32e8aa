import { isEmail } from 'class-validator';

/**
 * Almost every email: a dotted local part of plain characters and a plain domain. class-validator's
 * `isEmail` accepts all of these (a unit test checks it) but costs ~5 µs each; anything else is
 * left to it.
 */
const PLAIN_EMAIL =
  /^[a-z0-9_+-]{1,64}(?:\.[a-z0-9_+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Exactly class-validator's `isEmail`, fast for the common case. */
export function isValidEmail(value: string): boolean {
  const plain = value.length <= 254 && value.indexOf('@') <= 64 && PLAIN_EMAIL.test(value);
  return plain || isEmail(value);
}

/** The identity of an email address: trimmed and lower-cased; null when it is not one. */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return isValidEmail(email) ? email : null;
}
