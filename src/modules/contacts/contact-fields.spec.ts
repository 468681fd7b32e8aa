import { isEmail } from 'class-validator';
import {
  CONTACT_FIELD_RULES,
  isValidEmail,
  PROSPECT_FIELD_NAMES,
  readContactItem,
  readText,
} from './contact-fields';
import { normalizeLinkedinUrl, parseLinkedinUrl } from './contact-normalization';

/** A small deterministic PRNG, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function pick(next: () => number, alphabet: string, min: number, max: number): string {
  const length = min + Math.floor(next() * (max - min + 1));
  return Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
}

describe('contact fields', () => {
  it('reads text: absent stays absent, null and blank mean none, values are trimmed', () => {
    const rule = CONTACT_FIELD_RULES.job_title;
    expect(readText(undefined, rule)).toEqual({ value: undefined });
    expect(readText(null, rule)).toEqual({ value: null });
    expect(readText('   ', rule)).toEqual({ value: null });
    expect(readText('  CEO ', rule)).toEqual({ value: 'CEO' });
    expect(readText(42, rule)).toEqual({ problem: 'must be a string' });
    expect(readText('x'.repeat(301), rule).problem).toMatch(/shorter than or equal to 300/);
    expect(readText('a\u0000b', rule).problem).toMatch(/NUL/);
  });

  it('reads a search result as a prospect, ignoring unknown fields', () => {
    const read = readContactItem(
      { id: 'x', name: ' Ann Lee ', title: 'CEO', email: 'ANN@x.example', seniority: 'c_suite' },
      PROSPECT_FIELD_NAMES,
    );
    expect(read).toEqual({
      input: { full_name: 'Ann Lee', job_title: 'CEO', email: 'ANN@x.example' },
      problems: {},
    });
    expect(readContactItem({ title: 'CEO', job_title: 'CTO' }, PROSPECT_FIELD_NAMES).input).toEqual(
      {
        job_title: 'CTO',
      },
    );
    expect(readContactItem('nope', PROSPECT_FIELD_NAMES).problems).toEqual({
      '': ['must be an object'],
    });
    expect(
      readContactItem({ email: 'not-an-email', name: 7 }, PROSPECT_FIELD_NAMES).problems,
    ).toEqual({
      email: ['must be an email'],
      name: ['must be a string'],
    });
  });

  it("accepts exactly what class-validator's isEmail accepts", () => {
    const next = random(42);
    const local = 'abcxyzABC019_+-.';
    const domain = 'abcxyz019-.';
    for (let i = 0; i < 5000; i++) {
      const email = `${pick(next, local, 0, 12)}@${pick(next, domain, 0, 12)}.${pick(next, 'abcz9', 0, 4)}`;
      expect([email, isValidEmail(email)]).toEqual([email, isEmail(email)]);
    }
    for (const email of ['a@b.co', 'john.smith+crm@mail.example.com', '"q"@x.com', 'ü@x.com']) {
      expect(isValidEmail(email)).toBe(isEmail(email));
    }
  });

  it('normalises LinkedIn URLs the same on the fast path as with URL parsing', () => {
    const next = random(7);
    const segment = 'abcAZ09-_~%.';
    const hosts = ['linkedin.com', 'www.linkedin.com', 'uk.linkedin.com', 'WWW.LinkedIn.COM'];
    for (let i = 0; i < 5000; i++) {
      const scheme = ['', 'http://', 'https://', 'HTTPS://'][Math.floor(next() * 4)];
      const host = hosts[Math.floor(next() * hosts.length)];
      const path = Array.from(
        { length: Math.floor(next() * 4) },
        () => `/${pick(next, segment, 0, 8)}`,
      ).join('');
      const tail = ['', '/', '//', '?trk=a/b', '#x', '/?q=1'][Math.floor(next() * 6)];
      const url = `${scheme}${host}${path}${tail}`;
      expect([url, normalizeLinkedinUrl(url)]).toEqual([url, parseLinkedinUrl(url)]);
    }
  });
});
