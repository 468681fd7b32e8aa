import { Client } from 'pg';
import { OWNER_LOCK_SPACE } from '../../src/common/idempotency/claim-owner';
import { IdempotencyKeysRepository } from '../../src/common/idempotency/idempotency-keys.repository';
import { MigratedDatabase, openMigratedDatabase } from '../helpers/migrated-database';
import { insertWorkspace } from './fixtures';

const OWNER = 41;
const OTHER_OWNER = 42;

describe('IdempotencyKeysRepository (PostgreSQL)', () => {
  let db: MigratedDatabase;
  let claims: IdempotencyKeysRepository;
  let workspace: string;
  let otherWorkspace: string;

  beforeAll(async () => {
    db = await openMigratedDatabase();
    claims = new IdempotencyKeysRepository(db.transactions);
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.sql('DELETE FROM workspaces');
    workspace = await insertWorkspace(db);
    otherWorkspace = await insertWorkspace(db);
  });

  const claim = (key: string, owner: number | null = null, owned = workspace) =>
    claims.insertClaim(owned, key, `fingerprint of ${key}`, owner);
  /** Moves a claim's times into the past, as if it were made `ago` before now. */
  const age = (key: string, column: 'created_at' | 'expires_at', ago: string) =>
    db.sql(`UPDATE idempotency_keys SET ${column} = now() - $2::interval WHERE key = $1`, [
      key,
      ago,
    ]);
  const isStale = async (key: string) => (await claims.find(workspace, key))?.stale;
  const keys = async () =>
    (await db.sql<{ key: string }>('SELECT key FROM idempotency_keys ORDER BY key')).map(
      (row) => row.key,
    );

  /** A session holding owner `id`'s advisory lock, as a live instance's ClaimOwner does. */
  async function liveOwner(id: number, url = db.url): Promise<Client> {
    const session = new Client({ connectionString: url });
    await session.connect();
    await session.query('SELECT pg_advisory_lock($1, $2)', [OWNER_LOCK_SPACE, id]);
    return session;
  }

  describe('insertClaim and find', () => {
    it('lets the first claim of a key win, per workspace', async () => {
      expect(await claim('k1')).toBe(true);
      expect(await claims.insertClaim(workspace, 'k1', 'another body', null)).toBe(false);
      expect(await claim('k1', null, otherWorkspace)).toBe(true);
      expect(await claims.find(workspace, 'k1')).toEqual({
        fingerprint: 'fingerprint of k1',
        state: 'in_progress',
        response_status: null,
        response_body: null,
        stale: false,
      });
    });

    it('answers undefined for a key never claimed, or claimed in another workspace', async () => {
      await claim('k1', null, otherWorkspace);
      expect(await claims.find(workspace, 'k1')).toBeUndefined();
    });

    it('expires a claim 24 hours after it was made', async () => {
      await claim('k1');
      const [{ hours }] = await db.sql<{ hours: number }>(
        `SELECT extract(epoch FROM expires_at - created_at) / 3600 AS hours FROM idempotency_keys`,
      );
      expect(Number(hours)).toBeCloseTo(24, 3);
    });
  });

  describe('storeResponse', () => {
    it('stores the status and the body text exactly as sent', async () => {
      await claim('k1');
      const body = '{"z":1,  "a":[2,1],"é":"\\u00e9"}';
      await claims.storeResponse(workspace, 'k1', { status: 201, body });
      expect(await claims.find(workspace, 'k1')).toMatchObject({
        state: 'done',
        response_status: 201,
        response_body: body,
      });
    });

    it('stores a response without a body, for that workspace only', async () => {
      await claim('k1');
      await claim('k1', null, otherWorkspace);
      await claims.storeResponse(workspace, 'k1', { status: 204, body: null });
      expect(await claims.find(workspace, 'k1')).toMatchObject({
        state: 'done',
        response_body: null,
      });
      expect(await claims.find(otherWorkspace, 'k1')).toMatchObject({ state: 'in_progress' });
    });
  });

  describe('staleness', () => {
    it('is not stale while its owner session lives, and is once that session ends', async () => {
      await claim('k1', OWNER);
      const owner = await liveOwner(OWNER);
      try {
        expect(await isStale('k1')).toBe(false);
      } finally {
        await owner.end();
      }
      expect(await isStale('k1')).toBe(true);
    });

    it("takes only the owner's own lock in this database as its sign of life", async () => {
      await claim('k1', OWNER);
      const others = [
        await liveOwner(OTHER_OWNER),
        await liveOwner(OWNER, process.env.TEST_ADMIN_DATABASE_URL),
      ];
      try {
        expect(await isStale('k1')).toBe(true);
      } finally {
        await Promise.all(others.map((session) => session.end()));
      }
    });

    it('is stale once expired, even with its owner alive', async () => {
      await claim('k1', OWNER);
      const owner = await liveOwner(OWNER);
      try {
        await age('k1', 'expires_at', '1 second');
        expect(await isStale('k1')).toBe(true);
      } finally {
        await owner.end();
      }
    });

    it('ages out a claim made without an owner after 5 minutes', async () => {
      await claim('fresh');
      await claim('old');
      await age('fresh', 'created_at', '4 minutes');
      await age('old', 'created_at', '6 minutes');
      expect(await isStale('fresh')).toBe(false);
      expect(await isStale('old')).toBe(true);
    });

    it('never makes a done claim stale before it expires, whatever became of its owner', async () => {
      await claim('k1', OWNER);
      await claims.storeResponse(workspace, 'k1', { status: 200, body: '{}' });
      await age('k1', 'created_at', '1 hour');
      expect(await isStale('k1')).toBe(false);
    });
  });

  describe('deletes', () => {
    it("deletes one workspace's key", async () => {
      await claim('k1');
      await claim('k1', null, otherWorkspace);
      await claims.delete(workspace, 'k1');
      expect(await claims.find(workspace, 'k1')).toBeUndefined();
      expect(await claims.find(otherWorkspace, 'k1')).toBeDefined();
    });

    it('deleteIfStale deletes a stale claim and keeps a live one', async () => {
      await claim('dead', OWNER);
      await claim('live', OTHER_OWNER);
      const owner = await liveOwner(OTHER_OWNER);
      try {
        await claims.deleteIfStale(workspace, 'dead');
        await claims.deleteIfStale(workspace, 'live');
        expect(await keys()).toEqual(['live']);
      } finally {
        await owner.end();
      }
    });

    it('deleteExpired deletes the expired claims of every workspace and counts them', async () => {
      await claim('expired');
      await claim('expired', null, otherWorkspace);
      await claim('current');
      await age('expired', 'expires_at', '1 second');
      expect(await claims.deleteExpired()).toBe(2);
      expect(await keys()).toEqual(['current']);
    });
  });

  describe('restamp', () => {
    const owners = async () =>
      Object.fromEntries(
        (
          await db.sql<{ key: string; owner: number | null }>(
            'SELECT key, owner FROM idempotency_keys WHERE workspace_id = $1',
            [workspace],
          )
        ).map((row) => [row.key, row.owner]),
      );

    it('moves the listed in-progress claims of the previous owner, or of none, to the next', async () => {
      await claim('previous', OWNER);
      await claim('unowned', null);
      await claim('other owner', OTHER_OWNER);
      await claim('done', OWNER);
      await claims.storeResponse(workspace, 'done', { status: 200, body: '{}' });
      await claim('not listed', OWNER);
      const listed = ['previous', 'unowned', 'other owner', 'done'].map((key) => ({
        workspaceId: workspace,
        key,
      }));
      await claims.restamp(listed, OWNER, 7);
      expect(await owners()).toEqual({
        previous: 7,
        unowned: 7,
        'other owner': OTHER_OWNER,
        done: OWNER,
        'not listed': OWNER,
      });
    });

    it('matches a claim by workspace and key together', async () => {
      await claim('k1', OWNER, otherWorkspace);
      await claims.restamp([{ workspaceId: workspace, key: 'k1' }], OWNER, 7);
      const [row] = await db.sql('SELECT owner FROM idempotency_keys');
      expect(row).toEqual({ owner: OWNER });
    });
  });
});
