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

describe('jsonBodyProblem at the edges', () => {
  it('counts every value, containers included: the limit itself is accepted', () => {
    // The array is one value, its items the others.
    const items = (count: number) => JSON.stringify(new Array(count).fill(0));
    expect(check(items(JSON_BODY_LIMITS.values - 1))).toBeUndefined();
    expect(check(items(JSON_BODY_LIMITS.values))).toBe(
      'The request body holds more than 250,000 values.',
    );
  });

  it('says which limit a body passes, in words', () => {
    expect(check(nested(JSON_BODY_LIMITS.depth + 1))).toBe(
      'The request body is nested more than 32 levels deep.',
    );
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 201 }, (_, i) => [i, i])));
    expect(check(wide)).toBe('An object in the request body has more than 200 fields.');
    expect(check('["\\ud800"]')).toBe(
      'The request body contains a string that is not valid Unicode (an unpaired surrogate escape such as \\ud800).',
    );
  });

  it('walks objects as deeply as arrays, and nulls and numbers as leaves', () => {
    const objects = (depth: number) => `${'{"a":'.repeat(depth)}null${'}'.repeat(depth)}`;
    expect(check(objects(JSON_BODY_LIMITS.depth))).toBeUndefined();
    expect(check(objects(JSON_BODY_LIMITS.depth + 1))).toMatch(/nested more than 32/);
    expect(check('{"a":null,"b":[null,1,true,"x",{}]}')).toBeUndefined();
    expect(check('null')).toBeUndefined();
    expect(check('"plain"')).toBeUndefined();
  });

  it('finds an unpaired surrogate written with any escape, upper or lower case', () => {
    for (const second of 'dD') {
      for (const third of '89abcdefABCDEF') {
        const escape = `\\u${second}${third}00`;
        expect([escape, check(`{"ok":"fine","name":"x${escape}"}`)]).toEqual([
          escape,
          expect.stringMatching(/not valid Unicode/),
        ]);
      }
    }
  });

  it('accepts surrogate pairs, in values and in keys, next to an unpaired-looking text', () => {
    expect(check('{"\\uD83D\\uDE00":"\\uD83D\\uDE00","b":"\\\\udc00"}')).toBeUndefined();
    expect(check('["\\ud83d\\ude00\\ud83d\\ude00"]')).toBeUndefined();
    // A low surrogate first, then a pair: the first one is unpaired.
    expect(check('["\\ude00\\ud83d\\ude00"]')).toMatch(/not valid Unicode/);
    // A high surrogate at the very end.
    expect(check('["ab\\ud83d"]')).toMatch(/not valid Unicode/);
  });

  it('checks every key of an object, not only the first', () => {
    expect(check('{"fine":1,"bad\\ud800":2}')).toMatch(/not valid Unicode/);
    expect(check('{"bad\\ud800":1,"fine":2}')).toMatch(/not valid Unicode/);
  });
});
