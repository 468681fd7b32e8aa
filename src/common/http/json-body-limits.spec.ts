import { JSON_BODY_LIMITS, jsonBodyProblem } from './json-body-limits';

const check = (text: string) => jsonBodyProblem(JSON.parse(text), text);
const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

describe('jsonBodyProblem', () => {
  it('accepts the bodies the API takes', () => {
    expect(check('{"query":{"person_titles":["CEO"]},"per_page":50}')).toBeUndefined();
    expect(check('{"name":"Pair \\ud83d\\ude00","note":"a \\\\ud800 b"}')).toBeUndefined();
    expect(check(nested(JSON_BODY_LIMITS.depth))).toBeUndefined();
  });

  it('refuses nesting past the limit, at any depth, without recursing', () => {
    expect(check(nested(JSON_BODY_LIMITS.depth + 1))).toMatch(/nested more than 32 levels/);
    expect(check(nested(100_000))).toMatch(/nested/);
  });

  it('refuses an object with too many fields', () => {
    const wide = (n: number) =>
      JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])));
    expect(check(wide(JSON_BODY_LIMITS.fieldsPerObject))).toBeUndefined();
    expect(check(wide(JSON_BODY_LIMITS.fieldsPerObject + 1))).toMatch(/more than 200 fields/);
  });

  it('refuses a body with too many values', () => {
    expect(check(JSON.stringify(new Array(JSON_BODY_LIMITS.values).fill(0)))).toMatch(
      /more than 250,000 values/,
    );
  });

  it('refuses unpaired surrogates, in values and in keys', () => {
    expect(check('{"name":"a\\ud800"}')).toMatch(/not valid Unicode/);
    expect(check('{"name":"\\udc00b"}')).toMatch(/not valid Unicode/);
    expect(check('{"a\\udbff":1}')).toMatch(/not valid Unicode/);
    expect(check('["\\ud800\\ud800"]')).toMatch(/not valid Unicode/);
  });
});
