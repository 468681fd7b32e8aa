import { runCli } from './helpers/run-cli';
import { startTestApp, TestApp } from './helpers/test-app';

describe('CLI (e2e)', () => {
  let t: TestApp;
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    env = { DATABASE_URL: t.databaseUrl };
  });
  afterAll(() => t.close());

  it('creates a workspace and a key that the running server accepts, then revokes it', async () => {
    const created = await runCli(
      ['workspaces:create', '--name', 'Cli Co', '--plan', 'pro', '--json'],
      env,
    );
    expect(created.code).toBe(0);
    const workspace = JSON.parse(created.stdout);
    expect(workspace).toMatchObject({ id: expect.any(String), name: 'Cli Co', plan: 'pro' });
    expect(created.stdout.trim().split('\n')).toHaveLength(1);

    const key = await runCli(
      ['keys:create', '--workspace', 'cli co', '--name', 'ci', '--scopes', 'read,lists:write'],
      env,
    );
    expect(key.code).toBe(0);
    const secret = key.stdout.trim().split('\n').pop()!;
    expect(secret).toMatch(/^wbk_[0-9A-Za-z]{43}$/);

    const me = await t.http().get('/v1/me').set('Authorization', `Bearer ${secret}`).expect(200);
    expect(me.body.data.workspace).toMatchObject({ id: workspace.id, plan: 'pro' });
    expect(me.body.data.key.scopes).toEqual([
      'prospects:read',
      'contacts:read',
      'lists:read',
      'lists:write',
    ]);

    const listed = await runCli(['keys:list', '--workspace', workspace.id, '--json'], env);
    const keys = JSON.parse(listed.stdout);
    expect(keys).toHaveLength(1);
    expect(listed.stdout).not.toContain(secret);
    expect(listed.stdout).not.toMatch(/"hash"/);

    const revoked = await runCli(['keys:revoke', keys[0].id, '--json'], env);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout).revoked_at).toEqual(expect.any(String));
    await t.http().get('/v1/me').set('Authorization', `Bearer ${secret}`).expect(401);

    const all = await runCli(['workspaces:list', '--json'], env);
    expect(JSON.parse(all.stdout).map((w: { name: string }) => w.name)).toContain('Cli Co');
  });

  it('prints a key as one JSON object with its secret under "key"', async () => {
    await runCli(['workspaces:create', '--name', 'Json Co', '--json'], env);
    const res = await runCli(
      [
        'keys:create',
        '--workspace',
        'Json Co',
        '--name',
        'k',
        '--scopes',
        'admin',
        '--tier',
        'unmetered',
        '--expires-at',
        '2099-01-01T00:00:00Z',
        '--json',
      ],
      env,
    );
    expect(res.code).toBe(0);
    expect(res.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(res.stdout)).toMatchObject({
      id: expect.any(String),
      key: expect.stringMatching(/^wbk_/),
      scopes: ['api_keys:read', 'api_keys:write'],
      rate_limit_tier: 'unmetered',
      expires_at: '2099-01-01T00:00:00.000Z',
    });
  });

  it("refuses to revoke the workspace's last active admin key unless --force", async () => {
    await runCli(['workspaces:create', '--name', 'Admin Co', '--json'], env);
    const createKey = async (name: string, scopes: string) => {
      const res = await runCli(
        ['keys:create', '--workspace', 'Admin Co', '--name', name, '--scopes', scopes, '--json'],
        env,
      );
      expect(res.code).toBe(0);
      return JSON.parse(res.stdout) as { id: string; key: string };
    };
    const me = (key: { key: string }) =>
      t.http().get('/v1/me').set('Authorization', `Bearer ${key.key}`);
    const first = await createKey('first admin', 'admin');
    await createKey('reader', 'read,write'); // keys that cannot manage keys do not count

    const refused = await runCli(['keys:revoke', first.id], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/^error: refused by the last-admin rule: .*--force/);
    await me(first).expect(200);

    const second = await createKey('second admin', 'admin');
    expect((await runCli(['keys:revoke', first.id], env)).code).toBe(0); // another admin remains
    await me(first).expect(401);
    expect((await runCli(['keys:revoke', second.id], env)).stderr).toMatch(/last-admin rule/);
    await me(second).expect(200);

    const forced = await runCli(['keys:revoke', second.id, '--force', '--json'], env);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({
      id: second.id,
      revoked_at: expect.any(String),
    });
    await me(second).expect(401);
  }, 240_000); // nine CLI processes

  it.each([['2030-02-30T00:00:00Z'], ['2030-06-01'], ['2030-06-01T25:00:00Z']])(
    'refuses --expires-at %s as the API refuses it: a strict ISO 8601 date-time',
    async (expiresAt) => {
      const res = await runCli(
        [
          'keys:create',
          '--workspace',
          'Json Co',
          '--name',
          `expiring ${expiresAt}`,
          '--scopes',
          'read',
          '--expires-at',
          expiresAt,
        ],
        env,
      );
      expect(res.code).not.toBe(0);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toContain('--expires-at must be an ISO 8601 date-time');
      expect(res.stderr).toContain(expiresAt);
    },
  );

  it('accepts an --expires-at with an offset, as the API does', async () => {
    const res = await runCli(
      [
        'keys:create',
        '--workspace',
        'Json Co',
        '--name',
        'expiring',
        '--scopes',
        'read',
        '--expires-at',
        '2030-06-01T12:00:00+02:00',
        '--json',
      ],
      env,
    );
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).expires_at).toBe('2030-06-01T10:00:00.000Z');
  });

  it.each([
    [['keys:create', '--workspace', 'Json Co', '--name', 'x', '--scopes', 'nonsense']],
    [['keys:create', '--workspace', 'No Such Workspace', '--name', 'x', '--scopes', 'read']],
    [['keys:create', '--workspace', 'Json Co', '--scopes', 'read']],
    [
      [
        'keys:create',
        '--workspace',
        'Json Co',
        '--name',
        'x',
        '--scopes',
        'read',
        '--expires-at',
        'tomorrow',
      ],
    ],
    [['workspaces:create', '--name', 'Bad', '--plan', 'gold']],
    [['keys:revoke', 'not-a-uuid']],
    [['no-such-command']],
  ])('fails with one line and a non-zero exit: %j', async (args) => {
    const res = await runCli(args, env);
    expect(res.code).not.toBe(0);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/error/i);
  });
});
