import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkedFetch } from './helpers/contract-log';
import { runCli } from './helpers/run-cli';
import { runServerToExit, startServerProcess } from './helpers/server-process';

function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'prospect-data-'));
  chmodSync(dir, 0o755); // as root, the embedded PostgreSQL runs as the postgres user
  return join(dir, 'data');
}

// The server runs in another process: its responses are checked against openapi.json here.
async function me(baseUrl: string, key: string): Promise<Response> {
  return checkedFetch(`${baseUrl}/v1/me`, { headers: { Authorization: `Bearer ${key}` } });
}

// The new user's path: no DATABASE_URL, the service runs its own PostgreSQL in DATA_DIR.
describe('Embedded default (e2e, separate processes)', () => {
  const dirs: string[] = [];
  const noDatabase = { DATABASE_URL: undefined, REDIS_URL: undefined, NODE_ENV: 'development' };

  afterAll(() => dirs.forEach((d) => rmSync(join(d, '..'), { recursive: true, force: true })));

  it('starts PostgreSQL in DATA_DIR, prints a working key once, keeps data across restarts', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const env = { ...noDatabase, DATA_DIR: dataDir };

    const first = await startServerProcess(env);
    const key = /Bearer (wbk_[0-9A-Za-z]+)/.exec(first.output())?.[1];
    expect(key).toBeDefined();
    expect(first.output()).toContain(`curl -H "Authorization: Bearer ${key}"`);
    // A quiet start: the database, where it listens, the key; Nest's route mapping only at debug.
    expect(first.output()).toContain(`Embedded PostgreSQL ready (data in ${dataDir})`);
    expect(first.output()).toContain(`Prospect API listening on ${first.baseUrl}`);
    expect(first.output()).not.toMatch(/RoutesResolver|RouterExplorer|InstanceLoader/);
    const res = await me(first.baseUrl, key!);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { workspace: unknown } }).data.workspace).toMatchObject({
      name: 'Demo',
      plan: 'org',
    });
    expect((await checkedFetch(`${first.baseUrl}/docs`)).status).toBe(200);

    // The CLI joins the running server's database instead of starting another.
    const listed = await runCli(['workspaces:list', '--json'], env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((w: { name: string }) => w.name)).toEqual(['Demo']);

    // SIGTERM: requests answered, key uses written, pools closed, PostgreSQL stopped, exit 0.
    expect(await first.stop()).toBe(0);
    expect(first.output()).not.toMatch(/ERROR|Error:|WARN/);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false); // stopped cleanly
    // The database outlived the app's shutdown: the key's use above was written as it closed.
    const keys = await runCli(['keys:list', '--workspace', 'Demo', '--json'], env);
    expect(JSON.parse(keys.stdout)[0].last_used_at).not.toBeNull();

    const second = await startServerProcess({ ...env, LOG_LEVEL: 'debug' });
    try {
      expect(second.output()).not.toContain('First run');
      expect(second.output()).toMatch(/DEBUG.*\[RouterExplorer\].*Mapped \{\/v1\/me, GET\} route/);
      expect((await me(second.baseUrl, key!)).status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('runs two instances side by side on different DATA_DIRs, and the CLI works with no server running', async () => {
    const [a, b] = [tempDataDir(), tempDataDir()];
    dirs.push(a, b);
    const created = await runCli(['workspaces:create', '--name', 'Solo', '--json'], {
      ...noDatabase,
      DATA_DIR: a,
    });
    expect(created.code).toBe(0);
    const one = await startServerProcess({ ...noDatabase, DATA_DIR: a });
    const two = await startServerProcess({ ...noDatabase, DATA_DIR: b });
    try {
      expect(one.output()).not.toContain('First run'); // a workspace already existed
      const key = /Bearer (wbk_[0-9A-Za-z]+)/.exec(two.output())?.[1];
      expect((await me(two.baseUrl, key!)).status).toBe(200);
      expect((await me(one.baseUrl, key!)).status).toBe(401);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  });

  it('never creates the demo workspace in production', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const server = await startServerProcess({
      ...noDatabase,
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
    });
    try {
      expect(server.output()).not.toContain('First run');
      expect(server.output()).not.toMatch(/wbk_/);
    } finally {
      await server.stop();
    }
  });

  it('refuses to start on a bad setting, with one line naming it', async () => {
    const result = await runServerToExit({ PORT: 'eighty' });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toMatch(/^Invalid environment variable PORT: .+$/);
  });
});
