import { phrasePattern, words } from './words';

describe('words', () => {
  it.each([
    ['CEO', ['ceo']],
    ['Co-CEO', ['co', 'ceo']],
    ['CEO & Founder', ['ceo', 'founder']],
    ['  VP, Sales  ', ['vp', 'sales']],
    ['Zürich', ['zürich']],
    ['São Paulo', ['são', 'paulo']],
    ['İstanbul', ['istanbul']],
    ['C.E.O.', ['c', 'e', 'o']],
    ['--', []],
  ])('splits %j into %j', (text, expected) => {
    expect(words(text)).toEqual(expected);
  });
});

describe('phrasePattern', () => {
  const matches = (phrase: string, text: string) =>
    // PostgreSQL's [:alnum:] in a UTF-8 database behaves as \p{L}\p{N} for these texts.
    new RegExp(
      phrasePattern(words(phrase)).replace(/\[\^\[:alnum:\]\]/g, '[^\\p{L}\\p{N}]'),
      'iu',
    ).test(text);

  it('matches whole words and phrases only', () => {
    expect(matches('General Counsel', 'Deputy General Counsel')).toBe(true);
    expect(matches('General Counsel', 'General  -  Counsel')).toBe(true);
    expect(matches('General Counsel', 'Counsel, General Affairs')).toBe(false);
    expect(matches('CEO', 'CEOx')).toBe(false);
    expect(matches('CEO', 'Co-CEO')).toBe(true);
  });
});
