import { randomUUID } from 'node:crypto';
import { ContactValues, STORED_COLUMNS } from './contact-fields';
import { ContactRecord, ContactSource } from './contact-record';

/** One distinct contact of a save request, with the id it gets if it turns out to be new. */
export interface PlannedContact {
  index: number;
  id: string;
  contact: ContactValues;
}

export interface SavePlan {
  /** The first occurrence of each distinct contact, in dedupe-key order (see `dedupeKey`). */
  distinct: PlannedContact[];
  /** For each request item, the index of the item it duplicates (itself when it is the first). */
  firstIndexOf: number[];
}

/** Where a distinct contact ended up: inserted by this request, or found already there. */
export interface StoredContact {
  id: string;
  created: boolean;
  createdAt?: Date;
  updatedAt?: Date;
}

export interface DuplicateItem {
  index: number;
  email: string | null;
  linkedinUrl: string | null;
  existingContactId: string;
}

export interface SaveOutcome {
  /** Contacts this request created, in request order. */
  created: ContactRecord[];
  duplicates: DuplicateItem[];
  listId: string | null;
  /** Memberships this request created (contacts already in the list are not counted). */
  addedToList: number;
  /** Every contact the request resolved to, for the list membership step. */
  contactIds: string[];
}

/**
 * Every transaction inserts in this order, so two concurrent saves of overlapping contacts take
 * their unique-index locks in the same order and cannot deadlock. Code-unit order, not locale.
 */
function dedupeKey({ contact }: PlannedContact): string {
  return `${contact.email_normalized ?? ''}\n${contact.linkedin_url_normalized ?? ''}`;
}

function sortByDedupeKey(planned: PlannedContact[]): PlannedContact[] {
  const keyed = planned.map((p) => ({ key: dedupeKey(p), planned: p }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.planned);
}

/**
 * Collapses in-request duplicates to their first occurrence: same email, or (for an item without
 * email) the same LinkedIn URL as any earlier item. Items with neither key are always distinct.
 */
export function planSave(contacts: ContactValues[]): SavePlan {
  const firstByEmail = new Map<string, number>();
  const firstByLinkedin = new Map<string, number>();
  const firstIndexOf: number[] = [];
  const distinct: PlannedContact[] = [];
  contacts.forEach((contact, index) => {
    const { email_normalized: email, linkedin_url_normalized: linkedin } = contact;
    const first = email
      ? firstByEmail.get(email)
      : linkedin
        ? firstByLinkedin.get(linkedin)
        : undefined;
    firstIndexOf.push(first ?? index);
    if (first !== undefined) return;
    if (email) firstByEmail.set(email, index);
    if (linkedin && !firstByLinkedin.has(linkedin)) firstByLinkedin.set(linkedin, index);
    distinct.push({ index, id: randomUUID(), contact });
  });
  return { distinct: sortByDedupeKey(distinct), firstIndexOf };
}

/**
 * The values plus what the database gave the row: no query needed. Copied column by column: an
 * object spread of a contact cost ~10 µs per item in V8 (13× this loop; measured, stop 19).
 */
function contactRecord(
  contact: ContactValues,
  stored: Required<StoredContact>,
  source: ContactSource,
): ContactRecord {
  const record = {
    id: stored.id,
    source,
    created_at: stored.createdAt,
    updated_at: stored.updatedAt,
  } as ContactRecord;
  const values = record as unknown as Record<string, string | null>;
  for (const column of STORED_COLUMNS) values[column] = contact[column];
  return record;
}

/** The response of a save, built from what is already in memory: no query needed. */
export function saveOutcome(
  contacts: ContactValues[],
  plan: SavePlan,
  stored: Map<number, StoredContact>,
  source: ContactSource,
): Omit<SaveOutcome, 'listId' | 'addedToList'> {
  const created: ContactRecord[] = [];
  const duplicates: DuplicateItem[] = [];
  plan.firstIndexOf.forEach((firstIndex, index) => {
    const target = stored.get(firstIndex)!;
    const contact = contacts[index];
    if (firstIndex === index && target.created) {
      created.push(contactRecord(contact, target as Required<StoredContact>, source));
    } else {
      const { email, linkedin_url: linkedinUrl } = contact;
      duplicates.push({ index, email, linkedinUrl, existingContactId: target.id });
    }
  });
  const contactIds = [...new Set([...stored.values()].map((s) => s.id))].sort();
  return { created, duplicates, contactIds };
}
