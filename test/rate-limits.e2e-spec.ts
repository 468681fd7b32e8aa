import { ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { awayFromMinuteBoundary } from './helpers/clock';
import { freePort } from './helpers/server-process';
import { startTestApp, TestApp } from './helpers/test-app';

const LOCAL_REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function nextUtcMidnight(): number {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) / 1000;
}

describe('Rate limits (e2e)', () => {
  describe('on one instance', () => {
    let t: TestApp;
    beforeAll(async () => {
      // In-memory counters (no REDIS_URL), so no other suite's requests share this address budget.
      t = await startTestApp({
        PLAN_LIMITS: 'pro=none/3,org=10/4',
        ANONYMOUS_RATE_LIMIT: '3',
        REDIS_URL: '',
      });
    });
    afterAll(() => t.close());

    it('allows a starter workspace 10 requests a minute, then 429 with Retry-After', async () => {
      await awayFromMinuteBoundary();
      const ws = await t.createWorkspace({ plan: 'starter', scopes: ['read'] });
      for (let i = 1; i <= 10; i++) {
        const res = await t.http().get('/v1/me').set(ws.auth).expect(200);
        expect(res.headers['x-ratelimit-limit']).toBe('10');
        expect(res.headers['x-ratelimit-remaining']).toBe(String(10 - i));
        const reset = Number(res.headers['x-ratelimit-reset']);
        expect(reset % 60).toBe(0);
        expect(reset - Date.now() / 1000).toBeLessThanOrEqual(60);
      }
      const refused = await t.http().get('/v1/me').set(ws.auth).expect(429);
      expect(refused.body.error).toMatchObject({
        code: 'rate_limited',
        details: { limit: 10, window: 'minute' },
      });
      expect(refused.body.error.message).toMatch(/10 requests per minute/);
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    });

    it('puts the headers on authenticated error responses too', async () => {
      await awayFromMinuteBoundary();
      const ws = await t.createWorkspace({ plan: 'starter', scopes: ['read'] });
      const auth = ws.auth;
      const notFound = await t
        .http()
        .get('/v1/lists/00000000-0000-4000-8000-000000000000')
        .set(auth)
        .expect(404);
      const invalid = await t.http().get('/v1/contacts?per_page=500').set(auth).expect(400);
      const forbidden = await t.http().post('/v1/lists').set(auth).send({ name: 'x' }).expect(403);
      for (const res of [notFound, invalid, forbidden]) {
        expect(res.headers['x-ratelimit-limit']).toBe('10');
        expect(res.headers['x-ratelimit-reset']).toMatch(/^\d+$/);
      }
      expect(Number(invalid.headers['x-ratelimit-remaining'])).toBe(
        Number(notFound.headers['x-ratelimit-remaining']) - 1,
      );
    });

    it('resets the day window at 00:00 UTC', async () => {
      const ws = await t.createWorkspace({ plan: 'pro', scopes: ['read'] }); // pro = none/3 here
      for (let i = 0; i < 3; i++) await t.http().get('/v1/me').set(ws.auth).expect(200);
      const refused = await t.http().get('/v1/me').set(ws.auth).expect(429);
      expect(refused.body.error.details).toMatchObject({ limit: 3, window: 'day' });
      expect(Number(refused.headers['x-ratelimit-reset'])).toBe(nextUtcMidnight());
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('shows the window closest to running out, and current usage in /v1/me', async () => {
      await awayFromMinuteBoundary();
      const ws = await t.createWorkspace({ plan: 'org', scopes: ['read'] }); // org = 10/4 here
      const res = await t.http().get('/v1/me').set(ws.auth).expect(200);
      expect(res.headers['x-ratelimit-limit']).toBe('4'); // day: 3 left, minute: 9 left
      expect(res.headers['x-ratelimit-remaining']).toBe('3');
      expect(res.body.data.usage).toEqual({
        minute: { limit: 10, used: 1, remaining: 9, reset: expect.any(Number) },
        day: { limit: 4, used: 1, remaining: 3, reset: nextUtcMidnight() },
      });
    });

    it('exempts unmetered keys and unlimited plans', async () => {
      const ws = await t.createWorkspace({ plan: 'pro', scopes: ['read'] });
      const { key } = await t.createKey(ws.id, ['read'], { rateLimitTier: 'unmetered' });
      for (let i = 0; i < 5; i++) {
        const res = await t.http().get('/v1/me').set('Authorization', `Bearer ${key}`).expect(200);
        expect(res.headers['x-ratelimit-limit']).toBeUndefined();
        expect(res.body.data.usage).toEqual({ minute: null, day: null });
      }
      const unlimited = await t.createWorkspace({ plan: 'unlimited', scopes: ['read'] });
      for (let i = 0; i < 12; i++) await t.http().get('/v1/me').set(unlimited.auth).expect(200);
    });

    it('authenticates first, then limits: a bad key gets 401 even when the workspace is spent', async () => {
      const ws = await t.createWorkspace({ plan: 'pro', scopes: ['read'] });
      for (let i = 0; i < 3; i++) await t.http().get('/v1/me').set(ws.auth).expect(200);
      await t.http().get('/v1/me').set(ws.auth).expect(429);
      const other = await t.createWorkspace({ plan: 'unlimited', scopes: ['read'] });
      await t.http().get('/v1/me').set(other.auth).expect(200); // budgets are per workspace
      const bad = await t
        .http()
        .get('/v1/me')
        .set('Authorization', 'Bearer wbk_unknownunknownunknownunknownunknownunknown');
      expect(bad.status).toBe(401);
    });

    it('limits requests without a valid key per client address', async () => {
      await awayFromMinuteBoundary();
      // The previous test spent one of this address's 3 anonymous requests this minute.
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await t.http().get('/v1/me').set('Authorization', 'Bearer nope')).status);
      expect(statuses).toContain(429);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
      const refused = await t.http().get('/v1/me');
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBeDefined();
      expect(refused.body.error.code).toBe('rate_limited');
    });
  });

  describe('behind a proxy', () => {
    it('counts anonymous requests per forwarded address only with TRUST_PROXY=true', async () => {
      await awayFromMinuteBoundary();
      const env = { ANONYMOUS_RATE_LIMIT: '2', REDIS_URL: '' };
      const from = (app: TestApp, address: string) =>
        app.http().get('/v1/me').set('X-Forwarded-For', address);
      const trusting = await startTestApp({ ...env, TRUST_PROXY: 'true' });
      const direct = await startTestApp(env);
      try {
        for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
          expect((await from(trusting, address)).status).toBe(401); // a new address, a new budget
        }
        const statuses = [];
        for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
          statuses.push((await from(direct, address)).status);
        expect(statuses).toEqual([401, 401, 429]); // the header is ignored: one client, one budget
      } finally {
        await trusting.close();
        await direct.close();
      }
    });
  });

  describe('shared through Redis by several instances', () => {
    let a: TestApp;
    let b: TestApp;
    beforeAll(async () => {
      a = await startTestApp({ REDIS_URL: LOCAL_REDIS });
      b = await startTestApp({ REDIS_URL: LOCAL_REDIS }, a);
    });
    afterAll(async () => {
      await b.close();
      await a.close();
    });

    it('refuses the 11th request of a starter workspace, whichever instance gets it', async () => {
      await awayFromMinuteBoundary(20_000);
      const ws = await a.createWorkspace({ plan: 'starter', scopes: ['read'] });
      for (let i = 0; i < 10; i++)
        await (i % 2 ? a : b).http().get('/v1/me').set(ws.auth).expect(200);
      await a.http().get('/v1/me').set(ws.auth).expect(429);
      await b.http().get('/v1/me').set(ws.auth).expect(429);
    });

    it('keeps the budget when an instance restarts mid-window', async () => {
      await awayFromMinuteBoundary(25_000);
      const ws = await a.createWorkspace({ plan: 'starter', scopes: ['read'] });
      for (let i = 0; i < 6; i++) await b.http().get('/v1/me').set(ws.auth).expect(200);
      await b.close();
      b = await startTestApp({ REDIS_URL: LOCAL_REDIS }, a);
      for (let i = 0; i < 4; i++) await b.http().get('/v1/me').set(ws.auth).expect(200);
      const refused = await b.http().get('/v1/me').set(ws.auth).expect(429);
      expect(refused.body.error.code).toBe('rate_limited');
    });
  });

  describe('when Redis goes away', () => {
    let redis: ChildProcess;
    let port: number;
    let t: TestApp;

    const startRedis = async () => {
      redis = spawn('redis-server', [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
      ]);
      await sleep(300);
    };

    beforeAll(async () => {
      port = await freePort();
      await startRedis();
      t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}` });
    });
    afterAll(async () => {
      await t.close();
      redis.kill();
    });

    it('keeps serving (fails open), reports it in /health/ready, and limits again when it returns', async () => {
      await awayFromMinuteBoundary(30_000);
      const ws = await t.createWorkspace({ plan: 'starter', scopes: ['read'] });
      await t.http().get('/v1/me').set(ws.auth).expect(200);
      expect((await t.http().get('/health/ready').expect(200)).body.info.redis.status).toBe('up');

      redis.kill();
      await sleep(300);
      for (let i = 0; i < 12; i++) await t.http().get('/v1/me').set(ws.auth).expect(200);
      const ready = await t.http().get('/health/ready').expect(503);
      expect(ready.body.error.code).toBe('service_unavailable');
      expect(ready.body.error.details.error.redis.status).toBe('down');

      await startRedis();
      await sleep(2_500); // the client reconnects on its own
      await t.http().get('/health/ready').expect(200);
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++)
        statuses.push((await t.http().get('/v1/me').set(ws.auth)).status);
      expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true); // fresh Redis: counting starts again
      expect(statuses[10]).toBe(429);
    });

    it('fails open rather than hang while a connected Redis stops answering', async () => {
      const ws = await t.createWorkspace({ plan: 'starter', scopes: ['read'] });
      await t.http().get('/v1/me').set(ws.auth).expect(200);
      redis.kill('SIGSTOP'); // the connection stays open; no reply ever comes
      try {
        const answers = await Promise.all(
          [1, 2, 3].map(() => t.http().get('/v1/me').set(ws.auth).timeout(5_000)),
        );
        expect(answers.map((res) => res.status)).toEqual([200, 200, 200]);
        const ready = await t.http().get('/health/ready').timeout(5_000);
        expect(ready.status).toBe(503);
      } finally {
        redis.kill('SIGCONT');
      }
      await sleep(500);
      await t.http().get('/health/ready').expect(200);
    });
  });
});
