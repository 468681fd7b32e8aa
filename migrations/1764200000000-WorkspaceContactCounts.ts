import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each workspace's number of contacts, kept with the data, so that an unfiltered contact listing
 * reads its exact total from a few rows instead of counting the workspace's contacts on every
 * request. Statement-level triggers add one row change per statement and workspace (a save of
 * 1,000 contacts is one update). The count is spread over 16 rows per workspace, chosen by the
 * writing session, so that concurrent saves in one workspace do not queue on a single row's lock
 * until they commit; a read sums them.
 */
export class WorkspaceContactCounts1764200000000 implements MigrationInterface {
  name = 'WorkspaceContactCounts1764200000000';

  async up(db: QueryRunner): Promise<void> {
    // No foreign key: a workspace's deletion cascades to its contacts, whose trigger then runs
    // after the workspace row is gone.
    await db.query(`
      CREATE TABLE workspace_contact_counts (
        workspace_id uuid NOT NULL,
        shard smallint NOT NULL,
        contacts bigint NOT NULL,
        PRIMARY KEY (workspace_id, shard)
      )`);
    await db.query(`
      CREATE FUNCTION count_contacts_changed() RETURNS trigger
      LANGUAGE plpgsql
      AS $$ BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO workspace_contact_counts (workspace_id, shard, contacts)
          SELECT workspace_id, pg_backend_pid() % 16, count(*) FROM changed_rows GROUP BY workspace_id
          ON CONFLICT (workspace_id, shard)
          DO UPDATE SET contacts = workspace_contact_counts.contacts + EXCLUDED.contacts;
        ELSE
          INSERT INTO workspace_contact_counts (workspace_id, shard, contacts)
          SELECT workspace_id, pg_backend_pid() % 16, -count(*) FROM changed_rows GROUP BY workspace_id
          ON CONFLICT (workspace_id, shard)
          DO UPDATE SET contacts = workspace_contact_counts.contacts + EXCLUDED.contacts;
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER contacts_counted_on_insert AFTER INSERT ON contacts
      REFERENCING NEW TABLE AS changed_rows
      FOR EACH STATEMENT EXECUTE FUNCTION count_contacts_changed()`);
    await db.query(`
      CREATE TRIGGER contacts_counted_on_delete AFTER DELETE ON contacts
      REFERENCING OLD TABLE AS changed_rows
      FOR EACH STATEMENT EXECUTE FUNCTION count_contacts_changed()`);
    // The contacts already there, counted while writes wait (the triggers exist from here on).
    await db.query(`LOCK TABLE contacts IN SHARE MODE`);
    await db.query(`
      INSERT INTO workspace_contact_counts (workspace_id, shard, contacts)
      SELECT workspace_id, 0, count(*) FROM contacts GROUP BY workspace_id`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER contacts_counted_on_delete ON contacts`);
    await db.query(`DROP TRIGGER contacts_counted_on_insert ON contacts`);
    await db.query(`DROP FUNCTION count_contacts_changed()`);
    await db.query(`DROP TABLE workspace_contact_counts`);
  }
}
