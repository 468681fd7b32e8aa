import { Client } from 'pg';
import { checkedFetch } from './helpers/contract-log';
import { LEVEL, readJsonLog, waitForLogEntry } from './helpers/log-lines';
import { PrivatePostgres, startPrivatePostgres } from './helpers/private-postgres';
import { runCli } from './helpers/run-cli';
import { ServerProcess, startServerProcess } from './helpers/server-process';

/** Short, so that a query stuck behind a lock is stopped quickly (the default is 5 s). */
const STATEMENT_TIMEOUT_MS = 1_000;
/** How long the database stays down, and the promises the API makes about that time. */
const OUTAGE_MS = 10_000;
const FAILED_ANSWER_WITHIN_MS = 1_000;
const FULL_SERVICE_WITHIN_MS = 2_000;
/** Concurrent loops per route; each pauses between requests so the machine is not saturated. */
const LOOPS_PER_ROUTE = 3;
const PAUSE_MS = 20;

interface Outcome {
  route: string;
  startedAt: number;
  ms: number;
  /** 0: no answer at all (a connection error or the client's own 5 s timeout). */
  status: number;
  retryAfter: string | null;
  code?: string;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Runs requests from `route` back to back until `running()` is false, recording each outcome. */
async function loop(
  route: string,
  request: (i: number) => Promise<Response>,
  running: () => boolean,
  outcomes: Outcome[],
): Promise<void> {
  for (let i = 0; running(); i++) {
    const startedAt = Date.now();
    let status = 0;
    let retryAfter: string | null = null;
    let code: string | undefined;
    try {
      const res = await request(i);
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      if (status >= 400) code = ((await res.json()) as { error: { code: string } }).error.code;
    } catch {
      // No answer: counted as a failure that took the whole wait.
    }
    outcomes.push({ route, startedAt, ms: Date.now() - startedAt, status, retryAfter, code });
    await sleep(PAUSE_MS);
  }
}

/** The measured numbers, for the record: how many failed, how slowly, how soon service resumed. */
function summary(outcomes: Outcome[], failed: Outcome[], back: number): string {
  const answeredAt = (o: Outcome | undefined) => (o ? `${o.startedAt + o.ms - back} ms` : '-');
  const counts = new Map<string, number>();
  for (const o of failed)
    counts.set(`${o.status} ${o.route}`, (counts.get(`${o.status} ${o.route}`) ?? 0) + 1);
  const byStatus = [...counts].map(([what, n]) => `${n} × ${what}`).join(', ');
  return (
    `Database outage: ${outcomes.length} requests, ${failed.length} failed (${byStatus}), ` +
    `slowest failure ${Math.max(0, ...failed.map((o) => o.ms))} ms; relative to the database's ` +
    `return, first success answered at ${answeredAt(outcomes.find((o) => o.startedAt >= back && o.status < 300))}, ` +
    `last failure at ${answeredAt(failed.at(-1))}\n`
  );
}

// The fault injection: PostgreSQL stopped for 10 s under load, on a PostgreSQL of the
// test's own (the shared one is never touched), with the API in its own process so its log can be
// read as an operator would.
describe('PostgreSQL stopped under load (e2e, separate processes)', () => {
  let database: PrivatePostgres;
  let server: ServerProcess;
  let auth: Record<string, string>;

  // Processes started one after another take a while on a busy machine: a generous deadline.
  beforeAll(async () => {
    database = await startPrivatePostgres();
    const env = {
      DATABASE_URL: database.url,
      NODE_ENV: 'production',
      LOG_LEVEL: 'log',
      DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    };
    const cli = { ...env, LOG_LEVEL: 'error' };
    // The first command migrates the empty database; the server and the key may then come together.
    const workspace = await runCli(
      ['workspaces:create', '--name', 'Outage', '--plan', 'unlimited'],
      cli,
    );
    expect(workspace.code).toBe(0);
    const [started, key] = await Promise.all([
      startServerProcess(env),
      runCli(
        [
          'keys:create',
          '--workspace',
          'Outage',
          '--name',
          'load',
          '--scopes',
          'read,write',
          '--json',
        ],
        cli,
      ),
    ]);
    server = started;
    expect(key.code).toBe(0);
    auth = { Authorization: `Bearer ${(JSON.parse(key.stdout) as { key: string }).key}` };
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await database?.close();
  });

  const me = () =>
    checkedFetch(`${server.baseUrl}/v1/me`, { headers: auth, signal: AbortSignal.timeout(5_000) });
  const save = (loopId: number) => (i: number) =>
    checkedFetch(`${server.baseUrl}/v1/prospects/save`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        prospects: [{ name: `Outage ${loopId}-${i}`, email: `outage-${loopId}-${i}@example.com` }],
      }),
      signal: AbortSignal.timeout(5_000),
    });

  it('answers 503 with Retry-After within 1 s while it is down, logs it once, and recovers within 2 s', async () => {
    const outcomes: Outcome[] = [];
    let running = true;
    const loops = Array.from({ length: LOOPS_PER_ROUTE }, (_, n) => [
      loop('GET /v1/me', me, () => running, outcomes),
      loop('POST /v1/prospects/save', save(n), () => running, outcomes),
    ]).flat();

    await sleep(1_500); // steady load on a healthy database first
    const stopping = Date.now();
    await database.stop();
    await sleep(OUTAGE_MS);
    // While it is down, readiness says so (in the error shape, with Retry-After) and liveness not.
    const ready = await checkedFetch(`${server.baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toMatch(/^[1-5]$/);
    expect((await checkedFetch(`${server.baseUrl}/health/live`)).status).toBe(200);
    await database.start();
    const back = Date.now();
    await sleep(FULL_SERVICE_WITHIN_MS + 1_500);
    running = false;
    await Promise.all(loops);

    // Requests answered before the stop began, and those that started 2 s after the return.
    const before = outcomes.filter((o) => o.startedAt + o.ms < stopping);
    const failed = outcomes.filter((o) => o.status >= 300 || o.status === 0);
    const after = outcomes.filter((o) => o.startedAt >= back + FULL_SERVICE_WITHIN_MS);
    process.stdout.write(summary(outcomes, failed, back));

    // Served before; every failure a 503 with Retry-After, answered quickly; served again after.
    expect(before.length).toBeGreaterThan(0);
    expect(before.filter((o) => o.status !== 200 && o.status !== 201)).toEqual([]);
    expect(failed.length).toBeGreaterThan(LOOPS_PER_ROUTE * 2 * 10);
    const wrong = failed.filter(
      (o) =>
        o.status !== 503 ||
        o.code !== 'service_unavailable' ||
        !/^[1-5]$/.test(o.retryAfter ?? '') ||
        o.ms >= FAILED_ANSWER_WITHIN_MS,
    );
    expect(wrong).toEqual([]);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((o) => o.status >= 300 || o.status === 0)).toEqual([]);
    // Every save acknowledged with a 201 is there (a 503 may or may not have been applied).
    const contacts = await checkedFetch(`${server.baseUrl}/v1/contacts?per_page=1`, {
      headers: auth,
    });
    const { total } = ((await contacts.json()) as { meta: { total: number } }).meta;
    expect(total).toBeGreaterThanOrEqual(outcomes.filter((o) => o.status === 201).length);

    // The log: one warning when it went, one line when it came back, no error, no stack trace.
    const log = server.output();
    expect(log.match(/PostgreSQL is unavailable/g)).toHaveLength(1);
    expect(log.match(/PostgreSQL is back/g)).toHaveLength(1);
    const { entries, other } = readJsonLog(log);
    expect(other).toEqual([]);
    expect(
      entries.filter((e) => e.level >= LEVEL.error || 'err' in e || /internal_error/.test(e.msg!)),
    ).toEqual([]);
  });

  it('stops a query stuck behind a lock at the statement timeout: 503 with Retry-After', async () => {
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE lists IN ACCESS EXCLUSIVE MODE');
      const startedAt = Date.now();
      const res = await checkedFetch(`${server.baseUrl}/v1/lists`, { headers: auth });
      const ms = Date.now() - startedAt;
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^[1-5]$/);
      const { error } = (await res.json()) as { error: { code: string; request_id: string } };
      expect(error.code).toBe('service_unavailable');
      expect(ms).toBeGreaterThanOrEqual(STATEMENT_TIMEOUT_MS - 50);
      expect(ms).toBeLessThan(STATEMENT_TIMEOUT_MS + 1_000);
      // One line naming the request, without a stack; the database itself did not go away.
      await waitForLogEntry(server.output, (e) => e.reqId === error.request_id);
      const { entries } = readJsonLog(server.output());
      expect(entries.filter((e) => JSON.stringify(e).includes(error.request_id))).toEqual([
        expect.objectContaining({
          level: LEVEL.warn,
          msg: expect.stringMatching(/GET \/v1\/lists: a query ran past the statement timeout/),
        }),
        expect.objectContaining({ msg: 'request', reqId: error.request_id, status: 503 }),
      ]);
      expect(entries.filter((e) => 'err' in e)).toEqual([]);
      expect(server.output().match(/PostgreSQL is unavailable/g) ?? []).toHaveLength(1);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    // The lock gone, the same request is served.
    expect((await checkedFetch(`${server.baseUrl}/v1/lists`, { headers: auth })).status).toBe(200);
  });
});
