import { IdempotencyStore } from '../src/common/idempotency/idempotency.store';
import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

describe('Idempotency keys (e2e)', () => {
  let t: TestApp;
  let ws: TestWorkspace;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await t.createWorkspace();
  });
  afterAll(() => t.close());

  const createList = (key: string, body: object, auth = ws.auth, app = t) =>
    app.http().post('/v1/lists').set(auth).set('Idempotency-Key', key).send(body);
  const countLists = async (name: string): Promise<number> =>
    Number(
      (await t.dataSource.query('SELECT count(*) AS n FROM lists WHERE name = $1', [name]))[0].n,
    );

  it('replays the stored status and body without doing the work again', async () => {
    const first = await createList('create-1', { name: 'Replayed' }).expect(201);
    const again = await createList('create-1', { name: 'Replayed' }).expect(201);
    expect(again.body).toEqual(first.body);
    expect(await countLists('Replayed')).toBe(1);
    // Key order does not make a different body.
    await createList('create-2', { name: 'Ordered', description: 'd' }).expect(201);
    await createList('create-2', { description: 'd', name: 'Ordered' }).expect(201);
    expect(await countLists('Ordered')).toBe(1);
  });

  it('answers the same key with another body with 409 idempotency_conflict', async () => {
    await createList('conflict-1', { name: 'First body' }).expect(201);
    const res = await createList('conflict-1', { name: 'Second body' }).expect(409);
    expect(res.body.error.code).toBe('idempotency_conflict');
    expect(await countLists('Second body')).toBe(0);
  });

  it('keeps keys per workspace', async () => {
    const other = await t.createWorkspace();
    const a = await createList('shared-key', { name: 'Per workspace' }).expect(201);
    const b = await createList('shared-key', { name: 'Per workspace' }, other.auth).expect(201);
    expect(b.body.data.id).not.toBe(a.body.data.id);
  });

  it('runs the work once for concurrent requests with one key', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => createList('concurrent-1', { name: 'Concurrent' })),
    );
    const created = responses.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.body.data.id)).size).toBe(1);
    for (const r of responses.filter((r) => r.status !== 201))
      expect(r.body.error.code).toBe('idempotency_conflict');
    expect(await countLists('Concurrent')).toBe(1);
  });

  it('does not store failures: a retry after a 400 runs again', async () => {
    await createList('retry-1', { name: '' }).expect(400);
    await createList('retry-1', { name: 'Fixed' }).expect(201);
    await t
      .http()
      .post('/v1/lists')
      .set(ws.auth)
      .set('Idempotency-Key', 'x'.repeat(256))
      .send({ name: 'Long key' })
      .expect(400);
    await t
      .http()
      .post('/v1/lists')
      .set(ws.auth)
      .set('Idempotency-Key', 'has space')
      .send({ name: 'Spaced' })
      .expect(400);
  });

  it('replays PATCH and DELETE too', async () => {
    const list = await createList('for-delete', { name: 'To delete' }).expect(201);
    const patch = () =>
      t
        .http()
        .patch(`/v1/lists/${list.body.data.id}`)
        .set(ws.auth)
        .set('Idempotency-Key', 'patch-1')
        .send({ description: 'v2' });
    const patched = await patch().expect(200);
    await t
      .http()
      .patch(`/v1/lists/${list.body.data.id}`)
      .set(ws.auth)
      .send({ description: 'v3' })
      .expect(200);
    const patchReplay = await patch().expect(200);
    expect(patchReplay.body).toEqual(patched.body); // the stored response, not a second update
    const del = () =>
      t
        .http()
        .delete(`/v1/lists/${list.body.data.id}`)
        .set(ws.auth)
        .set('Idempotency-Key', 'delete-1');
    const first = await del().expect(200);
    const replay = await del().expect(200);
    expect(replay.body).toEqual(first.body);
    await t.http().delete(`/v1/lists/${list.body.data.id}`).set(ws.auth).expect(404); // without the key: gone
  });

  it('forgets keys after 24 hours, and cleans expired rows up', async () => {
    await createList('expiring', { name: 'Old' }).expect(201);
    await t.dataSource.query(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'expiring'`,
    );
    await createList('expiring', { name: 'New' }).expect(201); // a new request, not a conflict
    await t.dataSource.query(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'expiring'`,
    );
    expect(await t.app.get(IdempotencyStore).deleteExpired()).toBeGreaterThanOrEqual(1);
    const left = await t.dataSource.query(
      `SELECT 1 FROM idempotency_keys WHERE expires_at <= now()`,
    );
    expect(left).toHaveLength(0);
  });

  it('works across instances of the service', async () => {
    const second = await startTestApp({}, t);
    try {
      const first = await createList('cross-1', { name: 'Across' }).expect(201);
      const replay = await createList('cross-1', { name: 'Across' }, ws.auth, second).expect(201);
      expect(replay.body).toEqual(first.body);
    } finally {
      await second.close();
    }
  });

  it('never stores a new API key secret: a replay shows it as null', async () => {
    const send = () =>
      t
        .http()
        .post('/v1/api-keys')
        .set(ws.auth)
        .set('Idempotency-Key', 'key-1')
        .send({ name: 'Idem key', scopes: ['read'] });
    const first = await send().expect(201);
    const replay = await send().expect(201);
    expect(replay.body.data).toEqual({ ...first.body.data, key: null });
    const stored = JSON.stringify(await t.dataSource.query('SELECT * FROM idempotency_keys'));
    expect(stored).not.toContain(first.body.data.key);
  });
});
