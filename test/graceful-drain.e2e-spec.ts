import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { contractLog } from './helpers/contract-log';
import { LEVEL, readJsonLog } from './helpers/log-lines';
import { ServerProcess, startServerProcess } from './helpers/server-process';
import { startTestApp, TestApp } from './helpers/test-app';

/** One request as the client saw it: when it was fully sent, and what came back. */
interface Outcome {
  sentAt?: number;
  status?: number;
  body?: string;
  /** A connection error, or an answer that did not arrive whole. */
  error?: string;
}

const PROSPECTS_PER_SAVE = 25;

function prospects(tag: string) {
  return Array.from({ length: PROSPECTS_PER_SAVE }, (_, i) => ({
    name: `Drain ${tag} ${i}`,
    email: `drain-${tag}-${i}@example.com`,
  }));
}

/**
 * Sends one request on `agent` (keep-alive: the load reuses its connection, as clients do). The
 * body is sent in one go, or held back until `release` resolves (a request still arriving).
 * Every answer is checked against openapi.json.
 */
function send(
  agent: Agent | false,
  baseUrl: string,
  options: { method: string; path: string; key?: string; body?: unknown; release?: Promise<void> },
): Promise<Outcome> {
  const payload = options.body === undefined ? '' : JSON.stringify(options.body);
  const outcome: Outcome = {};
  return new Promise((done) => {
    const req = request(`${baseUrl}${options.path}`, {
      method: options.method,
      agent,
      headers: {
        ...(options.key && { Authorization: `Bearer ${options.key}` }),
        ...(payload && {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
        }),
      },
    });
    req.on('finish', () => (outcome.sentAt = Date.now()));
    req.on('error', (error: NodeJS.ErrnoException) => done({ ...outcome, error: error.code }));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', () => {}); // seen below, as an incomplete answer
      res.on('close', () => {
        if (!res.complete) return done({ ...outcome, error: 'answer cut' });
        const body = Buffer.concat(chunks).toString();
        const { method, path } = options;
        contractLog.record({ method, path, status: res.statusCode!, headers: res.headers, body });
        done({ ...outcome, status: res.statusCode, body });
      });
    });
    if (!options.release) return req.end(payload);
    const half = payload.length >> 1;
    req.write(payload.slice(0, half));
    void options.release.then(() => req.end(payload.slice(half)));
  });
}

describe('Graceful drain (e2e)', () => {
  let t: TestApp;
  let server: ServerProcess;
  beforeAll(async () => {
    // The test app makes the workspace and keys, and reads what the server wrote.
    t = await startTestApp();
  });
  afterAll(async () => {
    if (server.child.exitCode === null) await server.stop();
    await t.close();
  });

  it('on SIGTERM to the server process, under a steady load of saves: every request sent before it is answered whole, ready 503 at once, key uses flushed last, exit 0', async () => {
    const ws = await t.createWorkspace({ plan: 'unlimited', scopes: ['write'] });
    const slowKey = await t.createKey(ws.id, ['write']);
    server = await startServerProcess({ DATABASE_URL: t.databaseUrl, NODE_ENV: 'production' });
    const { baseUrl } = server;

    // Four clients saving in a loop, each on its own kept-alive connection, until refused.
    const outcomes: Outcome[] = [];
    let signalled = false;
    const client = async (loop: number) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      for (let n = 0; ; n++) {
        const body = { prospects: prospects(`${loop}-${n}`) };
        const path = '/v1/prospects/save';
        const outcome = await send(agent, baseUrl, { method: 'POST', path, key: ws.key, body });
        outcomes.push(outcome);
        if (outcome.error && signalled) break;
      }
      agent.destroy();
    };
    const clients = [1, 2, 3, 4].map(client);
    await sleep(1_000);

    // A load balancer's kept-alive connection, idle when the signal comes.
    const probe = new Agent({ keepAlive: true, maxSockets: 1 });
    const ready = () => send(probe, baseUrl, { method: 'GET', path: '/health/ready' });
    expect((await ready()).status).toBe(200);
    // A save whose body is still arriving when the signal comes: the drain waits for it.
    let release = () => {};
    const slow = send(false, baseUrl, {
      method: 'POST',
      path: '/v1/prospects/save',
      key: slowKey.key,
      body: { prospects: prospects('slow') },
      release: new Promise<void>((done) => (release = done)),
    });
    await sleep(300);

    const signalAt = Date.now();
    signalled = true;
    const exited = server.stop();
    await sleep(300);
    const unready = await ready();
    expect(unready.status).toBe(503);
    expect(JSON.parse(unready.body!).error.code).toBe('service_unavailable');
    const fresh = await send(false, baseUrl, { method: 'GET', path: '/health/live' });
    expect(fresh.error).toBe('ECONNREFUSED'); // the listener is closed

    await sleep(signalAt + 1_500 - Date.now());
    const releasedAt = Date.now();
    release();
    const slowAnswer = await slow;
    expect(slowAnswer.status).toBe(201);
    expect(JSON.parse(slowAnswer.body!).data.created).toBe(PROSPECTS_PER_SAVE);
    expect(await exited).toBe(0);
    await Promise.all(clients);
    probe.destroy();

    const before = outcomes.filter((o) => o.sentAt !== undefined && o.sentAt < signalAt);
    expect(before.length).toBeGreaterThan(4);
    for (const outcome of before) expect(outcome).toMatchObject({ status: 201 });
    // After the signal: a whole answer (on a connection already open) or a refused connection,
    // never an answer cut short.
    const answered = outcomes.filter((o) => o.status !== undefined);
    for (const outcome of answered) expect(outcome.status).toBe(201);
    for (const outcome of outcomes.filter((o) => o.error)) {
      expect(outcome.sentAt === undefined || outcome.sentAt >= signalAt).toBe(true);
      expect(outcome.error).not.toBe('answer cut');
    }
    // Every answered save is in the database, and nothing else.
    const created = [...answered, slowAnswer]
      .map((o) => (JSON.parse(o.body!) as { data: { created: number } }).data.created)
      .reduce((sum, n) => sum + n, 0);
    const [{ count }] = await t.dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM contacts WHERE workspace_id = $1',
      [ws.id],
    );
    expect(count).toBe(created);
    // The slow save authenticated during the drain; its key use was written after it.
    const [{ last_used_at: lastUsed }] = await t.dataSource.query<{ last_used_at: Date }[]>(
      'SELECT last_used_at FROM api_keys WHERE id = $1',
      [slowKey.id],
    );
    expect(lastUsed.getTime()).toBeGreaterThanOrEqual(releasedAt);
    expect(server.output()).toMatch(/SIGTERM: shutting down/);
    expect(server.output()).toMatch(/answering \d+ request\(s\) in flight/);
    const { entries, other } = readJsonLog(server.output());
    expect(other).toEqual([]);
    expect(entries.filter((e) => e.level >= LEVEL.warn)).toEqual([]);
  }, 120_000);

  it('cuts a request still running at DRAIN_TIMEOUT_MS, and stops', async () => {
    const short = await startTestApp({ DRAIN_TIMEOUT_MS: '500' }, t);
    await short.app.listen(0, '127.0.0.1');
    const { port } = short.app.getHttpServer().address() as AddressInfo;
    const ws = await short.createWorkspace({ plan: 'unlimited', scopes: ['write'] });
    const stuck = send(false, `http://127.0.0.1:${port}`, {
      method: 'POST',
      path: '/v1/prospects/save',
      key: ws.key,
      body: { prospects: prospects('stuck') },
      release: new Promise<void>(() => {}), // the rest of the body never comes
    });
    await sleep(200);
    const closing = Date.now();
    await short.close();
    expect(Date.now() - closing).toBeGreaterThanOrEqual(500);
    expect(Date.now() - closing).toBeLessThan(5_000);
    const cut = await stuck;
    expect(cut.status).toBeUndefined(); // no answer: its connection was closed
    expect(cut.error).toBeDefined();
  });
});
