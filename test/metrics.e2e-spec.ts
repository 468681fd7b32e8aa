import { randomBytes } from 'node:crypto';
import './helpers/contract-log';
import { freePort } from './helpers/server-process';
import { startTestApp, TestApp } from './helpers/test-app';

/** One sample's value from Prometheus text (0 when the series does not exist yet). */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('Metrics (e2e)', () => {
  const token = `metrics-${randomBytes(12).toString('hex')}`;

  describe('behind METRICS_TOKEN on the API port', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ METRICS_TOKEN: token, PLAN_LIMITS: 'starter=2/100' });
    });
    afterAll(() => t.close());

    const scrape = async () => {
      const res = await t.http().get('/metrics').set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.text;
    };

    it('is refused without the token, or with another', async () => {
      for (const auth of [undefined, 'Bearer nope', `Bearer ${token}x`, token]) {
        const req = t.http().get('/metrics');
        const res = await (auth ? req.set('Authorization', auth) : req);
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('invalid_key');
        expect(res.text).not.toContain('http_requests_total');
      }
    });

    it('moves its counters with requests: by route pattern and status', async () => {
      const ws = await t.createWorkspace({ plan: 'unlimited' });
      const me = 'http_requests_total{method="GET",route="/v1/me",status="200"}';
      const contact = 'http_requests_total{method="GET",route="/v1/contacts/:id",status="404"}';
      const before = await scrape();
      for (let i = 0; i < 3; i++) await t.http().get('/v1/me').set(ws.auth).expect(200);
      const missing = '3f1c2b8e-8a6d-4a57-9a43-0f1b7d9c2e11';
      await t.http().get(`/v1/contacts/${missing}`).set(ws.auth).expect(404);
      const after = await scrape();
      expect(sample(after, me) - sample(before, me)).toBe(3);
      expect(sample(after, contact) - sample(before, contact)).toBe(1);
      expect(after).toContain(
        'http_request_duration_seconds_count{method="GET",route="/v1/me",status="200"}',
      );
      // The pool, and Node's own metrics.
      expect(after).toMatch(/^db_pool_connections_idle \d+/m);
      expect(after).toMatch(/^db_pool_connections_in_use \d+/m);
      expect(after).toMatch(/^db_pool_waiting_requests \d+/m);
      expect(after).toMatch(/^process_cpu_user_seconds_total /m);
      expect(after).toMatch(/^nodejs_eventloop_lag_seconds /m);
    });

    it('counts rate-limit refusals by plan, idempotent replays and search cache lookups', async () => {
      const starter = await t.createWorkspace({ plan: 'starter' });
      const ws = await t.createWorkspace({ plan: 'unlimited' });
      const before = await scrape();
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await t.http().get('/v1/me').set(starter.auth)).status);
      expect(statuses).toEqual([200, 200, 429]);
      const body = { name: `Replayed ${Date.now()}` };
      for (let i = 0; i < 2; i++) {
        await t
          .http()
          .post('/v1/lists')
          .set(ws.auth)
          .set('Idempotency-Key', 'metrics-1')
          .send(body)
          .expect(201);
      }
      const search = { query: { person_titles: ['Metrics Officer'] } };
      for (let i = 0; i < 2; i++) {
        await t.http().post('/v1/prospects/search').set(ws.auth).send(search).expect(200);
      }
      const after = await scrape();
      const moved = (series: string) => sample(after, series) - sample(before, series);
      expect(moved('rate_limit_refusals_total{plan="starter"}')).toBe(1);
      expect(moved('idempotent_replays_total')).toBe(1);
      expect(moved('search_cache_lookups_total{result="miss"}')).toBe(1);
      expect(moved('search_cache_lookups_total{result="hit"}')).toBe(1);
    });
  });

  it('is not served at all without METRICS_PORT or METRICS_TOKEN', async () => {
    const t = await startTestApp();
    try {
      const res = await t.http().get('/metrics');
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('http_requests_total');
    } finally {
      await t.close();
    }
  });

  it('with METRICS_PORT, is served there only (and asks for the token when one is set)', async () => {
    const port = await freePort();
    const t = await startTestApp({ METRICS_PORT: String(port), METRICS_TOKEN: token });
    try {
      expect((await t.http().get('/metrics').set('Authorization', `Bearer ${token}`)).status).toBe(
        404,
      );
      const url = `http://127.0.0.1:${port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${port}/v1/me`)).status).toBe(404);
      await t.http().get('/health/live').expect(200);
      const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(
        'http_requests_total{method="GET",route="/health/live",status="200"} 1',
      );
    } finally {
      await t.close();
    }
    // Closed with the app.
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});
