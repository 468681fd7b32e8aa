import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { checkedFetch } from './helpers/contract-log';
import { LEVEL, readJsonLog } from './helpers/log-lines';
import { ServerProcess, startServerProcess } from './helpers/server-process';
import { startTestApp, TestApp } from './helpers/test-app';

/**
 * A whole run of a real server process at LOG_LEVEL=debug, in JSON: every line is one JSON
 * object, every request has one line with its id, and no secret that went through it — a key in
 * an Authorization header (good or bad), a key created in a response body, the metrics token, the
 * database password — appears anywhere in its output.
 */
describe('Structured logs (e2e, a server process)', () => {
  let t: TestApp;
  let server: ServerProcess;
  const role = `log_test_${randomBytes(4).toString('hex')}`;
  const password = `s3cret-pass-${randomBytes(6).toString('hex')}`;
  const metricsToken = `metrics-${randomBytes(12).toString('hex')}`;

  /** The test database, reached as a role with a password (any password works on trust auth). */
  async function urlWithPassword(): Promise<string> {
    const admin = new Client({ connectionString: t.databaseUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN SUPERUSER PASSWORD '${password}'`);
    } finally {
      await admin.end();
    }
    const url = new URL(t.databaseUrl);
    url.username = role;
    url.password = password;
    return url.toString();
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) await server.stop();
    const admin = new Client({ connectionString: t.databaseUrl });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
    await admin.end();
    await t.close();
  });

  it('writes one JSON line per request with its id, and no secret in the whole run', async () => {
    const ws = await t.createWorkspace({ plan: 'pro' });
    server = await startServerProcess({
      DATABASE_URL: await urlWithPassword(),
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'debug',
      LOG_SLOW_QUERY_MS: '1',
      METRICS_TOKEN: metricsToken,
      NODE_ENV: 'production',
    });
    const { baseUrl } = server;
    const badKey = `wbk_${'Z'.repeat(43)}`;

    const me = await checkedFetch(`${baseUrl}/v1/me`, {
      headers: { ...ws.auth, 'X-Request-ID': 'logs-test-me-1' },
    });
    expect(me.status).toBe(200);
    const refused = await checkedFetch(`${baseUrl}/v1/me`, {
      headers: { Authorization: `Bearer ${badKey}`, 'X-Request-ID': 'logs-test-bad-key' },
    });
    expect(refused.status).toBe(401);
    const created = await checkedFetch(`${baseUrl}/v1/api-keys`, {
      method: 'POST',
      headers: { ...ws.auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Logged nowhere', scopes: ['read'] }),
    });
    expect(created.status).toBe(201);
    const newSecret = ((await created.json()) as { data: { key: string } }).data.key;
    expect(newSecret).toMatch(/^wbk_/);
    for (let i = 0; i < 2; i++) {
      const search = await checkedFetch(`${baseUrl}/v1/prospects/search`, {
        method: 'POST',
        headers: {
          ...ws.auth,
          'Content-Type': 'application/json',
          'X-Request-ID': `logs-test-search-${i}`,
        },
        body: JSON.stringify({ query: { person_titles: ['CEO'] } }),
      });
      expect(search.status).toBe(200);
    }
    const scrape = await fetch(`${baseUrl}/metrics`, {
      headers: { Authorization: `Bearer ${metricsToken}` },
    });
    expect(scrape.status).toBe(200);
    expect(await server.stop()).toBe(0);

    const log = server.output();
    const { entries, other } = readJsonLog(log);
    expect(other).toEqual([]); // every line is one JSON object
    const requestLines = (id: string) =>
      entries.filter((e) => e.msg === 'request' && e.reqId === id);

    expect(requestLines('logs-test-me-1')).toEqual([
      expect.objectContaining({
        level: LEVEL.info,
        method: 'GET',
        route: '/v1/me',
        status: 200,
        ms: expect.any(Number),
        workspaceId: ws.id,
        keyPrefix: ws.key.slice(0, 12),
      }),
    ]);
    const [badKeyLine] = requestLines('logs-test-bad-key');
    expect(badKeyLine).toMatchObject({ route: '/v1/me', status: 401 });
    expect(badKeyLine.workspaceId).toBeUndefined();
    // Every request has its line, with a request id.
    expect(entries.filter((e) => e.msg === 'request')).toHaveLength(6);
    // LOG_LEVEL=debug: slow queries and the search cache's decisions.
    expect(entries.some((e) => e.context === 'SQL' && /slow query, \d+ ms/.test(e.msg!))).toBe(
      true,
    );
    // A line logged while a request is served names the request.
    expect(entries.filter((e) => e.context === 'SearchCache')).toEqual([
      expect.objectContaining({
        msg: expect.stringMatching(/^search cache miss/),
        reqId: 'logs-test-search-0',
      }),
      expect.objectContaining({
        msg: expect.stringMatching(/^search cache hit/),
        reqId: 'logs-test-search-1',
      }),
    ]);

    for (const secret of [ws.key, badKey, newSecret, password, metricsToken]) {
      expect({ secret, found: log.includes(secret) }).toEqual({ secret, found: false });
    }
  });
});
