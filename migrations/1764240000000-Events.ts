import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox: every change to contacts, lists and memberships is a row here, written in the
 * transaction of the change (a rolled-back change leaves none), for deliveries that come later
 * (webhooks, a feed). Ids are sortable; rows are kept 30 days (a periodic job removes older ones).
 */
export class Events1764240000000 implements MigrationInterface {
  name = 'Events1764240000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        payload jsonb NOT NULL
      )`);
    await db.query(`CREATE INDEX events_workspace_id_id ON events (workspace_id, id)`);
    await db.query(`CREATE INDEX events_occurred_at ON events (occurred_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE events`);
  }
}
