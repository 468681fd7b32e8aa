import fc from 'fast-check';
import { anyLinkedinInput } from '../../../test/helpers/linkedin-forms';
import { canonicalLinkedinUrl, linkedinKey, linkedinUrlForKey } from './linkedin';
import { propertyRuns } from '../../../test/helpers/property-runs';

describe('LinkedIn identity', () => {
  it.each([
    // The same profile, every way people write it down.
    ['https://linkedin.com/in/johnsmith', 'linkedin.com/in/johnsmith'],
    ['http://www.LinkedIn.com/in/JohnSmith/', 'linkedin.com/in/johnsmith'],
    ['www.linkedin.com/in/johnsmith?utm_source=x#top', 'linkedin.com/in/johnsmith'],
    ['linkedin.com/in/johnsmith//', 'linkedin.com/in/johnsmith'],
    [' https://uk.linkedin.com/in/johnsmith ', 'linkedin.com/in/johnsmith'],
    ['//m.linkedin.com/in/johnsmith', 'linkedin.com/in/johnsmith'],
    ['HTTPS://WWW.LINKEDIN.COM/IN/JOHNSMITH', 'linkedin.com/in/johnsmith'],
    ['https://www.linkedin.com:443/in/johnsmith', 'linkedin.com/in/johnsmith'],
    ['https://www.linkedin.com/mwlite/in/johnsmith', 'linkedin.com/in/johnsmith'],
    ['https://www.linkedin.com/in/johnsmith/de', 'linkedin.com/in/johnsmith'],
    ['https://www.linkedin.com/in/johnsmith/details/experience/', 'linkedin.com/in/johnsmith'],
    ['https://www.linkedin.com/in/johnsmith?originalSubdomain=de', 'linkedin.com/in/johnsmith'],
    // Dots, underscores, digits.
    ['https://www.linkedin.com/in/john.smith-4a5b6c7d/', 'linkedin.com/in/john.smith-4a5b6c7d'],
    ['linkedin.com/in/jane_doe_88', 'linkedin.com/in/jane_doe_88'],
    // Unicode, raw, percent-encoded (either case of hex), composed or not: one key.
    ['https://de.linkedin.com/in/anna-müller-3b2a1c', 'linkedin.com/in/anna-müller-3b2a1c'],
    ['https://de.linkedin.com/in/anna-m%C3%BCller-3b2a1c', 'linkedin.com/in/anna-müller-3b2a1c'],
    ['https://de.linkedin.com/in/anna-m%c3%bcller-3b2a1c', 'linkedin.com/in/anna-müller-3b2a1c'],
    ['https://de.linkedin.com/in/Anna-M%C3%9Cller-3b2a1c', 'linkedin.com/in/anna-müller-3b2a1c'],
    ['https://de.linkedin.com/in/anna-mu\u0308ller-3b2a1c', 'linkedin.com/in/anna-müller-3b2a1c'],
    ['https://de.linkedin.com/in/anna-mu%CC%88ller-3b2a1c', 'linkedin.com/in/anna-müller-3b2a1c'],
    ['https://www.linkedin.com/in/%E7%8E%8B%E4%BC%9F', 'linkedin.com/in/王伟'],
    ['https://www.linkedin.com/in/ΝΙΚΟΣ', 'linkedin.com/in/νικος'],
    // Legacy public profiles: the /in/ URL LinkedIn redirects them to.
    [
      'https://sy.linkedin.com/pub/krzysztof-marzec/a7/576/b50?trk=x',
      'linkedin.com/in/krzysztof-marzec-b50576a7',
    ],
    [
      'http://uk.linkedin.com/pub/old-profile-jones/12/345/678',
      'linkedin.com/in/old-profile-jones-67834512',
    ],
    ['https://uk.linkedin.com/pub/abdi-ahmed/100/384/6b0/', 'linkedin.com/in/abdi-ahmed-6b0384100'],
    ['linkedin.com/pub/jo-lee/1/2/3', 'linkedin.com/in/jo-lee-0030021'],
  ])('%s is %s', (raw, key) => {
    expect(linkedinKey(raw)).toBe(key);
  });

  it.each([
    'https://example.com/in/johnsmith',
    'https://linkedin.com.evil.com/in/x',
    'https://evil.com/linkedin.com/in/x',
    'https://linkedin.com@evil.com/in/x',
    'https://notlinkedin.com/in/x',
    'https://linkedin.com/',
    'https://linkedin.com/in/',
    'ftp://linkedin.com/in/x',
    'not a url at all',
    'johnsmith',
    // Pages that are not one person.
    'https://www.linkedin.com/company/acme/',
    'https://www.linkedin.com/feed/',
    'https://www.linkedin.com/profile/view?id=12345',
    'https://www.linkedin.com/pub/dir/john/smith',
    'https://www.linkedin.com/pub/john-smith',
    'https://www.linkedin.com/pub/john-smith/x/y/z',
    // Slugs no profile has.
    'https://linkedin.com/in/..',
    'https://linkedin.com/in/---',
    'https://linkedin.com/in/john%20smith',
    'https://linkedin.com/in/john%2Fsmith',
    'https://linkedin.com/in/100%',
    'https://linkedin.com/in/%C3',
    'https://linkedin.com/in/john%00',
    'https://linkedin.com/in/john smith',
    'https://linkedin.com/in/jo\u200bhn',
  ])('%s is not a profile', (raw) => {
    expect(linkedinKey(raw)).toBeNull();
  });

  it('stores a plain ASCII URL: `https://` + the key, the slug percent-encoded', () => {
    expect(canonicalLinkedinUrl('www.linkedin.com/in/John.Smith/')).toBe(
      'https://linkedin.com/in/john.smith',
    );
    expect(canonicalLinkedinUrl('https://de.linkedin.com/in/Anna-Müller')).toBe(
      'https://linkedin.com/in/anna-m%C3%BCller',
    );
    expect(canonicalLinkedinUrl('https://linkedin.com/company/acme')).toBeNull();
    expect(linkedinUrlForKey('linkedin.com/in/王伟')).toBe(
      'https://linkedin.com/in/%E7%8E%8B%E4%BC%9F',
    );
  });

  it.each([
    // A fragment alone ends the profile as a query does.
    ['linkedin.com/in/johnsmith#about', 'linkedin.com/in/johnsmith'],
    ['linkedin.com:8/in/johnsmith', 'linkedin.com/in/johnsmith'],
    // Legacy ids in upper-case hex, and a `/pub/` name that only starts like `dir`.
    ['linkedin.com/pub/anna/A7/576/B50', 'linkedin.com/in/anna-b50576a7'],
    ['linkedin.com/pub/dirk-jansen/1/2/3', 'linkedin.com/in/dirk-jansen-0030021'],
    // Non-ASCII slugs keep their dots, underscores, hyphens and combining marks.
    ['linkedin.com/in/josé.garcía_1-a', 'linkedin.com/in/josé.garcía_1-a'],
    ['linkedin.com/in/b\u0308y', 'linkedin.com/in/b\u0308y'],
    ['linkedin.com/in/%C3%A9', 'linkedin.com/in/é'],
  ])('%s is %s', (raw, key) => {
    expect(linkedinKey(raw)).toBe(key);
  });

  it.each([
    'linkedin.com:123456/in/johnsmith',
    'linkedin.com:/in/johnsmith',
    'linkedin.com/in/johnsmith&x',
    'linkedin.com/inx/johnsmith',
    'linkedin.com/mwlite/mwlite/in/johnsmith',
    'https:linkedin.com/in/johnsmith',
    'xlinkedin.com/in/johnsmith',
    'linkedin.com/pub/name/x/12/345/678',
    'linkedin.com/pub/name/1234/5/6',
    'linkedin.com/pub/name/12/345/6789',
    'linkedin.com/pub/name/12/345',
    'linkedin.com/pub/DIR/a1/b2/c3',
    'linkedin.com/pub/dir/a1/b2/c3',
    // Nothing but marks or punctuation once decoded.
    'linkedin.com/in/%CC%88',
    'linkedin.com/in/.\u0308',
  ])('%s is not a profile', (raw) => {
    expect(linkedinKey(raw)).toBeNull();
  });

  it('stores an ASCII slug as it is and percent-encodes any other', () => {
    expect(linkedinUrlForKey('linkedin.com/in/a.b_c-1')).toBe('https://linkedin.com/in/a.b_c-1');
    expect(linkedinUrlForKey('linkedin.com/in/josé.garcía_1')).toBe(
      'https://linkedin.com/in/jos%C3%A9.garc%C3%ADa_1',
    );
    expect(canonicalLinkedinUrl('LinkedIn.com/in/A.B')).toBe('https://linkedin.com/in/a.b');
  });

  describe('properties', () => {
    it('a key is its own key, and the stored URL has the same key (fast-check)', () => {
      fc.assert(
        fc.property(anyLinkedinInput, (raw) => {
          const key = linkedinKey(raw);
          if (key === null) return;
          expect(linkedinKey(key)).toBe(key);
          const url = linkedinUrlForKey(key);
          expect(url).toMatch(/^https:\/\/linkedin\.com\/in\/[\x21-\x7e]+$/);
          expect(linkedinKey(url)).toBe(key);
          expect(canonicalLinkedinUrl(url)).toBe(url);
        }),
        { numRuns: propertyRuns(5_000) },
      );
    });

    it('case, encoding and Unicode composition do not change the key (fast-check)', () => {
      // Letters whose upper case does not lower-case back (ß → SS, ı → I, σ → Σ → ς) left out.
      const letter = fc.constantFrom(...'abcXYZ019-_.éÉüÜŁø王\u0301\u0308\u200b');
      fc.assert(
        fc.property(fc.stringOf(letter, { minLength: 1, maxLength: 12 }), (name) => {
          const key = linkedinKey(`linkedin.com/in/${name}`);
          const forms = [
            `https://www.linkedin.com/in/${encodeURIComponent(name)}/`,
            `de.linkedin.com/in/${name.normalize('NFD')}?trk=x`,
            `LINKEDIN.COM/in/${name.toUpperCase()}`,
          ];
          for (const form of forms) expect([form, linkedinKey(form)]).toEqual([form, key]);
        }),
        { numRuns: propertyRuns(2_000) },
      );
    });
  });
});
