import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { displayPrefix, generateSecret, hashSecret } from '../src/modules/api-keys/key-secret';
import { checkedFetch } from './helpers/contract-log';
import { ServerProcess, startServerProcess } from './helpers/server-process';
import { createTestDatabase } from './helpers/test-database';

/** Polls `check` until it holds, or fails after `ms`. */
async function waitFor(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// The fault: kill -9 while a keyed save is in flight, start again on the same database,
// retry with the same Idempotency-Key. The API runs in its own processes, on a database of this
// suite's own.
describe('Idempotency across a crash (e2e, separate processes)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let sql: Client;
  const servers: ServerProcess[] = [];

  const start = async () => {
    const server = await startServerProcess({
      DATABASE_URL: database.url,
      NODE_ENV: 'production',
      LOG_LEVEL: 'log', // the helper waits for the "listening" line
    });
    servers.push(server);
    return server;
  };

  /** A workspace and an API key, written as the CLI would (the first server ran the migrations). */
  const createKey = async (): Promise<string> => {
    const secret = generateSecret();
    await sql.query(
      `WITH w AS (INSERT INTO workspaces (name, plan) VALUES ('Crash', 'unlimited') RETURNING id)
       INSERT INTO api_keys (workspace_id, name, prefix, hash, scopes)
       SELECT id, 'crash', $1, $2, ARRAY['contacts:write', 'lists:write'] FROM w`,
      [displayPrefix(secret), hashSecret(secret)],
    );
    return secret;
  };

  const count = async (query: string, values: unknown[] = []): Promise<number> =>
    (await sql.query<{ n: number }>(query, values)).rows[0].n;

  beforeAll(async () => {
    database = await createTestDatabase();
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });

  afterAll(async () => {
    for (const server of servers) {
      if (server.child.exitCode === null && server.child.signalCode === null) await server.stop();
    }
    await sql?.end();
    await database?.drop();
  });

  it('runs the retry of a save killed mid-flight at its first try, and does the work once', async () => {
    const first = await start();
    const auth = {
      Authorization: `Bearer ${await createKey()}`,
      'Content-Type': 'application/json',
    };
    const listRes = await checkedFetch(`${first.baseUrl}/v1/lists`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'Crash' }),
    });
    const listId = ((await listRes.json()) as { data: { id: string } }).data.id;
    const prospects = Array.from({ length: 3 }, (_, i) => ({
      name: `Crash Test ${i}`,
      email: `crash${i}@example.com`,
    }));
    const save = { prospects, list_id: listId };
    const keyed = { ...auth, 'Idempotency-Key': 'save-before-crash' };
    const send = (baseUrl: string, check = true) =>
      (check ? checkedFetch : fetch)(`${baseUrl}/v1/prospects/save`, {
        method: 'POST',
        headers: keyed,
        body: JSON.stringify(save),
      });

    // The test holds the list's row lock: the save stops inside its transaction, mid-flight.
    await sql.query('BEGIN');
    await sql.query('SELECT 1 FROM lists WHERE id = $1 FOR UPDATE', [listId]);
    const inFlight = send(first.baseUrl, false).catch((error: unknown) => error);
    await waitFor(
      async () =>
        (await count(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND application_name = 'prospect-api'
             AND wait_event_type = 'Lock'`,
        )) > 0,
      'the save to wait for the list lock',
    );
    const claim = await sql.query(`SELECT state, owner FROM idempotency_keys`);
    expect(claim.rows).toEqual([{ state: 'in_progress', owner: expect.any(Number) }]);

    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    // No answer (fetch's own TypeError): the client will retry.
    expect(await inFlight).toMatchObject({ message: 'fetch failed' });
    await sql.query('ROLLBACK');

    const second = await start();
    const startedAt = Date.now();
    const retry = await send(second.baseUrl);
    expect(retry.status).toBe(201);
    expect(Date.now() - startedAt).toBeLessThan(5_000); // not after a wait for the dead claim
    const text = await retry.text();
    expect(JSON.parse(text).data).toMatchObject({ created: 3, skipped: 0, added_to_list: 3 });
    expect(await count(`SELECT count(*)::int AS n FROM contacts`)).toBe(3);
    expect(await count(`SELECT count(*)::int AS n FROM list_memberships`)).toBe(3);

    // The retry's response is now the stored one.
    const replay = await send(second.baseUrl);
    expect(replay.status).toBe(201);
    expect(await replay.text()).toBe(text);
    expect(await count(`SELECT count(*)::int AS n FROM contacts`)).toBe(3);
  }, 120_000);
});
