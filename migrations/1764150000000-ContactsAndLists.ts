import { MigrationInterface, QueryRunner } from 'typeorm';

export class ContactsAndLists1764150000000 implements MigrationInterface {
  name = 'ContactsAndLists1764150000000';

  async up(db: QueryRunner): Promise<void> {
    // Trigram indexes make `search` (partial name/email match) index-backed. pg_trgm is a trusted
    // extension (PostgreSQL ≥ 13), so a database owner may create it without superuser rights.
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await db.query(`
      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        full_name text NOT NULL CHECK (full_name <> ''),
        first_name text,
        last_name text,
        email text,
        email_normalized text,
        phone text,
        job_title text,
        company_name text,
        linkedin_url text,
        linkedin_url_normalized text,
        source text NOT NULL CHECK (source IN ('api', 'prospect_save', 'bulk')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Dedupe is enforced here, not in application code: one contact per email per workspace, and
    // one email-less contact per LinkedIn URL.
    await db.query(`
      CREATE UNIQUE INDEX contacts_workspace_email_key ON contacts (workspace_id, email_normalized)
      WHERE email_normalized IS NOT NULL`);
    await db.query(`
      CREATE UNIQUE INDEX contacts_workspace_linkedin_key ON contacts (workspace_id, linkedin_url_normalized)
      WHERE email_normalized IS NULL AND linkedin_url_normalized IS NOT NULL`);
    // An email-less prospect also matches a contact that has an email and the same LinkedIn URL.
    await db.query(`
      CREATE INDEX contacts_workspace_linkedin_idx ON contacts (workspace_id, linkedin_url_normalized)
      WHERE linkedin_url_normalized IS NOT NULL`);
    await db.query(
      `CREATE INDEX contacts_workspace_created_idx ON contacts (workspace_id, created_at, id)`,
    );
    await db.query(
      `CREATE INDEX contacts_workspace_updated_idx ON contacts (workspace_id, updated_at, id)`,
    );
    await db.query(
      `CREATE INDEX contacts_workspace_name_idx ON contacts (workspace_id, lower(full_name), id)`,
    );
    await db.query(`
      CREATE INDEX contacts_search_trgm_idx ON contacts
      USING gin (full_name gin_trgm_ops, email_normalized gin_trgm_ops)`);

    await db.query(`
      CREATE TABLE lists (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description text CHECK (length(description) <= 2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE UNIQUE INDEX lists_workspace_name_key ON lists (workspace_id, lower(name))`,
    );
    await db.query(
      `CREATE INDEX lists_workspace_created_idx ON lists (workspace_id, created_at, id)`,
    );

    await db.query(`
      CREATE TABLE list_memberships (
        list_id uuid NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
        contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (list_id, contact_id)
      )`);
    await db.query(`CREATE INDEX list_memberships_contact_idx ON list_memberships (contact_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE list_memberships`);
    await db.query(`DROP TABLE lists`);
    await db.query(`DROP TABLE contacts`);
  }
}
