import { MigratedDatabase } from '../helpers/migrated-database';

let counter = 0;

/** A workspace row, written directly: the suites of other tables need one to own their rows. */
export async function insertWorkspace(db: MigratedDatabase, name?: string): Promise<string> {
  const [row] = await db.sql<{ id: string }>(
    `INSERT INTO workspaces (name, plan) VALUES ($1, 'pro') RETURNING id`,
    [name ?? `Workspace ${++counter}`],
  );
  return row.id;
}

/** Contact rows with just a name, written directly (the contacts module is not under test here). */
export async function insertContacts(
  db: MigratedDatabase,
  workspaceId: string,
  count: number,
): Promise<string[]> {
  const rows = await db.sql<{ id: string }>(
    `INSERT INTO contacts (workspace_id, full_name, source)
     SELECT $1, 'Contact ' || n, 'api' FROM generate_series(1, $2::int) AS n
     RETURNING id`,
    [workspaceId, count],
  );
  return rows.map((row) => row.id).sort();
}
