import { EntityManager } from 'typeorm';
import { ContactSource } from './contact.entity';
import { PlannedContact } from './save-plan';

export interface InsertedContacts {
  ids: string[];
  /** `created_at` and `updated_at` of every inserted row: the transaction's `now()`. */
  at: Date;
}

/**
 * One set-based statement for the whole request: the rows travel as one array per column
 * (a constant 12 parameters, whatever the row count), in the planned order. `ON CONFLICT DO
 * NOTHING` without a target covers both partial unique indexes (email; LinkedIn for email-less
 * rows) and, under concurrency, waits for a conflicting transaction instead of failing. An
 * email-less row whose LinkedIn URL already belongs to a contact that has an email is a
 * duplicate too (that case has no unique index, so it is filtered here). The ids come back as
 * one comma-separated string in one row: a row object and two parsed dates per contact, or a
 * parsed array, cost more.
 */
const INSERT_NEW_CONTACTS = `
  WITH inserted AS (
  INSERT INTO contacts (id, workspace_id, full_name, first_name, last_name, email, email_normalized,
                        phone, job_title, company_name, linkedin_url, linkedin_url_normalized, source)
  SELECT i.id, $1, i.full_name, i.first_name, i.last_name, i.email, i.email,
         i.phone, i.job_title, i.company_name, i.linkedin_url, i.linkedin_key, $2
  FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
              $10::text[], $11::text[], $12::text[])
       WITH ORDINALITY AS i(id, full_name, first_name, last_name, email, phone, job_title,
                            company_name, linkedin_url, linkedin_key, ord)
  WHERE i.email IS NOT NULL OR i.linkedin_key IS NULL OR NOT EXISTS (
    SELECT 1 FROM contacts c WHERE c.workspace_id = $1 AND c.linkedin_url_normalized = i.linkedin_key)
  ORDER BY i.ord
  ON CONFLICT DO NOTHING
  RETURNING id)
  SELECT coalesce(string_agg(id::text, ','), '') AS ids, now() AS at FROM inserted`;

export async function insertNewContacts(
  manager: EntityManager,
  workspaceId: string,
  rows: PlannedContact[],
  source: ContactSource,
): Promise<InsertedContacts> {
  const column = <T>(pick: (row: PlannedContact) => T): T[] => rows.map(pick);
  const [inserted]: { ids: string; at: Date }[] = await manager.query(INSERT_NEW_CONTACTS, [
    workspaceId,
    source,
    column((r) => r.id),
    column((r) => r.contact.fullName),
    column((r) => r.contact.firstName),
    column((r) => r.contact.lastName),
    column((r) => r.contact.emailNormalized),
    column((r) => r.contact.phone),
    column((r) => r.contact.jobTitle),
    column((r) => r.contact.companyName),
    column((r) => r.contact.linkedinUrl),
    column((r) => r.contact.linkedinUrlNormalized),
  ]);
  return { ids: inserted.ids ? inserted.ids.split(',') : [], at: inserted.at };
}

export interface ExistingContacts {
  byEmail: Map<string, string>;
  byLinkedin: Map<string, string>;
}

/**
 * The ids of contacts already stored under these keys, in one query. A new statement sees every
 * row committed before it starts, including those a concurrent save committed while our INSERT
 * waited on them. For a LinkedIn URL the email-less contact wins, else the oldest.
 */
export async function findContactsByKeys(
  manager: EntityManager,
  workspaceId: string,
  emails: string[],
  linkedinKeys: string[],
): Promise<ExistingContacts> {
  const rows: { id: string; email: string | null; linkedin: string | null }[] = await manager.query(
    `SELECT id, email_normalized AS email, linkedin_url_normalized AS linkedin
       FROM contacts
       WHERE workspace_id = $1
         AND (email_normalized = ANY($2::text[]) OR linkedin_url_normalized = ANY($3::text[]))
       ORDER BY email_normalized IS NULL DESC, created_at, id`,
    [workspaceId, emails, linkedinKeys],
  );
  const found: ExistingContacts = { byEmail: new Map(), byLinkedin: new Map() };
  for (const row of rows) {
    if (row.email) found.byEmail.set(row.email, row.id);
    if (row.linkedin && !found.byLinkedin.has(row.linkedin))
      found.byLinkedin.set(row.linkedin, row.id);
  }
  return found;
}
