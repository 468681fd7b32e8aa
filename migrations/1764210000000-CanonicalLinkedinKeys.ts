import { Logger } from '@nestjs/common';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { canonicalLinkedinUrl, linkedinKey, linkedinUrlForKey } from '../src/common/identity';

/**
 * LinkedIn identities recomputed with the one identity module (src/common/identity), which
 * replaced two sets of rules: contacts kept any linkedin.com path (`%c3%bc` escapes, sub-pages
 * such as `/in/x/details`, company pages), the prospect import only `/in|pub/<ascii slug>`.
 *
 * Only rows whose stored value is not already a plain canonical one are read (a slug of ASCII
 * letters, digits, `-`, `_`, `.`: every seeded prospect and almost every saved contact), and
 * their new values are computed here with the module itself, so stored keys are the ones the
 * running code computes. Nothing is merged or deleted: when two rows now have one identity
 * (`Anna-M%C3%9Cller` and `anna-müller`; `/pub/x/1/2/3` and `/in/x-003002001`) the one holding
 * it already, else the oldest, gets it; the others keep their old value, which no input produces
 * any more, and are counted in a warning. A stored URL that is no person's profile (a company
 * page, `/pub/dir/…`) stays on a contact as it was; on a prospect with an email it is dropped, so
 * that the prospect, as search returns it, is still an item save accepts.
 *
 * `down` changes nothing: the old values cannot be told back, and the old code reads new ones.
 */
export class CanonicalLinkedinKeys1764210000000 implements MigrationInterface {
  name = 'CanonicalLinkedinKeys1764210000000';

  async up(db: QueryRunner): Promise<void> {
    const contactsLeft = await rekeyContacts(db);
    const prospectsLeft = await rekeyProspects(db);
    if (contactsLeft + prospectsLeft > 0) {
      new Logger('Migrations').warn(
        `LinkedIn identities: ${contactsLeft} contacts and ${prospectsLeft} prospects kept their ` +
          'old LinkedIn value (another row has the same profile, or it is not a profile URL)',
      );
    }
  }

  async down(): Promise<void> {}
}

const BATCH_SIZE = 1_000;
const PLAIN_SLUG = '[a-z0-9_.-]*[a-z0-9][a-z0-9_.-]*';

/** A row's new identity: the value compared and indexed, and the URL shown (null: unreadable). */
type Recompute = (value: string) => { value: string; url: string } | null;

/**
 * Reads the rows `select` finds (those whose value may change), in batches by id, and records in
 * `linkedin_rekey` (id, value, url) the new identity of each whose value does change.
 */
async function collectChanges(
  db: QueryRunner,
  select: string,
  recompute: Recompute,
): Promise<number> {
  await db.query(`DROP TABLE IF EXISTS linkedin_rekey`);
  await db.query(
    `CREATE TEMPORARY TABLE linkedin_rekey (id uuid PRIMARY KEY, value text, url text)`,
  );
  let changes = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (await db.query(`${select} AND id > $1 ORDER BY id LIMIT $2`, [
      after,
      BATCH_SIZE,
    ])) as { id: string; value: string }[];
    if (rows.length === 0) return changes;
    after = rows[rows.length - 1].id;
    const changed = rows.flatMap((row) => {
      const identity = recompute(row.value);
      return identity?.value === row.value ? [] : [{ id: row.id, ...identity }];
    });
    changes += changed.length;
    await db.query(
      `INSERT INTO linkedin_rekey SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])`,
      [
        changed.map((row) => row.id),
        changed.map((row) => row.value ?? null),
        changed.map((row) => row.url ?? null),
      ],
    );
  }
}

/** Runs an UPDATE; how many rows it changed. */
async function updateCount(db: QueryRunner, update: string): Promise<number> {
  const result = await db.query(update, [], true);
  return result.affected ?? 0;
}

/** Contacts: the key (`linkedin.com/in/…`) and the URL shown; unique per workspace when email-less. */
async function rekeyContacts(db: QueryRunner): Promise<number> {
  const changes = await collectChanges(
    db,
    `SELECT id, linkedin_url_normalized AS value FROM contacts
     WHERE linkedin_url_normalized IS NOT NULL
       AND linkedin_url_normalized !~ '^linkedin\\.com/in/${PLAIN_SLUG}$'`,
    (stored) => {
      const key = linkedinKey(`https://${stored}`);
      return key === null ? null : { value: key, url: linkedinUrlForKey(key) };
    },
  );
  // A contact with an email may share its LinkedIn key; an email-less one gets it only as the
  // first (oldest) to claim it, when no other email-less contact holds it already. A contact
  // whose URL is no profile keeps it: nothing else is unique about it.
  const updated = await updateCount(
    db,
    `WITH claims AS (
       SELECT r.id, r.value, r.url, c.email_normalized IS NULL AS email_less,
              row_number() OVER (PARTITION BY c.workspace_id, r.value, c.email_normalized IS NULL
                                 ORDER BY c.created_at, c.id) AS nth
       FROM linkedin_rekey r JOIN contacts c ON c.id = r.id
       WHERE r.value IS NOT NULL)
     UPDATE contacts c SET linkedin_url_normalized = claims.value, linkedin_url = claims.url
     FROM claims
     WHERE c.id = claims.id
       AND (NOT claims.email_less OR (claims.nth = 1 AND NOT EXISTS (
         SELECT 1 FROM contacts o
         WHERE o.workspace_id = c.workspace_id AND o.email_normalized IS NULL
           AND o.linkedin_url_normalized = claims.value)))`,
  );
  await db.query(`DROP TABLE linkedin_rekey`);
  return changes - updated;
}

/** Prospects: the canonical URL is the identity, unique over the whole table. */
async function rekeyProspects(db: QueryRunner): Promise<number> {
  const changes = await collectChanges(
    db,
    `SELECT id, linkedin_url AS value FROM prospects
     WHERE linkedin_url IS NOT NULL
       AND linkedin_url !~ '^https://linkedin\\.com/in/${PLAIN_SLUG}$'`,
    (stored) => {
      const url = canonicalLinkedinUrl(stored);
      return url === null ? null : { value: url, url };
    },
  );
  const rekeyed = await updateCount(
    db,
    `WITH claims AS (
       SELECT r.id, r.value,
              row_number() OVER (PARTITION BY r.value ORDER BY p.created_at, p.id) AS nth
       FROM linkedin_rekey r JOIN prospects p ON p.id = r.id
       WHERE r.value IS NOT NULL)
     UPDATE prospects p SET linkedin_url = claims.value
     FROM claims
     WHERE p.id = claims.id AND claims.nth = 1
       AND NOT EXISTS (SELECT 1 FROM prospects o WHERE o.linkedin_url = claims.value)`,
  );
  // No longer a profile URL: the prospect keeps its email as identity, when no other prospect
  // without a LinkedIn URL has that email (one per email: prospects_email_key).
  const dropped = await updateCount(
    db,
    `WITH claims AS (
       SELECT p.id, p.email,
              row_number() OVER (PARTITION BY p.email ORDER BY p.created_at, p.id) AS nth
       FROM linkedin_rekey r JOIN prospects p ON p.id = r.id
       WHERE r.value IS NULL AND p.email IS NOT NULL)
     UPDATE prospects p SET linkedin_url = NULL
     FROM claims
     WHERE p.id = claims.id AND claims.nth = 1
       AND NOT EXISTS (SELECT 1 FROM prospects o WHERE o.email = claims.email AND o.linkedin_url IS NULL)`,
  );
  await db.query(`DROP TABLE linkedin_rekey`);
  return changes - rekeyed - dropped;
}
