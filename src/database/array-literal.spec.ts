// pg's own encoder of JS arrays, which the literal must match value for value.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => unknown };
import { textArrayLiteral } from './array-literal';

describe('textArrayLiteral', () => {
  it('writes what pg writes for an array that needs escapes, NULLs included', () => {
    const values = [
      'plain',
      '',
      'NULL',
      'with "quotes"',
      'back\\slash',
      '\\"both\\"',
      'comma, {braces} and spaces ',
      'İstanbul — ünïcödé 日本',
      null,
      undefined,
    ];
    expect(textArrayLiteral(values)).toBe(prepareValue(values));
  });

  it('writes control characters and lone surrogates as they are, as pg does', () => {
    for (const value of ['line\nbreak\ttab', 'bell\u0007', 'lone \ud800 surrogate']) {
      expect(textArrayLiteral([value, null])).toBe(prepareValue([value, null]));
    }
  });

  it('writes an array that needs no escape as pg does, but for NULL written in lower case', () => {
    const values = [
      'plain',
      '',
      'NULL',
      'comma, {braces} and spaces ',
      'ünïcödé 日本',
      null,
      undefined,
    ];
    const literal = '{"plain","","NULL","comma, {braces} and spaces ","ünïcödé 日本",null,null}';
    expect(textArrayLiteral(values)).toBe(literal);
    // PostgreSQL reads an unquoted NULL in any case (the repository tests store both kinds).
    expect(prepareValue(values)).toBe(literal.replace(/,null/g, ',NULL'));
  });

  it('writes an empty array', () => {
    expect(textArrayLiteral([])).toBe('{}');
    expect(textArrayLiteral([])).toBe(prepareValue([]));
  });
});
