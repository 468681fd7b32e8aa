import { isUniqueViolation } from '../../src/database/postgres-errors';
import { Client, Notification } from 'pg';
import {
  ApiKeysRepository,
  KEY_REVOKED_CHANNEL,
  NewApiKeyRow,
} from '../../src/modules/api-keys/api-keys.repository';
import { MigratedDatabase, openMigratedDatabase } from '../helpers/migrated-database';
import { insertWorkspace } from './fixtures';

const HOUR = 3_600_000;

describe('ApiKeysRepository (PostgreSQL)', () => {
  let db: MigratedDatabase;
  let keys: ApiKeysRepository;
  let workspace: string;
  let otherWorkspace: string;
  let counter = 0;

  beforeAll(async () => {
    db = await openMigratedDatabase();
    keys = new ApiKeysRepository(db.transactions);
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.sql('DELETE FROM workspaces');
    workspace = await insertWorkspace(db, 'Acme');
    otherWorkspace = await insertWorkspace(db, 'Other');
  });

  /** A key row of the suite's workspace that may read contacts and manage keys. */
  function newKey(fields: Partial<NewApiKeyRow> = {}): NewApiKeyRow {
    const n = ++counter;
    return {
      workspaceId: workspace,
      name: `key ${n}`,
      description: null,
      prefix: `wbk_${n}`,
      hash: `hash-${n}`,
      scopes: ['contacts:read', 'api_keys:write'],
      rateLimitTier: 'standard',
      expiresAt: null,
      ...fields,
    };
  }

  const insert = (fields: Partial<NewApiKeyRow> = {}) => keys.insert(newKey(fields));
  const createdAt = (id: string, at: string) =>
    db.sql('UPDATE api_keys SET created_at = $2 WHERE id = $1', [id, at]);

  describe('insert', () => {
    it('stores every field and answers the entity with its generated columns', async () => {
      const expiresAt = new Date(Date.now() + HOUR);
      const key = await insert({ name: 'CI', description: 'for CI', expiresAt });
      expect(key).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        workspaceId: workspace,
        name: 'CI',
        description: 'for CI',
        scopes: ['contacts:read', 'api_keys:write'],
        rateLimitTier: 'standard',
        expiresAt,
        createdAt: expect.any(Date),
      });
      const [row] = await db.sql('SELECT hash, revoked_at FROM api_keys WHERE id = $1', [key.id]);
      expect(row).toEqual({ hash: key.hash, revoked_at: null });
    });

    it("refuses an active key's name in another case, in the same workspace only", async () => {
      await insert({ name: 'Deploy' });
      const error: unknown = await insert({ name: 'DEPLOY' }).catch((e: unknown) => e);
      expect(isUniqueViolation(error, 'api_keys_active_name_key')).toBe(true);
      await expect(insert({ name: 'Deploy', workspaceId: otherWorkspace })).resolves.toBeDefined();
    });

    it('takes the name of a revoked key again', async () => {
      const revoked = await insert({ name: 'Deploy' });
      await keys.markRevoked(revoked.id, new Date());
      await expect(insert({ name: 'Deploy' })).resolves.toBeDefined();
    });
  });

  describe('reads of a workspace', () => {
    it('pages oldest first, ties by id, with the total of that workspace only', async () => {
      const [a, b, c] = [await insert(), await insert(), await insert()];
      await insert({ workspaceId: otherWorkspace });
      await createdAt(a.id, '2026-01-03T00:00:00Z');
      await createdAt(b.id, '2026-01-01T00:00:00Z');
      await createdAt(c.id, '2026-01-01T00:00:00Z');
      const [tied1, tied2] = [b.id, c.id].sort();
      const [page1, total] = await keys.page(workspace, 0, 2);
      expect(page1.map((k) => k.id)).toEqual([tied1, tied2]);
      expect(total).toBe(3);
      const [page2] = await keys.page(workspace, 2, 2);
      expect(page2.map((k) => k.id)).toEqual([a.id]);
    });

    it('never selects the hash of a key it reads', async () => {
      const key = await insert();
      const [[paged]] = await keys.page(workspace, 0, 10);
      const [listed] = await keys.listOf(workspace);
      const found = await keys.findUnrevoked(key.id);
      expect([paged, listed, found].map((read) => read?.hash)).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
    });

    it("lists the workspace's keys oldest first, revoked ones too", async () => {
      const newer = await insert();
      const older = await insert();
      await keys.markRevoked(older.id, new Date());
      await insert({ workspaceId: otherWorkspace });
      await createdAt(newer.id, '2026-01-02T00:00:00Z');
      await createdAt(older.id, '2026-01-01T00:00:00Z');
      expect((await keys.listOf(workspace)).map((k) => k.id)).toEqual([older.id, newer.id]);
    });
  });

  describe('findUnrevoked', () => {
    it('finds a key, in its own workspace or with none given', async () => {
      const key = await insert();
      expect(await keys.findUnrevoked(key.id)).toMatchObject({ id: key.id });
      expect(await keys.findUnrevoked(key.id, workspace)).toMatchObject({ id: key.id });
      expect(await keys.findUnrevoked(key.id, otherWorkspace)).toBeNull();
    });

    it('answers null once the key is revoked, and markRevoked stores when', async () => {
      const key = await insert();
      const at = new Date('2026-03-01T12:00:00.123Z');
      await keys.markRevoked(key.id, at);
      expect(await keys.findUnrevoked(key.id)).toBeNull();
      const [row] = await db.sql('SELECT revoked_at FROM api_keys WHERE id = $1', [key.id]);
      expect(row).toEqual({ revoked_at: at });
    });
  });

  describe('countOtherActiveWith', () => {
    it('counts the other unrevoked, unexpired keys of the workspace holding the scope', async () => {
      const key = await insert();
      await insert(); // counted
      await insert({ expiresAt: new Date(Date.now() + HOUR) }); // counted: expires later
      await insert({ expiresAt: new Date(Date.now() - HOUR) }); // expired
      await keys.markRevoked((await insert()).id, new Date()); // revoked
      await insert({ scopes: ['contacts:read', 'contacts:write'] }); // cannot manage keys
      await insert({ workspaceId: otherWorkspace }); // another workspace
      expect(await keys.countOtherActiveWith(workspace, key.id, 'api_keys:write')).toBe(2);
      expect(await keys.countOtherActiveWith(workspace, key.id, 'contacts:write')).toBe(1);
    });

    it('never counts the key itself', async () => {
      const only = await insert();
      expect(await keys.countOtherActiveWith(workspace, only.id, 'api_keys:write')).toBe(0);
    });
  });

  describe('findActiveByHashes', () => {
    it("answers each active key asked for, with its workspace's name and plan", async () => {
      const first = await insert({ hash: 'h-first', scopes: ['prospects:read'] });
      const second = await insert({ hash: 'h-second', workspaceId: otherWorkspace });
      const rows = await keys.findActiveByHashes(['h-first', 'h-second', 'h-unknown']);
      expect(rows.sort((x, y) => x.hash.localeCompare(y.hash))).toEqual([
        {
          hash: 'h-first',
          id: first.id,
          name: first.name,
          prefix: first.prefix,
          scopes: ['prospects:read'],
          rate_limit_tier: 'standard',
          expires_at: null,
          workspace_id: workspace,
          workspace_name: 'Acme',
          plan: 'pro',
        },
        expect.objectContaining({ hash: 'h-second', id: second.id, workspace_name: 'Other' }),
      ]);
    });

    it('leaves out revoked and expired keys, and keeps a key that expires later', async () => {
      await keys.markRevoked((await insert({ hash: 'h-revoked' })).id, new Date());
      await insert({ hash: 'h-expired', expiresAt: new Date(Date.now() - 1_000) });
      await insert({ hash: 'h-later', expiresAt: new Date(Date.now() + HOUR) });
      const rows = await keys.findActiveByHashes(['h-revoked', 'h-expired', 'h-later']);
      expect(rows.map((row) => row.hash)).toEqual(['h-later']);
    });

    it('answers the same on every call (a named statement prepared once per connection)', async () => {
      await insert({ hash: 'h-again' });
      for (let i = 0; i < 3; i++)
        expect(await keys.findActiveByHashes(['h-again'])).toHaveLength(1);
      expect(await keys.findActiveByHashes([])).toEqual([]);
    });
  });

  describe('recordUses', () => {
    const lastUsed = async (id: string) =>
      (
        await db.sql<{ last_used_at: Date | null }>(
          'SELECT last_used_at FROM api_keys WHERE id = $1',
          [id],
        )
      )[0].last_used_at;

    it('writes the uses of many keys in one call, ignoring an unknown id', async () => {
      const [a, b] = [await insert(), await insert()];
      const atA = new Date('2026-03-01T10:00:00.000Z');
      const atB = new Date('2026-03-01T11:00:00.000Z');
      const unknown = '00000000-0000-4000-8000-000000000000';
      await keys.recordUses(
        new Map([
          [a.id, atA],
          [b.id, atB],
          [unknown, atB],
        ]),
      );
      expect(await lastUsed(a.id)).toEqual(atA);
      expect(await lastUsed(b.id)).toEqual(atB);
    });

    it('never moves a later use already stored back', async () => {
      const key = await insert();
      const later = new Date('2026-03-01T12:00:00.000Z');
      await keys.recordUses(new Map([[key.id, later]]));
      await keys.recordUses(new Map([[key.id, new Date('2026-03-01T09:00:00.000Z')]]));
      expect(await lastUsed(key.id)).toEqual(later);
      const latest = new Date('2026-03-01T13:00:00.000Z');
      await keys.recordUses(new Map([[key.id, latest]]));
      expect(await lastUsed(key.id)).toEqual(latest);
    });
  });

  describe('notifyRevoked', () => {
    let listener: Client;
    const heard: string[] = [];

    beforeAll(async () => {
      listener = new Client({ connectionString: db.url });
      await listener.connect();
      listener.on('notification', (n: Notification) => {
        if (n.channel === KEY_REVOKED_CHANNEL) heard.push(n.payload ?? '');
      });
      await listener.query(`LISTEN ${KEY_REVOKED_CHANNEL}`);
    });
    afterAll(() => listener.end());

    /** Until the listener has had time to hear what was committed (a round trip of its own). */
    const settled = () => listener.query('SELECT 1');

    it('is heard at the commit of its transaction, not before', async () => {
      heard.length = 0;
      await db.transactions.run(async () => {
        await keys.notifyRevoked('key-a');
        await settled();
        expect(heard).toEqual([]);
      });
      await settled();
      expect(heard).toEqual(['key-a']);
    });

    it('is never heard when its transaction rolls back', async () => {
      heard.length = 0;
      const failed = db.transactions.run(async () => {
        await keys.notifyRevoked('key-b');
        throw new Error('rolled back');
      });
      await expect(failed).rejects.toThrow('rolled back');
      await keys.notifyRevoked('key-c'); // autocommit: heard, and after any earlier one
      await settled();
      expect(heard).toEqual(['key-c']);
    });
  });
});
