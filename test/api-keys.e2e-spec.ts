import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

/** A well-formed secret that is not `key`: its last character changed. */
const otherLastCharacter = (key: string) => key.slice(0, -1) + (key.endsWith('x') ? 'y' : 'x');

describe('API keys over REST (e2e)', () => {
  let t: TestApp;
  let admin: TestWorkspace;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.createWorkspace({ plan: 'unlimited', scopes: ['read', 'write', 'admin'] });
  });
  afterAll(() => t.close());

  const create = (auth: Record<string, string>, body: object) =>
    t.http().post('/v1/api-keys').set(auth).send(body);

  it('creates a key whose secret is shown once and works at once', async () => {
    const res = await create(admin.auth, {
      name: 'Sync job',
      scopes: ['read', 'contacts:write'],
      description: 'nightly',
      expires_at: '2099-01-01T00:00:00Z',
    }).expect(201);
    expect(res.body.data).toEqual({
      id: expect.any(String),
      name: 'Sync job',
      description: 'nightly',
      prefix: res.body.data.key.slice(0, 12),
      key: expect.stringMatching(/^wbk_[0-9A-Za-z]{43}$/),
      scopes: ['prospects:read', 'contacts:read', 'contacts:write', 'lists:read'],
      rate_limit_tier: 'standard',
      expires_at: '2099-01-01T00:00:00.000Z',
      revoked_at: null,
      last_used_at: null,
      created_at: expect.any(String),
    });
    const me = await t
      .http()
      .get('/v1/me')
      .set('Authorization', `Bearer ${res.body.data.key}`)
      .expect(200);
    expect(me.body.data.key.id).toBe(res.body.data.id);
  });

  it('lists keys without secrets or hashes, paginated, with last_used_at kept current', async () => {
    await t.http().get('/v1/me').set(admin.auth).expect(200);
    const res = await t.http().get('/v1/api-keys?per_page=100').set(admin.auth).expect(200);
    expect(res.body.meta).toEqual({ page: 1, per_page: 100, total: res.body.data.api_keys.length });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(admin.key);
    expect(text).not.toMatch(/"hash"|"key":/);
    const mine = res.body.data.api_keys.find((k: { id: string }) => k.id === admin.keyId);
    expect(mine.last_used_at).toEqual(expect.any(String));
    const page2 = await t.http().get('/v1/api-keys?per_page=1&page=2').set(admin.auth).expect(200);
    expect(page2.body.data.api_keys).toHaveLength(1);
    expect(page2.body.data.api_keys[0].id).not.toBe(res.body.data.api_keys[0].id);
    await t.http().get('/v1/api-keys?per_page=101').set(admin.auth).expect(400);
  });

  it('refuses unknown scopes (400), scopes beyond its own (403) and an unmetered tier from a standard key (403)', async () => {
    const unknown = await create(admin.auth, { name: 'x', scopes: ['read', 'everything'] }).expect(
      400,
    );
    expect(unknown.body.error.code).toBe('validation_error');
    expect(unknown.body.error.message).toContain('everything');

    const limited = await t.createKey(admin.id, ['read', 'api_keys:write']);
    const auth = { Authorization: `Bearer ${limited.key}` };
    const beyond = await create(auth, { name: 'y', scopes: ['contacts:write'] }).expect(403);
    expect(beyond.body.error).toMatchObject({
      code: 'insufficient_permissions',
      details: { missing_scopes: ['contacts:write'] },
    });
    await create(auth, { name: 'y', scopes: ['prospects:read'] }).expect(201);
    const tier = await create(admin.auth, {
      name: 'z',
      scopes: ['read'],
      rate_limit_tier: 'unmetered',
    }).expect(403);
    expect(tier.body.error.code).toBe('insufficient_permissions');
  });

  it.each([
    [{ scopes: ['read'] }, 'name'],
    [{ name: '', scopes: ['read'] }, 'name'],
    [{ name: 'n'.repeat(121), scopes: ['read'] }, 'name'],
    [{ name: 'ok', scopes: [] }, 'scopes'],
    [{ name: 'ok', scopes: 'read' }, 'scopes'],
    [{ name: 'ok', scopes: ['read'], rate_limit_tier: 'gold' }, 'rate_limit_tier'],
    [{ name: 'ok', scopes: ['read'], expires_at: 'soon' }, 'expires_at'],
    [{ name: 'ok', scopes: ['read'], expires_at: '2030-02-30T00:00:00Z' }, 'expires_at'],
    [{ name: 'ok', scopes: ['read'], expires_at: '2030-06-01' }, 'expires_at'],
    [{ name: 'ok', scopes: ['read'], expires_at: 1893456000 }, 'expires_at'],
    [{ name: 'a\u0000b', scopes: ['read'] }, 'name'],
  ])('rejects %j with a 400 naming %s', async (body, field) => {
    const res = await create(admin.auth, body).expect(400);
    expect(res.body.error.code).toBe('validation_error');
    expect(Object.keys(res.body.error.details)).toContain(field);
  });

  it('refuses an expiry in the past', async () => {
    const res = await create(admin.auth, {
      name: 'old',
      scopes: ['read'],
      expires_at: '2001-01-01T00:00:00Z',
    }).expect(400);
    expect(res.body.error.details).toHaveProperty('expires_at');
  });

  it('lets an expiring key create only keys that expire no later than itself', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000);
    const expiring = await t.createKey(admin.id, ['read', 'write', 'admin'], { expiresAt });
    const auth = { Authorization: `Bearer ${expiring.key}` };
    const body = { scopes: ['admin', 'read', 'write'] };
    for (const expires_at of [
      undefined,
      null,
      new Date(expiresAt.getTime() + 1000).toISOString(),
    ]) {
      const res = await create(auth, {
        ...body,
        name: `outliving ${expires_at}`,
        expires_at,
      }).expect(400);
      expect(res.body.error.code).toBe('validation_error');
      expect(res.body.error.details.expires_at[0]).toContain(expiresAt.toISOString());
    }
    const within = await create(auth, {
      ...body,
      name: 'within',
      expires_at: expiresAt.toISOString(),
    }).expect(201);
    expect(within.body.data.expires_at).toBe(expiresAt.toISOString());
    // A key without an expiry still creates keys without one.
    await create(admin.auth, { ...body, name: 'forever' }).expect(201);
  });

  it('refuses a duplicate active name (409) but allows it again once revoked', async () => {
    const first = await create(admin.auth, { name: 'Twice', scopes: ['read'] }).expect(201);
    const dup = await create(admin.auth, { name: 'twice', scopes: ['read'] }).expect(409);
    expect(dup.body.error.code).toBe('duplicate_name');
    await t.http().delete(`/v1/api-keys/${first.body.data.id}`).set(admin.auth).expect(204);
    await create(admin.auth, { name: 'Twice', scopes: ['read'] }).expect(201);
  });

  it('revokes with 204, after which the key gets 401', async () => {
    const created = await create(admin.auth, { name: 'Short-lived', scopes: ['read'] }).expect(201);
    const auth = { Authorization: `Bearer ${created.body.data.key}` };
    await t.http().get('/v1/me').set(auth).expect(200);
    const res = await t
      .http()
      .delete(`/v1/api-keys/${created.body.data.id}`)
      .set(admin.auth)
      .expect(204);
    expect(res.text).toBe('');
    await t.http().get('/v1/me').set(auth).expect(401);
    await t.http().delete(`/v1/api-keys/${created.body.data.id}`).set(admin.auth).expect(404);
  });

  it('tells apart keys whose requests arrive together, revoked and unknown ones included', async () => {
    const workspaces = await Promise.all([1, 2, 3].map(() => t.createWorkspace()));
    const revoked = await create(admin.auth, { name: 'Revoked', scopes: ['read'] }).expect(201);
    await t.http().delete(`/v1/api-keys/${revoked.body.data.id}`).set(admin.auth).expect(204);
    const refused = (secret: string) => ({
      auth: { Authorization: `Bearer ${secret}` },
      status: 401,
      workspace: undefined,
      key: undefined,
    });
    const callers = [
      ...workspaces.map((ws) => ({ auth: ws.auth, status: 200, workspace: ws.id, key: ws.keyId })),
      refused(revoked.body.data.key),
      refused(otherLastCharacter(workspaces[0].key)),
    ];
    const calls = Array.from({ length: 40 }, (_, i) => callers[i % callers.length]);
    const answers = await Promise.all(calls.map((c) => t.http().get('/v1/me').set(c.auth)));
    answers.forEach((res, i) => {
      const expected = calls[i];
      expect(res.status).toBe(expected.status);
      if (expected.status === 200) {
        expect(res.body.data.workspace.id).toBe(expected.workspace);
        expect(res.body.data.key.id).toBe(expected.key);
      }
    });
  });

  it("never revokes the workspace's last active admin key", async () => {
    const ws = await t.createWorkspace({ scopes: ['admin'] });
    const res = await t.http().delete(`/v1/api-keys/${ws.keyId}`).set(ws.auth).expect(403);
    expect(res.body.error.code).toBe('insufficient_permissions');
    const second = await t
      .http()
      .post('/v1/api-keys')
      .set(ws.auth)
      .send({ name: 'Second admin', scopes: ['admin'] })
      .expect(201);
    await t
      .http()
      .delete(`/v1/api-keys/${ws.keyId}`)
      .set({ Authorization: `Bearer ${second.body.data.key}` })
      .expect(204);
    await t
      .http()
      .delete(`/v1/api-keys/${second.body.data.id}`)
      .set({ Authorization: `Bearer ${second.body.data.key}` })
      .expect(403);
  });

  it('keeps workspaces apart and requires the api_keys scopes', async () => {
    const other = await t.createWorkspace({ scopes: ['admin'] });
    await t.http().delete(`/v1/api-keys/${admin.keyId}`).set(other.auth).expect(404);
    await t.http().delete('/v1/api-keys/not-a-uuid').set(other.auth).expect(404);
    const list = await t.http().get('/v1/api-keys').set(other.auth).expect(200);
    expect(list.body.data.api_keys.map((k: { id: string }) => k.id)).toEqual([other.keyId]);

    const reader = await t.createWorkspace({ scopes: ['read', 'write'] });
    const denied = await t.http().get('/v1/api-keys').set(reader.auth).expect(403);
    expect(denied.body.error.message).toContain('api_keys:read');
    await create(reader.auth, { name: 'n', scopes: ['read'] }).expect(403);
  });
});
