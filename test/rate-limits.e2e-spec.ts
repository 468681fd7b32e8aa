import type { Response } from 'supertest';
import { setTimeout as sleep } from 'node:timers/promises';
import { awayFromMinuteBoundary } from './helpers/clock';
import { PrivateRedis, until } from './helpers/private-redis';
import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

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

    it('admits exactly the budget of a burst sent to both at once, each with its own place', async () => {
      await awayFromMinuteBoundary(20_000);
      const ws = await a.createWorkspace({ plan: 'starter', scopes: ['read'] });
      const burst = await Promise.all(
        Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).http().get('/v1/me').set(ws.auth)),
      );
      const admitted = burst.filter((r) => r.status === 200);
      expect(admitted).toHaveLength(10);
      expect(burst.filter((r) => r.status === 429)).toHaveLength(20);
      const remaining = admitted.map((r) => Number(r.headers['x-ratelimit-remaining']));
      expect(remaining.sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('puts the rate-limit headers on every answer of a burst, and Retry-After on each 429', async () => {
      await awayFromMinuteBoundary(20_000);
      const [one, other] = await Promise.all([
        a.createWorkspace({ plan: 'starter', scopes: ['read'] }),
        a.createWorkspace({ plan: 'starter', scopes: ['read'] }),
      ]);
      const burst = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          (i % 2 ? a : b)
            .http()
            .get('/v1/me')
            .set((i % 4 < 2 ? one : other).auth),
        ),
      );
      for (const r of burst) {
        expect(r.headers['x-ratelimit-limit']).toBe('10');
        expect(Number(r.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
        if (r.status === 429) expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect(burst.filter((r) => r.status === 200)).toHaveLength(20); // 10 for each workspace
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
    let redis: PrivateRedis;
    let a: TestApp;
    let b: TestApp;

    beforeAll(async () => {
      redis = await PrivateRedis.start();
      a = await startTestApp({ REDIS_URL: redis.url });
      b = await startTestApp({ REDIS_URL: redis.url }, a);
    });
    afterAll(async () => {
      await b.close();
      await a.close();
      await redis.kill();
    });

    const me = (app: TestApp, ws: TestWorkspace) => app.http().get('/v1/me').set(ws.auth);
    const redisStatus = async (app: TestApp) =>
      (await app.http().get('/health/ready').expect(200)).body.details.redis.status as string;
    const bothSeeRedisUp = () =>
      until(async () => (await redisStatus(a)) === 'up' && (await redisStatus(b)) === 'up', 10_000);

    it('counts per instance in memory while it is down (headers kept, ready but degraded), and shared again once it is back', async () => {
      await awayFromMinuteBoundary(40_000);
      // Killed under load: a starter workspace (10 a minute) hammered through both instances.
      const loaded = await a.createWorkspace({ plan: 'starter', scopes: ['read'] });
      const answers: Response[] = [];
      let loading = true;
      const loop = async (app: TestApp) => {
        while (loading) answers.push(await me(app, loaded));
      };
      const loops = [a, b, a, b].map(loop);
      await sleep(300);
      await redis.kill();
      await sleep(700);
      loading = false;
      await Promise.all(loops);
      for (const res of answers) {
        expect([200, 429]).toContain(res.status);
        expect(res.headers['x-ratelimit-limit']).toBe('10');
        expect(res.headers['x-ratelimit-remaining']).toMatch(/^\d+$/);
      }
      const served = answers.filter((res) => res.status === 200).length;
      // At most 10 counted in Redis before the kill and 10 in each instance's memory after it;
      // more than one shared budget, since each instance counts on its own.
      expect(served).toBeGreaterThan(10);
      expect(served).toBeLessThanOrEqual(30);

      // Per instance, exactly: a workspace first seen while Redis is down gets 10 from each.
      const fresh = await a.createWorkspace({ plan: 'starter', scopes: ['read'] });
      for (const app of [a, b]) {
        for (let i = 1; i <= 10; i++) {
          const res = await me(app, fresh).expect(200);
          expect(res.headers['x-ratelimit-remaining']).toBe(String(10 - i));
        }
        const refused = await me(app, fresh).expect(429);
        expect(refused.body.error.code).toBe('rate_limited');
        expect(refused.headers['retry-after']).toBeDefined();
      }
      for (const app of [a, b]) {
        const ready = await app.http().get('/health/ready').expect(200);
        expect(ready.body).toEqual({
          status: 'ok',
          info: {
            database: { status: 'up' },
            redis: expect.objectContaining({ status: 'degraded' }),
          },
          error: {},
          details: {
            database: { status: 'up' },
            redis: expect.objectContaining({ status: 'degraded' }),
          },
        });
      }

      await redis.restart(); // empty: nothing counted survives
      await bothSeeRedisUp();
      const shared = await a.createWorkspace({ plan: 'starter', scopes: ['read'] });
      for (let i = 1; i <= 10; i++) {
        const res = await me(i % 2 ? a : b, shared).expect(200);
        expect(res.headers['x-ratelimit-remaining']).toBe(String(10 - i));
      }
      await me(a, shared).expect(429);
      await me(b, shared).expect(429);
      // The memory counts of the outage are left behind: Redis counts this workspace afresh.
      await me(a, fresh).expect(200);
    });

    it('answers without waiting on a connected Redis that stops answering', async () => {
      await awayFromMinuteBoundary(20_000);
      const ws = await a.createWorkspace({ plan: 'starter', scopes: ['read'] });
      await me(a, ws).expect(200);
      redis.pause(); // the connection stays open; no reply comes
      try {
        // Requests already waiting on Redis give up after its command timeout (500 ms) ...
        const first = await Promise.all([1, 2, 3].map(() => me(a, ws).timeout(5_000)));
        expect(first.map((res) => res.status)).toEqual([200, 200, 200]);
        first.forEach((res) => expect(res.headers['x-ratelimit-limit']).toBe('10'));
        // ... and from then on requests count in memory at once, while Redis is probed aside.
        const started = Date.now();
        for (let i = 0; i < 5; i++) await me(a, ws).timeout(5_000).expect(200);
        expect(Date.now() - started).toBeLessThan(1_000);
        const ready = await a.http().get('/health/ready').timeout(5_000).expect(200);
        expect(ready.body.details.redis.status).toBe('degraded');
      } finally {
        redis.resume();
      }
      await bothSeeRedisUp();
      // Counted in Redis again: the two instances spend one budget.
      const onA = Number((await me(a, ws).expect(200)).headers['x-ratelimit-remaining']);
      const onB = Number((await me(b, ws).expect(200)).headers['x-ratelimit-remaining']);
      expect(onB).toBe(onA - 1);
    });
  });
});
