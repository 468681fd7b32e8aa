import fc from 'fast-check';

/** Characters that make slugs interesting: separators, Unicode case and composition, junk. */
const SLUG_CHARACTERS = 'abcXYZ019-_.%/?# éÉüÜßẞıİΣσςŁø王\u0301\u0308\u200b';

const slug = fc.oneof(
  fc.stringOf(fc.constantFrom(...SLUG_CHARACTERS), { maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

/** Percent-encoded with upper- or lower-case hex; a lone surrogate cannot be, and stays raw. */
function encoded(text: string, upper: boolean): string {
  try {
    const escaped = encodeURIComponent(text);
    return upper ? escaped : escaped.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
  } catch {
    return text;
  }
}

/**
 * Strings shaped like the LinkedIn URLs people have in their files: every scheme, host, profile
 * kind, slug encoding and tail, with slugs both plausible and broken.
 */
export const linkedinUrlLike: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', 'http://', 'https://', 'HTTPS://', '//'),
    fc.constantFrom('linkedin.com', 'www.linkedin.com', 'de.linkedin.com', 'UK.LinkedIn.COM'),
    fc.constantFrom('in', 'IN', 'pub', 'mwlite/in', 'company'),
    slug,
    fc.constantFrom('raw', 'upper', 'lower'),
    fc.constantFrom('', '/', '/de', '/a7/576/b50', '/1/2/3/', '?trk=a/b', '#x', '/?q=%', '?\u0000'),
  )
  .map(([scheme, host, kind, name, encoding, tail]) => {
    const text = encoding === 'raw' ? name : encoded(name, encoding === 'upper');
    return `${scheme}${host}/${kind}/${text}${tail}`;
  });

/** LinkedIn-like strings and any strings at all. */
export const anyLinkedinInput: fc.Arbitrary<string> = fc.oneof(
  linkedinUrlLike,
  fc.string(),
  fc.string({ unit: 'binary' }),
);
