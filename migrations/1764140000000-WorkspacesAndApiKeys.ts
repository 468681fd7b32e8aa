import { MigrationInterface, QueryRunner } from 'typeorm';

export class WorkspacesAndApiKeys1764140000000 implements MigrationInterface {
  name = 'WorkspacesAndApiKeys1764140000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE workspaces (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        plan text NOT NULL CHECK (plan IN ('starter', 'pro', 'org', 'unlimited')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX workspaces_name_key ON workspaces (lower(name))`);
    await db.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        description text,
        prefix text NOT NULL,
        hash text NOT NULL,
        scopes text[] NOT NULL,
        rate_limit_tier text NOT NULL DEFAULT 'standard' CHECK (rate_limit_tier IN ('standard', 'unmetered')),
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX api_keys_hash_key ON api_keys (hash)`);
    await db.query(
      `CREATE UNIQUE INDEX api_keys_active_name_key ON api_keys (workspace_id, lower(name)) WHERE revoked_at IS NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE api_keys`);
    await db.query(`DROP TABLE workspaces`);
  }
}
