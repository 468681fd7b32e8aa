import { isUniqueViolation } from '../../src/database/postgres-errors';
import { WorkspacesRepository } from '../../src/modules/workspaces/workspaces.repository';
import {
  holdTransaction,
  MigratedDatabase,
  openMigratedDatabase,
} from '../helpers/migrated-database';

describe('WorkspacesRepository (PostgreSQL)', () => {
  let db: MigratedDatabase;
  let workspaces: WorkspacesRepository;

  beforeAll(async () => {
    db = await openMigratedDatabase();
    workspaces = new WorkspacesRepository(db.transactions);
  });
  afterAll(() => db.close());
  beforeEach(() => db.sql('DELETE FROM workspaces'));

  /** Sets `created_at` so that the order under test does not hang on the clock. */
  const createdAt = (id: string, at: string) =>
    db.sql('UPDATE workspaces SET created_at = $2 WHERE id = $1', [id, at]);

  it('inserts a workspace with a generated id and creation time', async () => {
    const workspace = await workspaces.insert('Acme', 'starter');
    expect(workspace).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Acme',
      plan: 'starter',
      createdAt: expect.any(Date),
    });
    expect(await db.sql('SELECT name, plan FROM workspaces')).toEqual([
      { name: 'Acme', plan: 'starter' },
    ]);
  });

  it('refuses a name already taken in another case with a unique violation', async () => {
    await workspaces.insert('Acme', 'pro');
    const error: unknown = await workspaces.insert('ACME', 'pro').catch((e: unknown) => e);
    expect(isUniqueViolation(error, 'workspaces_name_key')).toBe(true);
  });

  it('lists oldest first and counts them all', async () => {
    const late = await workspaces.insert('Late', 'pro');
    const early = await workspaces.insert('Early', 'pro');
    await createdAt(late.id, '2026-02-01T00:00:00Z');
    await createdAt(early.id, '2026-01-01T00:00:00Z');
    expect((await workspaces.list()).map((w) => w.name)).toEqual(['Early', 'Late']);
    expect(await workspaces.count()).toBe(2);
  });

  it('finds by id, and answers null for an unknown id', async () => {
    const { id } = await workspaces.insert('Acme', 'org');
    expect(await workspaces.findById(id)).toMatchObject({ id, name: 'Acme', plan: 'org' });
    expect(await workspaces.findById('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('finds by the whole name ignoring case, never by a part or a pattern', async () => {
    const { id } = await workspaces.insert('Acme Corp', 'pro');
    expect(await workspaces.findByNameIgnoringCase('aCME cORP')).toMatchObject({ id });
    expect(await workspaces.findByNameIgnoringCase('Acme')).toBeNull();
    expect(await workspaces.findByNameIgnoringCase('Acme%')).toBeNull();
    expect(await workspaces.findByNameIgnoringCase('Acme_Corp')).toBeNull();
  });

  describe('lock', () => {
    const forUpdate = 'SELECT 1 FROM workspaces WHERE id = $1 FOR UPDATE';

    it("holds the workspace's row until the transaction ends", async () => {
      const { id } = await workspaces.insert('Acme', 'pro');
      const other = await workspaces.insert('Other', 'pro');
      const held = await holdTransaction(db.transactions, () => workspaces.lock(id));
      expect(held.value).toBe(true);
      expect(await db.canLock(forUpdate, [id])).toBe(false);
      expect(await db.canLock(forUpdate, [other.id])).toBe(true); // that row only
      await held.commit();
      expect(await db.canLock(forUpdate, [id])).toBe(true);
    });

    it('answers false for an unknown workspace', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect(await db.transactions.run(() => workspaces.lock(unknown))).toBe(false);
    });

    it('refuses to run outside a transaction, where a lock would end with its statement', async () => {
      const { id } = await workspaces.insert('Acme', 'pro');
      await expect(workspaces.lock(id)).rejects.toThrow(/transaction/i);
    });
  });
});
