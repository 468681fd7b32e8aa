import { isEmail } from 'class-validator';
import fc from 'fast-check';
import { isValidEmail, normalizeEmail } from './email';

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
      { numRuns: 5_000 },
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
