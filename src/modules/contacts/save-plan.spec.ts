import fc from 'fast-check';
import { CONTACT_FIELD_NAMES, ContactValues } from './contact-fields';
import { contactFromItem } from './contact-normalization';
import { planSave, saveOutcome, StoredContact } from './save-plan';

const contact = (input: Record<string, string>) =>
  contactFromItem(input, CONTACT_FIELD_NAMES, { requireEmailOrLinkedin: false, nameField: 'name' })
    .contact!;

describe('planSave', () => {
  let contacts: ContactValues[];
  beforeEach(() => {
    contacts = [
      contact({ email: 'b@x.com' }),
      contact({ email: 'a@x.com', linkedin_url: 'linkedin.com/in/a' }),
      contact({ email: 'B@X.com' }),
      contact({ full_name: 'A by LinkedIn', linkedin_url: 'https://www.linkedin.com/in/a/' }),
      contact({ full_name: 'C', linkedin_url: 'linkedin.com/in/c' }),
      contact({ full_name: 'C again', linkedin_url: 'linkedin.com/in/c?x=1' }),
      contact({ full_name: 'No key' }),
    ];
  });

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

describe('planSave lock order', () => {
  let keyed: ContactValues[];
  beforeEach(() => {
    keyed = [
      contact({ email: 'b@x.com' }),
      contact({ email: 'a@x.com', linkedin_url: 'linkedin.com/in/z' }),
      contact({ email: 'a-b@x.com' }),
      contact({ email: 'ab@x.com' }),
      contact({ full_name: 'Z', linkedin_url: 'linkedin.com/in/a' }),
      contact({ full_name: 'Y', linkedin_url: 'linkedin.com/in/b' }),
      contact({ email: 'c@x.com', linkedin_url: 'linkedin.com/in/c' }),
      contact({ email: 'c@y.com' }),
      contact({ email: '1@x.com' }),
    ];
  });
  /** The keys a save takes its unique-index locks on, in the order it takes them. */
  const lockOrder = (contacts: ContactValues[]) =>
    planSave(contacts).distinct.map((p) => [
      p.contact.email_normalized,
      p.contact.linkedin_url_normalized,
    ]);

  it('locks keys in one order whatever the order of the request (fast-check)', () => {
    const expected = lockOrder(keyed);
    fc.assert(
      fc.property(fc.shuffledSubarray(keyed, { minLength: keyed.length }), (shuffled) => {
        expect(lockOrder(shuffled)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('orders by email, then LinkedIn key, in code-unit order (no email first)', () => {
    expect(lockOrder(keyed)).toEqual([
      [null, 'linkedin.com/in/a'],
      [null, 'linkedin.com/in/b'],
      ['1@x.com', null],
      ['a-b@x.com', null],
      ['a@x.com', 'linkedin.com/in/z'],
      ['ab@x.com', null],
      ['b@x.com', null],
      ['c@x.com', 'linkedin.com/in/c'],
      ['c@y.com', null],
    ]);
  });

  it('sends an item without email to the first item that had its LinkedIn URL', () => {
    const plan = planSave([
      contact({ email: 'a@x.com', linkedin_url: 'linkedin.com/in/x' }),
      contact({ email: 'b@x.com', linkedin_url: 'linkedin.com/in/x' }),
      contact({ full_name: 'X', linkedin_url: 'https://www.linkedin.com/in/X/' }),
    ]);
    expect(plan.firstIndexOf).toEqual([0, 1, 0]);
    expect(plan.distinct.map((p) => p.index)).toEqual([0, 1]);
  });

  it('keeps every item without email or LinkedIn URL, each with its own id', () => {
    const plan = planSave([contact({ full_name: 'A' }), contact({ full_name: 'A' })]);
    expect(plan.firstIndexOf).toEqual([0, 1]);
    expect(plan.distinct.map((p) => p.contact.full_name)).toEqual(['A', 'A']);
    expect(plan.distinct[0].id).not.toBe(plan.distinct[1].id);
    expect(plan.distinct[0].id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('saveOutcome', () => {
  it('shows a created contact with every stored field, and the stored id of a duplicate', () => {
    const contacts = [
      contact({
        full_name: 'Ann Lee',
        email: 'Ann@X.com',
        phone: '+1 555',
        job_title: 'CEO',
        company_name: 'Acme',
        linkedin_url: 'www.linkedin.com/in/ann/',
      }),
      contact({ email: 'ann@x.com' }),
    ];
    const createdAt = new Date('2026-01-01T00:00:00Z');
    const updatedAt = new Date('2026-01-02T00:00:00Z');
    const stored = new Map<number, StoredContact>([
      [0, { id: 'id-ann', created: true, createdAt, updatedAt }],
    ]);
    const outcome = saveOutcome(contacts, planSave(contacts), stored, 'api');
    expect(outcome).toEqual({
      created: [
        {
          id: 'id-ann',
          full_name: 'Ann Lee',
          first_name: 'Ann',
          last_name: 'Lee',
          email: 'ann@x.com',
          email_normalized: 'ann@x.com',
          phone: '+1 555',
          job_title: 'CEO',
          company_name: 'Acme',
          linkedin_url: 'https://linkedin.com/in/ann',
          linkedin_url_normalized: 'linkedin.com/in/ann',
          source: 'api',
          created_at: createdAt,
          updated_at: updatedAt,
        },
      ],
      duplicates: [
        { index: 1, email: 'ann@x.com', linkedinUrl: null, existingContactId: 'id-ann' },
      ],
      contactIds: ['id-ann'],
    });
  });
});
