import { MigratedDatabase, openMigratedDatabase } from '../helpers/migrated-database';
import { insertWorkspace } from './fixtures';

/** `Transactions.write`, the one place that reads what TypeORM answers to an UPDATE or a DELETE. */
describe('Transactions.write (PostgreSQL)', () => {
  let db: MigratedDatabase;
  let workspace: string;

  beforeAll(async () => {
    db = await openMigratedDatabase();
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.sql('DELETE FROM workspaces');
    workspace = await insertWorkspace(db);
    await db.sql(
      `INSERT INTO lists (workspace_id, name) SELECT $1, 'list ' || n FROM generate_series(1, 3) n`,
      [workspace],
    );
  });

  it('an UPDATE: the rows it returned and how many it touched', async () => {
    const written = await db.transactions.write<{ name: string }>(
      `UPDATE lists SET description = 'x' WHERE workspace_id = $1 AND name <> 'list 3'
       RETURNING name`,
      [workspace],
    );
    expect(written.affected).toBe(2);
    expect(written.rows.map((row) => row.name).sort()).toEqual(['list 1', 'list 2']);
  });

  it('a DELETE without RETURNING: no rows, the count; nothing matched: 0', async () => {
    expect(await db.transactions.write('DELETE FROM lists WHERE name = $1', ['list 1'])).toEqual({
      rows: [],
      affected: 1,
    });
    expect(await db.transactions.write('DELETE FROM lists WHERE name = $1', ['none'])).toEqual({
      rows: [],
      affected: 0,
    });
  });

  it('refuses any other statement rather than misread its answer', async () => {
    await expect(db.transactions.write('SELECT name FROM lists')).rejects.toThrow(
      'UPDATE or a DELETE only',
    );
    await expect(
      db.transactions.write(
        `INSERT INTO lists (workspace_id, name) VALUES ($1, 'list 4') RETURNING id`,
        [workspace],
      ),
    ).rejects.toThrow('UPDATE or a DELETE only');
  });

  it('inside run, joins the transaction: a failure after it rolls the write back', async () => {
    await expect(
      db.transactions.run(async () => {
        await db.transactions.write('DELETE FROM lists WHERE workspace_id = $1', [workspace]);
        throw new Error('after the write');
      }),
    ).rejects.toThrow('after the write');
    expect(await db.sql('SELECT id FROM lists WHERE workspace_id = $1', [workspace])).toHaveLength(
      3,
    );
  });
});
