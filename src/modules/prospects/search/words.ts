/**
 * Whole-word matching. Stored texts are split into words by the SQL function `prospect_words`
 * (migration 1764160000000); search values are split the same way here, so `"CEO"` finds the
 * word `ceo` in "Co-CEO" and in "CEO & Founder", but nothing in "CEOx".
 */

const NON_WORD = /[^\p{L}\p{N}]+/u;

/**
 * JavaScript lower-cases "İ" (U+0130) to "i" and a combining dot, which is no word character, so
 * "İstanbul" would split into "i" and "stanbul"; PostgreSQL's lower() gives "istanbul".
 */
const CAPITAL_DOTTED_I = /\u0130/g;

/** Lower-cased words: `"Co-CEO & Founder"` → `["co", "ceo", "founder"]`. */
export function words(text: string): string[] {
  return text
    .replace(CAPITAL_DOTTED_I, 'i')
    .toLowerCase()
    .split(NON_WORD)
    .filter((word) => word !== '');
}

/**
 * A PostgreSQL regular expression (for `~` on lower-cased text) matching the words as one phrase: in order,
 * separated only by non-word characters, not inside longer words. One word is a whole-word
 * match; "General Counsel" finds "Deputy General Counsel" but not "Counsel, General Affairs".
 * Words hold letters and digits only, so nothing needs escaping.
 */
export function phrasePattern(phrase: readonly string[]): string {
  return `(^|[^[:alnum:]])${phrase.join('[^[:alnum:]]+')}([^[:alnum:]]|$)`;
}
