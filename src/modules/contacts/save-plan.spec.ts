import { normalizeContact } from './contact-normalization';
import { planSave, saveOutcome, StoredContact } from './save-plan';

const contact = (input: Record<string, string>) =>
  normalizeContact(input, { requireEmailOrLinkedin: false, nameField: 'name' }).contact!;

describe('planSave', () => {
  const contacts = [
    contact({ email: 'b@x.com' }),
    contact({ email: 'a@x.com', linkedin_url: 'linkedin.com/in/a' }),
    contact({ email: 'B@X.com' }),
    contact({ full_name: 'A by LinkedIn', linkedin_url: 'https://www.linkedin.com/in/a/' }),
    contact({ full_name: 'C', linkedin_url: 'linkedin.com/in/c' }),
    contact({ full_name: 'C again', linkedin_url: 'linkedin.com/in/c?x=1' }),
    contact({ full_name: 'No key' }),
  ];

  it('collapses in-request duplicates to their first occurrence', () => {
    expect(planSave(contacts).firstIndexOf).toEqual([0, 1, 0, 1, 4, 4, 6]);
  });

  it('orders the distinct contacts by dedupe key, so concurrent saves lock alike', () => {
    const plan = planSave(contacts);
    expect(plan.distinct.map((p) => p.index)).toEqual([6, 4, 1, 0]);
    expect(new Set(plan.distinct.map((p) => p.id)).size).toBe(4);
  });

  it('reports created contacts in request order and every other item as a duplicate', () => {
    const plan = planSave(contacts);
    const now = new Date();
    const stored = new Map<number, StoredContact>([
      [0, { id: 'id-b', created: false }],
      [1, { id: 'id-a', created: true, createdAt: now, updatedAt: now }],
      [4, { id: 'id-c', created: true, createdAt: now, updatedAt: now }],
      [6, { id: 'id-n', created: true, createdAt: now, updatedAt: now }],
    ]);
    const outcome = saveOutcome(contacts, plan, stored, 'prospect_save');
    expect(outcome.created.map((c) => c.id)).toEqual(['id-a', 'id-c', 'id-n']);
    expect(outcome.duplicates).toEqual([
      { index: 0, email: 'b@x.com', linkedinUrl: null, existingContactId: 'id-b' },
      { index: 2, email: 'b@x.com', linkedinUrl: null, existingContactId: 'id-b' },
      {
        index: 3,
        email: null,
        linkedinUrl: 'https://linkedin.com/in/a',
        existingContactId: 'id-a',
      },
      {
        index: 5,
        email: null,
        linkedinUrl: 'https://linkedin.com/in/c',
        existingContactId: 'id-c',
      },
    ]);
    expect(outcome.contactIds).toEqual(['id-a', 'id-b', 'id-c', 'id-n']);
  });
});
