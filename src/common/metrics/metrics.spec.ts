import { Metrics, UNMATCHED_ROUTE } from './metrics';
import { bearerMatches } from './metrics-token';

describe('Metrics', () => {
  it('counts and times requests by method, route pattern and status', async () => {
    const metrics = new Metrics();
    metrics.observeRequest('GET', '/v1/contacts/:id', 200, 0.004);
    metrics.observeRequest('GET', '/v1/contacts/:id', 200, 0.2);
    metrics.observeRequest('GET', undefined, 404, 0.001);
    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'http_requests_total{method="GET",route="/v1/contacts/:id",status="200"} 2',
    );
    expect(text).toContain(
      `http_requests_total{method="GET",route="${UNMATCHED_ROUTE}",status="404"} 1`,
    );
    expect(text).toContain(
      'http_request_duration_seconds_bucket{le="0.005",method="GET",route="/v1/contacts/:id",status="200"} 1',
    );
  });

  it('keeps each app’s metrics apart, and adds process metrics once asked', async () => {
    const [one, two] = [new Metrics(), new Metrics()];
    one.idempotentReplays.inc();
    two.collectProcessMetrics();
    two.collectProcessMetrics(); // a second call registers nothing twice
    expect(await one.registry.metrics()).toContain('idempotent_replays_total 1');
    expect(await two.registry.metrics()).toContain('idempotent_replays_total 0');
    expect(await two.registry.metrics()).toContain('process_cpu_user_seconds_total');
    expect(await one.registry.metrics()).not.toContain('process_cpu_user_seconds_total');
  });
});

describe('bearerMatches', () => {
  const token = 'metrics-token-0123456789';

  it('accepts exactly `Bearer <token>`', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    for (const header of [undefined, '', token, `Bearer ${token}x`, `bearer ${token}`, 'Bearer']) {
      expect(bearerMatches(header, token)).toBe(false);
    }
  });
});
