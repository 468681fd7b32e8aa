import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds: from a cached `/v1/me` (well under 5 ms) to a request cut at the statement timeout. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Requests that matched no route share one label: paths must not create series. */
export const UNMATCHED_ROUTE = '(unmatched)';

type RequestSeries = { count: Counter.Internal; latency: Histogram.Internal<string> };

/**
 * The service's Prometheus metrics, in a registry of its own per app (tests run several apps in
 * one process; a shared default registry would mix them and refuse the second registration).
 * Labels are bounded sets: route patterns, methods, statuses, plans — never ids.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });

  private readonly latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from the request arriving to its response being sent, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly rateLimitRefusals = new Counter({
    name: 'rate_limit_refusals_total',
    help: 'Requests refused with 429, by plan (`anonymous`: the per-address budget of requests without a valid key).',
    labelNames: ['plan'],
    registers: [this.registry],
  });

  readonly idempotentReplays = new Counter({
    name: 'idempotent_replays_total',
    help: 'Requests answered with the stored response of an earlier request with the same Idempotency-Key.',
    registers: [this.registry],
  });

  readonly searchCache = new Counter({
    name: 'search_cache_lookups_total',
    help: 'Prospect searches by what the match-list cache had: `hit`, `miss`, or `stale` (the data changed since).',
    labelNames: ['result'],
    registers: [this.registry],
  });

  readonly searchIndexProspects = new Gauge({
    name: 'search_index_prospects',
    help: "Prospects in this instance's in-memory search index; 0 while it has none in step with the data (searches then read the database).",
    registers: [this.registry],
  });

  /** Label children by `method route status`: a request costs a map lookup, not a label hash. */
  private readonly series = new Map<string, RequestSeries>();
  private processMetrics = false;

  observeRequest(method: string, route: string | undefined, status: number, seconds: number): void {
    const key = `${method} ${route ?? UNMATCHED_ROUTE} ${status}`;
    let series = this.series.get(key);
    if (!series) {
      const labels = { method, route: route ?? UNMATCHED_ROUTE, status: String(status) };
      series = { count: this.requests.labels(labels), latency: this.latency.labels(labels) };
      this.series.set(key, series);
    }
    series.count.inc();
    series.latency.observe(seconds);
  }

  /** Node's own metrics (CPU, memory, event loop lag, GC, handles): only where they are served. */
  collectProcessMetrics(): void {
    if (this.processMetrics) return;
    this.processMetrics = true;
    collectDefaultMetrics({ register: this.registry });
  }
}
