import { Client } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { OWNER_LOCK_SPACE } from '../src/common/idempotency/claim-owner';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { IdempotencyInterceptor } from '../src/common/idempotency/idempotency.interceptor';
import { IdempotencyStore } from '../src/common/idempotency/idempotency.store';
import { buildOpenApiDocument } from '../src/common/openapi/openapi-document';
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

  it('replays the stored body byte for byte, with the stored status', async () => {
    const body = { name: 'Exact', description: 'Keys stay in the order they were sent' };
    const first = await createList('exact-1', body).expect(201);
    const replay = await createList('exact-1', body).expect(201);
    expect(replay.text).toBe(first.text);
    expect(replay.headers['content-type']).toBe(first.headers['content-type']);
    // The status is the stored one, not the route's (a response stored by an earlier version).
    const stored =
      '{"error":{"code":"idempotency_conflict","message":"Stored.","request_id":"req_01JD3Z8Y7X6W5V4T3S2R1Q0P9N"}}';
    await t.dataSource.query(
      `UPDATE idempotency_keys SET response_status = 409, response_body = $1 WHERE key = 'exact-1'`,
      [stored],
    );
    const storedReplay = await createList('exact-1', body).expect(409);
    expect(storedReplay.text).toBe(stored);
    // A response without a body (204) replays without one.
    const key = await t.createKey(ws.id, ['read']);
    const revoke = () =>
      t.http().delete(`/v1/api-keys/${key.id}`).set(ws.auth).set('Idempotency-Key', 'revoke-1');
    await revoke().expect(204);
    expect((await revoke().expect(204)).text).toBe('');
  });

  it('runs every permission check before serving a stored response', async () => {
    const list = await createList('list-for-save', { name: 'Saved into' }).expect(201);
    const save = (auth: Record<string, string>) =>
      t
        .http()
        .post('/v1/prospects/save')
        .set(auth)
        .set('Idempotency-Key', 'save-into-list')
        .send({
          prospects: [{ name: 'Ada Replay', email: 'ada.replay@example.com' }],
          list_id: list.body.data.id,
        });
    await save(ws.auth).expect(201);
    const contactsOnly = await t.createKey(ws.id, ['contacts:write']);
    const refused = await save({ Authorization: `Bearer ${contactsOnly.key}` }).expect(403);
    expect(refused.body.error.message).toContain('lists:write');

    const createAdminKey = (auth: Record<string, string>) =>
      t
        .http()
        .post('/v1/api-keys')
        .set(auth)
        .set('Idempotency-Key', 'admin-key')
        .send({ name: 'Replayed admin', scopes: ['admin'] });
    await createAdminKey(ws.auth).expect(201);
    const keyWriter = await t.createKey(ws.id, ['api_keys:write']); // cannot grant api_keys:read
    const notGranted = await createAdminKey({ Authorization: `Bearer ${keyWriter.key}` }).expect(
      403,
    );
    expect(notGranted.body.error.details.missing_scopes).toEqual(['api_keys:read']);
  });

  describe('a claim whose request is still in progress', () => {
    /** A claim for `key` with the fingerprint of `body`, stamped with owner `owner`. */
    const plantClaim = async (key: string, body: object, owner: number) => {
      await createList(`${key}-model`, body).expect(201);
      await t.dataSource.query(
        `INSERT INTO idempotency_keys (workspace_id, key, fingerprint, owner, expires_at)
         SELECT workspace_id, $2, fingerprint, $3, now() + interval '1 day'
         FROM idempotency_keys WHERE workspace_id = $1 AND key = $4`,
        [ws.id, key, owner, `${key}-model`],
      );
      await t.dataSource.query('DELETE FROM lists WHERE name = $1', [
        (body as { name: string }).name,
      ]);
    };

    it('is taken over at once when no session holds its owner lock (its instance died)', async () => {
      await plantClaim('orphan-1', { name: 'Orphaned' }, 1_234_567);
      const started = Date.now();
      await createList('orphan-1', { name: 'Orphaned' }).expect(201);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(await countLists('Orphaned')).toBe(1);
    });

    it('is waited for while its owner lives, and taken over the moment the owner dies', async () => {
      const owner = new Client({ connectionString: t.databaseUrl });
      await owner.connect();
      await owner.query('SELECT pg_advisory_lock($1, $2)', [OWNER_LOCK_SPACE, 7_654_321]);
      await plantClaim('owned-1', { name: 'Owned' }, 7_654_321);
      const started = Date.now();
      const retry = createList('owned-1', { name: 'Owned' }).then((res) => res);
      await sleep(1_000);
      expect(await countLists('Owned')).toBe(0); // waiting, not running
      await owner.end(); // the owner's session ends: its lock goes with it
      const res = await retry;
      expect(res.status).toBe(201);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await countLists('Owned')).toBe(1);
    });

    it('keeps a retry waiting for a request that is genuinely running, then replays it', async () => {
      const list = await createList('list-for-slow-save', { name: 'Slow saves' }).expect(201);
      const save = () =>
        t
          .http()
          .post('/v1/prospects/save')
          .set(ws.auth)
          .set('Idempotency-Key', 'slow-save')
          .send({
            prospects: [{ name: 'Slow Sam', email: 'slow.sam@example.com' }],
            list_id: list.body.data.id,
          })
          .then((res) => res);
      // The test holds the list's row lock: the save waits for it inside its transaction.
      const blocker = new Client({ connectionString: t.databaseUrl });
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM lists WHERE id = $1 FOR UPDATE', [list.body.data.id]);
      const original = save();
      await sleep(300);
      const retry = save();
      await sleep(700);
      await blocker.query('ROLLBACK');
      await blocker.end();
      const [first, second] = await Promise.all([original, retry]);
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.text).toBe(first.text); // the stored response, not a second run
      const contacts = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM contacts WHERE email = 'slow.sam@example.com'`,
      );
      expect(contacts[0].n).toBe(1);
    });
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

  it('runs on exactly the routes whose documented operation takes Idempotency-Key', () => {
    type Operation = { operationId: string; parameters?: { name?: string }[] };
    const paths = buildOpenApiDocument(t.app).paths as Record<string, Record<string, Operation>>;
    const documented = Object.values(paths).flatMap((item) =>
      Object.values(item)
        .filter((op) => op.parameters?.some((p) => p.name === 'Idempotency-Key'))
        .map((op) => op.operationId),
    );
    // operationIds are the controller methods' names (openapi-document.ts).
    const intercepted = [...t.app.get(ModulesContainer).values()].flatMap((module) =>
      [...module.controllers.values()].flatMap(({ metatype }) => {
        const prototype = (metatype as { prototype: Record<string, unknown> }).prototype;
        return Object.getOwnPropertyNames(prototype).filter((name) =>
          (
            Reflect.getMetadata(INTERCEPTORS_METADATA, prototype[name] as object) as
              unknown[] | undefined
          )?.includes(IdempotencyInterceptor),
        );
      }),
    );
    expect(documented.length).toBeGreaterThanOrEqual(14);
    expect(intercepted.sort()).toEqual(documented.sort());
  });
});
