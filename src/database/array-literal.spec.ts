// pg's own encoder of JS arrays, which the literal must match value for value.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => unknown };
import { textArrayLiteral } from './array-literal';

describe('textArrayLiteral', () => {
  it('writes what pg writes for the same array, escapes and NULLs included', () => {
    const values = [
      'plain',
      '',
      'NULL',
      'with "quotes"',
      'back\\slash',
      '\\"both\\"',
      'comma, {braces} and spaces ',
      'İstanbul — ünïcödé 日本',
      'line\nbreak\ttab',
      null,
      undefined,
    ];
    expect(textArrayLiteral(values)).toBe(prepareValue(values));
  });

  it('writes an empty array', () => {
    expect(textArrayLiteral([])).toBe('{}');
    expect(textArrayLiteral([])).toBe(prepareValue([]));
  });
});
