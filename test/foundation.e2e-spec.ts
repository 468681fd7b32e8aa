import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { IS_PUBLIC, REQUIRED_SCOPES } from '../src/common/auth/auth.decorators';
import { ApiKeysService } from '../src/modules/api-keys/api-keys.service';
import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

const ERROR_SHAPE = {
  error: {
    code: expect.any(String),
    message: expect.any(String),
    request_id: expect.stringMatching(/^req_/),
  },
};

describe('Foundation (e2e)', () => {
  let t: TestApp;
  let ws: TestWorkspace;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await t.createWorkspace({ plan: 'pro', scopes: ['read'] });
  });
  afterAll(() => t.close());

  describe('GET /v1/me', () => {
    it('describes the calling key and its workspace', async () => {
      const res = await t.http().get('/v1/me').set(ws.auth).expect(200);
      expect(res.body.data.workspace).toEqual({ id: ws.id, name: expect.any(String), plan: 'pro' });
      expect(res.body.data.key).toEqual({
        id: ws.keyId,
        name: expect.any(String),
        prefix: ws.key.slice(0, 12),
        scopes: ['prospects:read', 'contacts:read', 'lists:read'],
        rate_limit_tier: 'standard',
        expires_at: null,
      });
      expect(JSON.stringify(res.body)).not.toContain(ws.key);
    });

    // Served outside Nest's pipeline (useLeanRoute): the answers of any other route.
    it('answers HEAD as GET without the body, other methods as no route, and counts both', async () => {
      const get = await t.http().get('/v1/me').set(ws.auth).expect(200);
      const head = await t.http().head('/v1/me').set(ws.auth).expect(200);
      expect(head.text ?? '').toBe('');
      expect(head.headers['content-type']).toBe(get.headers['content-type']);
      expect(head.headers['x-ratelimit-limit']).toBe(get.headers['x-ratelimit-limit']);
      expect(Number(head.headers['x-ratelimit-remaining'])).toBe(
        Number(get.headers['x-ratelimit-remaining']) - 1,
      );
      await t.http().head('/v1/me').expect(401);
      const post = await t.http().post('/v1/me').set(ws.auth).expect(404);
      expect(post.body).toMatchObject(ERROR_SHAPE);
    });
  });

  describe('authentication', () => {
    const cases: [string, () => Record<string, string>][] = [
      ['no Authorization header', () => ({})],
      ['a non-Bearer scheme', () => ({ Authorization: `Basic ${ws.key}` })],
      ['a malformed key', () => ({ Authorization: 'Bearer wbk_short' })],
      ['an unknown key', () => ({ Authorization: `Bearer wbk_${'a'.repeat(43)}` })],
    ];
    it.each(cases)('refuses %s with 401 invalid_key', async (_, headers) => {
      const res = await t.http().get('/v1/me').set(headers()).expect(401);
      expect(res.body).toMatchObject(ERROR_SHAPE);
      expect(res.body.error.code).toBe('invalid_key');
    });

    it('refuses a revoked key', async () => {
      const { key, id } = await t.createKey(ws.id, ['read']);
      await t
        .http()
        .get('/v1/me')
        .set({ Authorization: `Bearer ${key}` })
        .expect(200);
      await t.app.get(ApiKeysService).revoke(id);
      const res = await t
        .http()
        .get('/v1/me')
        .set({ Authorization: `Bearer ${key}` })
        .expect(401);
      expect(res.body.error.code).toBe('invalid_key');
    });

    it('refuses an expired key', async () => {
      // Expiring for real: the instance keeps keys it has resolved (KeyCache) and checks their
      // expires_at against the clock, so an UPDATE behind its back is not what expires a key.
      const expiresAt = new Date(Date.now() + 1_500);
      const { key } = await t.createKey(ws.id, ['read'], { expiresAt });
      await t
        .http()
        .get('/v1/me')
        .set({ Authorization: `Bearer ${key}` })
        .expect(200);
      await new Promise((done) => setTimeout(done, expiresAt.getTime() - Date.now() + 10));
      const res = await t
        .http()
        .get('/v1/me')
        .set({ Authorization: `Bearer ${key}` })
        .expect(401);
      expect(res.body.error.code).toBe('invalid_key');
    });

    it('stores only a SHA-256 hash of the secret', async () => {
      const rows: { hash: string; prefix: string }[] = await t.dataSource.query(
        'SELECT hash, prefix FROM api_keys WHERE id = $1',
        [ws.keyId],
      );
      expect(rows[0].hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0].prefix).toBe(ws.key.slice(0, 12));
      const all = JSON.stringify(await t.dataSource.query('SELECT * FROM api_keys'));
      expect(all).not.toContain(ws.key);
    });
  });

  describe('permissions', () => {
    it('refuses a key without the route scope with 403 naming the permission', async () => {
      const res = await t.http().get('/v1/api-keys').set(ws.auth).expect(403);
      expect(res.body).toMatchObject(ERROR_SHAPE);
      expect(res.body.error.code).toBe('insufficient_permissions');
      expect(res.body.error.message).toContain('api_keys:read');
    });
  });

  describe('every route declares its permission', () => {
    it('has @RequireScopes or @Public on each handler', () => {
      const controllers = [...t.app.get(ModulesContainer).values()].flatMap((m) => [
        ...m.controllers.values(),
      ]);
      const scanner = new MetadataScanner();
      const reflector = new Reflector();
      const routes: string[] = [];
      const undeclared: string[] = [];
      for (const wrapper of controllers) {
        const type = wrapper.metatype as new () => object;
        const prototype = type.prototype as Record<string, () => unknown>;
        for (const name of scanner.getAllMethodNames(prototype)) {
          const handler = prototype[name];
          if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
          const route = `${type.name}.${name} ${String(Reflect.getMetadata(PATH_METADATA, handler))}`;
          routes.push(route);
          const declared =
            reflector.getAllAndOverride(IS_PUBLIC, [handler, type]) ||
            reflector.getAllAndOverride(REQUIRED_SCOPES, [handler, type]) !== undefined;
          if (!declared) undeclared.push(route);
        }
      }
      expect(routes.length).toBeGreaterThanOrEqual(3);
      expect(undeclared).toEqual([]);
    });
  });

  describe('errors and request ids', () => {
    it('answers an unknown route with 404 not_found in the error shape', async () => {
      const res = await t.http().get('/v1/nothing-here').set(ws.auth).expect(404);
      expect(res.body).toMatchObject(ERROR_SHAPE);
      expect(res.body.error.code).toBe('not_found');
      expect(res.headers['x-request-id']).toBe(res.body.error.request_id);
    });

    it('answers malformed JSON with 400, a wrong content type with 415, an oversized body with 413', async () => {
      const admin = await t.createWorkspace({ scopes: ['admin'] });
      const post = () => t.http().post('/v1/api-keys').set(admin.auth);
      const malformed = await post()
        .set('Content-Type', 'application/json')
        .send('{"name": ')
        .expect(400);
      expect(malformed.body).toMatchObject(ERROR_SHAPE);
      expect(malformed.body.error.code).toBe('validation_error');
      const text = await post().set('Content-Type', 'text/plain').send('name=x').expect(415);
      expect(text.body).toMatchObject(ERROR_SHAPE);
      expect(text.body.error.code).toBe('unsupported_media_type');
      const huge = await post()
        .send({ name: 'x', scopes: ['read'], description: 'x'.repeat(6 * 1024 * 1024) })
        .expect(413);
      expect(huge.body).toMatchObject(ERROR_SHAPE);
      expect(huge.body.error.code).toBe('payload_too_large');
      const count = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM api_keys WHERE workspace_id = $1',
        [admin.id],
      );
      expect(count[0].n).toBe(1);
    });

    it('gives every response a req_ ULID request id, and echoes a sane client one', async () => {
      const res = await t.http().get('/health/live').expect(200);
      expect(res.headers['x-request-id']).toMatch(/^req_[0-9A-HJKMNP-TV-Z]{26}$/);
      const echoed = await t
        .http()
        .get('/health/live')
        .set('X-Request-ID', 'client-id-42')
        .expect(200);
      expect(echoed.headers['x-request-id']).toBe('client-id-42');
      const insane = await t
        .http()
        .get('/health/live')
        .set('X-Request-ID', 'bad id <script>')
        .expect(200);
      expect(insane.headers['x-request-id']).toMatch(/^req_/);
    });

    it('does not echo a client request id shaped like an API key (it would be logged too)', async () => {
      const res = await t.http().get('/health/live').set('X-Request-ID', ws.key).expect(200);
      expect(res.headers['x-request-id']).toMatch(/^req_[0-9A-HJKMNP-TV-Z]{26}$/);
    });
  });

  describe('security headers', () => {
    it('sends X-Content-Type-Options: nosniff on every response, errors and refusals included', async () => {
      const responses = [
        await t.http().get('/v1/me').set(ws.auth).expect(200),
        await t.http().get('/v1/me').expect(401),
        await t.http().get('/v1/nowhere').set(ws.auth).expect(404),
        await t.http().get('/v1/contacts/%ff').set(ws.auth).expect(400), // refused by Fastify
        await t.http().get('/health/live').expect(200),
        await t.http().get('/openapi.json').expect(200),
      ];
      for (const res of responses) expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('serves the docs with a Content-Security-Policy and X-Frame-Options, not the API', async () => {
      for (const path of ['/docs', '/docs/swagger-ui-init.js', '/docs/swagger-ui.css']) {
        const res = await t.http().get(path).expect(200);
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(res.headers['content-security-policy']).toContain("script-src 'self'");
        expect(res.headers['x-frame-options']).toBe('DENY');
      }
      const init = await t.http().get('/docs/swagger-ui-init.js').expect(200);
      expect(init.text).not.toMatch(/"persistAuthorization":\s*true/);
      const api = await t.http().get('/v1/me').set(ws.auth).expect(200);
      expect(api.headers['content-security-policy']).toBeUndefined();
    });
  });

  describe('health and docs', () => {
    it('reports liveness and readiness without a key', async () => {
      const live = await t.http().get('/health/live').expect(200);
      // Answered by a plain Fastify handler (liveness.ts): the body and headers of the Nest route.
      expect(live.text).toBe('{"status":"ok","info":{},"error":{},"details":{}}');
      expect(live.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(live.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
      const head = await t.http().head('/health/live').expect(200);
      expect(head.headers['x-request-id']).toMatch(/^req_/);
      const ready = await t.http().get('/health/ready').expect(200);
      expect(ready.body.info.database.status).toBe('up');
    });

    it('serves Swagger UI at /docs and the OpenAPI document with a bearer scheme', async () => {
      const docs = await t.http().get('/docs').redirects(1).expect(200);
      expect(docs.text).toContain('swagger');
      const doc = await t.http().get('/openapi.json').expect(200);
      expect(doc.body.openapi).toMatch(/^3\./);
      expect(doc.body.components.securitySchemes.bearer).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      expect(doc.body.paths['/v1/me'].get.security).toEqual([{ bearer: [] }]);
    });
  });

  describe('unexpected errors', () => {
    it('become a bare 500 internal_error without SQL or internals', async () => {
      // A key this instance has not resolved yet, so that the request reads the database.
      const { key } = await t.createKey(ws.id, ['read']);
      await t.dataSource.query('ALTER TABLE workspaces RENAME TO workspaces_gone');
      try {
        const res = await t
          .http()
          .get('/v1/me')
          .set({ Authorization: `Bearer ${key}` })
          .expect(500);
        expect(res.body).toMatchObject(ERROR_SHAPE);
        expect(res.body.error.code).toBe('internal_error');
        expect(JSON.stringify(res.body)).not.toMatch(/workspaces|SELECT|relation|at .*\.ts/);
      } finally {
        await t.dataSource.query('ALTER TABLE workspaces_gone RENAME TO workspaces');
      }
    });
  });
});
