import { isEmail } from 'class-validator';
import fc from 'fast-check';
import { isValidEmail, normalizeEmail } from './email';
import { propertyRuns } from '../../../test/helpers/property-runs';

describe('email identity', () => {
  it('trims and lower-cases emails, refusing non-emails', () => {
    expect(normalizeEmail('  John.Smith@Example.COM ')).toBe('john.smith@example.com');
    for (const bad of ['bob@', 'bob', '@x.com', 'a b@x.com', 'bob@x', '']) {
      expect(normalizeEmail(bad)).toBeNull();
    }
  });

  it("accepts exactly what class-validator's isEmail accepts (fast-check)", () => {
    const part = (characters: string) =>
      fc.stringOf(fc.constantFrom(...characters), { maxLength: 12 });
    const email = fc
      .tuple(part('abcxyzABC019_+-.'), part('abcxyz019-.'), part('abcz9'))
      .map(([local, domain, top]) => `${local}@${domain}.${top}`);
    fc.assert(
      fc.property(email, (value) => expect(isValidEmail(value)).toBe(isEmail(value))),
      { numRuns: propertyRuns(5_000) },
    );
    for (const value of ['a@b.co', 'john.smith+crm@mail.example.com', '"q"@x.com', 'ü@x.com']) {
      expect(isValidEmail(value)).toBe(isEmail(value));
    }
  });

  it('a normalised email is its own normalisation (fast-check)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string()), (raw) => {
        const email = normalizeEmail(raw);
        if (email !== null) expect(normalizeEmail(email)).toBe(email);
      }),
    );
  });
});

describe('email identity at the edges', () => {
  it('refuses a local part over 64 characters, even a dotted one', () => {
    const dotted = `${'a'.repeat(30)}.${'b'.repeat(34)}`;
    expect(dotted).toHaveLength(65);
    expect(isValidEmail(`${dotted}@x.com`)).toBe(false);
    expect(isValidEmail(`${dotted.slice(1)}@x.com`)).toBe(true);
  });

  it('refuses an address over 254 characters', () => {
    const domain = (length: number) => `${'b'.repeat(length - 4).replace(/(.{62})./g, '$1.')}.com`;
    expect(isValidEmail(`a@${domain(252)}`)).toBe(true);
    expect(isValidEmail(`a@${domain(253)}`)).toBe(false);
  });

  it('refuses plain-looking addresses that are not emails', () => {
    for (const bad of [
      'a..b@x.com',
      '.a@x.com',
      'a.@x.com',
      'a@-x.com',
      'a@x-.com',
      'a@x.c',
      'a@x.c0m',
      // Characters a domain label may not hold, inside one (the fast path must not let them in).
      'a@x!y.com',
      'a@x_y.com',
      'a@x%y.com',
    ]) {
      expect([bad, isValidEmail(bad)]).toEqual([bad, isEmail(bad)]);
      expect(normalizeEmail(bad)).toBeNull();
    }
  });
});
