import { setTimeout as sleep } from 'node:timers/promises';
import { Transactions } from '../src/database/transactions';
import { ApiKeysService } from '../src/modules/api-keys/api-keys.service';
import { KeyCache } from '../src/modules/api-keys/key-cache';
import { KeyRevocationListener } from '../src/modules/api-keys/key-revocation.listener';
import { runCli } from './helpers/run-cli';
import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

/** How long a notification may take to reach the other instance. */
const DELIVERY_MS = 2_000;

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

/** Polls `/v1/me` on `t` until it answers `status`; the statuses seen, the last one first. */
async function pollUntil(t: TestApp, key: string, status: number): Promise<number> {
  const deadline = Date.now() + DELIVERY_MS;
  let seen = 0;
  do {
    seen = (await t.http().get('/v1/me').set(bearer(key))).status;
    if (seen === status) return seen;
    await sleep(20);
  } while (Date.now() < deadline);
  return seen;
}

/** Until `condition` holds, for at most `ms`. */
async function waitFor(condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await sleep(20);
  expect(condition()).toBe(true);
}

describe('Key cache: revocation on every instance (e2e, two instances on one database)', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: TestWorkspace;

  beforeAll(async () => {
    a = await startTestApp({ KEY_CACHE_SECONDS: '60' });
    b = await startTestApp({ KEY_CACHE_SECONDS: '60' }, a);
    admin = await a.createWorkspace({ scopes: ['read', 'write', 'admin'] });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  /** A key of the workspace, used on `on` (so that instance keeps it) and on the other. */
  async function usedKey(...on: TestApp[]): Promise<{ key: string; id: string }> {
    const created = await a.createKey(admin.id, ['read']);
    for (const t of on) await t.http().get('/v1/me').set(bearer(created.key)).expect(200);
    return created;
  }

  it('both instances listen for revocations, so both keep the keys they resolve', async () => {
    expect(a.app.get(KeyRevocationListener).listening).toBe(true);
    expect(b.app.get(KeyRevocationListener).listening).toBe(true);
    const before = a.app.get(KeyCache).size;
    await usedKey(a);
    expect(a.app.get(KeyCache).size).toBe(before + 1);
  });

  it('a key revoked through instance B is refused by B at once and by A within the delivery', async () => {
    const { key, id } = await usedKey(a, b);
    await a.http().get('/v1/me').set(bearer(key)).expect(200); // from A's cache

    await b.http().delete(`/v1/api-keys/${id}`).set(admin.auth).expect(204);
    await b.http().get('/v1/me').set(bearer(key)).expect(401); // the revoking instance: at once
    expect(await pollUntil(a, key, 401)).toBe(401);
    await a.http().get('/v1/me').set(bearer(key)).expect(401);
  });

  it('a key revoked by the CLI is refused by both instances within the delivery', async () => {
    const { key, id } = await usedKey(a, b);
    const revoked = await runCli(['keys:revoke', id], { DATABASE_URL: a.databaseUrl });
    expect(revoked.code).toBe(0);
    expect(await pollUntil(a, key, 401)).toBe(401);
    expect(await pollUntil(b, key, 401)).toBe(401);
  });

  it('a revoke that rolls back tells nobody: the key still works everywhere', async () => {
    const { key, id } = await usedKey(a, b);
    const failed = b.app.get(Transactions).run(async () => {
      await b.app.get(ApiKeysService).revoke(id);
      throw new Error('rolled back after the revoke');
    });
    await expect(failed).rejects.toThrow('rolled back');
    await sleep(300); // a notification, had one been sent, would be here by now
    await a.http().get('/v1/me').set(bearer(key)).expect(200);
    await b.http().get('/v1/me').set(bearer(key)).expect(200);
  });

  it('a kept key still expires on time', async () => {
    const expiresAt = new Date(Date.now() + 1_500);
    const { key } = await a.createKey(admin.id, ['read'], { expiresAt });
    await a.http().get('/v1/me').set(bearer(key)).expect(200);
    await a.http().get('/v1/me').set(bearer(key)).expect(200); // kept
    await sleep(expiresAt.getTime() - Date.now() + 10);
    await a.http().get('/v1/me').set(bearer(key)).expect(401);
    await b.http().get('/v1/me').set(bearer(key)).expect(401); // and read from the database
  });

  it('while its listener is disconnected an instance reads the database; back, it starts empty', async () => {
    const { key, id } = await usedKey(a, b);
    const listener = a.app.get(KeyRevocationListener);
    // Ends the listening sessions of both instances, as a lost connection would.
    const ended = await a.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'prospect-api key revocations'`,
    );
    expect(ended.length).toBe(2);
    await waitFor(() => !listener.listening);
    expect(a.app.get(KeyCache).size).toBe(0);
    // Revoked while A may hear nothing: A still refuses it, from its next request.
    await b.http().delete(`/v1/api-keys/${id}`).set(admin.auth).expect(204);
    await a.http().get('/v1/me').set(bearer(key)).expect(401);
    await waitFor(() => listener.listening); // connected again (within RETRY_MS)
    await a.http().get('/v1/me').set(bearer(key)).expect(401);
    const other = await usedKey(a);
    expect(a.app.get(KeyCache).size).toBeGreaterThan(0); // in use again
    await b.http().delete(`/v1/api-keys/${other.id}`).set(admin.auth).expect(204);
    expect(await pollUntil(a, other.key, 401)).toBe(401);
  });
});
