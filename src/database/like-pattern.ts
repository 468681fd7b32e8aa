/** An ILIKE pattern matching `text` anywhere; `%`, `_` and `\` in it are literal, not wildcards. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}
