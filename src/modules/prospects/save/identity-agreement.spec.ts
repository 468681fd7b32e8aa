import fc from 'fast-check';
import { anyLinkedinInput } from '../../../../test/helpers/linkedin-forms';
import { linkedinKey } from '../../../common/identity';
import { PROSPECT_FIELD_NAMES } from '../../contacts/contact-fields';
import { contactFromItem, NormalizeResult } from '../../contacts/contact-normalization';
import { checkRecord } from '../import/prospect-record';
import { propertyRuns } from '../../../../test/helpers/property-runs';

/** What `POST /v1/prospects/save` makes of one item: its stored contact, or its problems. */
function saved(item: Record<string, unknown>): NormalizeResult {
  return contactFromItem(item, PROSPECT_FIELD_NAMES, {
    requireEmailOrLinkedin: true,
    nameField: 'name',
  });
}

describe('import and save agree on LinkedIn identity', () => {
  it('whatever URL the importer stores, save keeps it and computes the same key (fast-check)', () => {
    fc.assert(
      fc.property(anyLinkedinInput, (raw) => {
        // With an email the row is always imported; the URL is kept only when it can be read.
        const imported = checkRecord({
          name: 'Ann Lee',
          email: 'ann@x.example',
          linkedin_url: raw,
        });
        const stored = imported.fields?.linkedin_url ?? null;
        if (stored === null) return;
        // A search result carries the stored URL; save it as it is, without its email.
        const contact = saved({ name: 'Ann Lee', linkedin_url: stored }).contact;
        expect(contact?.linkedin_url).toBe(stored);
        expect(contact?.linkedin_url_normalized).toBe(linkedinKey(raw));
      }),
      { numRuns: propertyRuns(5_000) },
    );
  });

  it('save accepts exactly the URLs the importer reads, with the same key (fast-check)', () => {
    fc.assert(
      fc.property(anyLinkedinInput, (raw) => {
        const imported = checkRecord({ name: 'Ann Lee', linkedin_url: raw });
        const result = saved({ name: 'Ann Lee', linkedin_url: raw });
        if (raw.trim() === '') return; // blank means "none" to both
        if (imported.fields) {
          expect(result.contact?.linkedin_url).toBe(imported.fields.linkedin_url);
        } else {
          expect(result.problems).toHaveProperty('linkedin_url');
        }
      }),
      { numRuns: propertyRuns(5_000) },
    );
  });
});
