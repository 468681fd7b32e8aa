/**
 * `npm run bench:overhead`: what authentication and rate limiting cost per request.
 *
 * Side by side on the same running app, an authenticated, rate-limited `GET /v1/me` against the
 * unauthenticated bare `GET /health/live`. Target (docs: /work/shared/architecture.md): /v1/me
 * reaches at least 60 % of the requests/s of /health/live. As a diagnostic, /v1/me is also called
 * with an unmetered key (authenticated, not counted), which splits the cost into "authentication"
 * and "rate limiting".
 *
 * - A fresh database on the PostgreSQL at DATABASE_URL (admin connection, default
 *   postgres://postgres@127.0.0.1:5432/test); the CLI (of the compiled app) migrates it and creates
 *   an `org` workspace, a standard-tier `read` key and an unmetered `read` key. Dropped at the end.
 * - The compiled app runs as a child process (NODE_ENV=production, LOG_LEVEL=warn) with
 *   PLAN_LIMITS=org=100000000/100000000: high but real limits, so every standard-key request is
 *   counted in both windows (minute and day) and never refused.
 * - Two storages for the counters, each on a fresh server: Redis (REDIS_URL, default
 *   redis://127.0.0.1:6379, the multi-instance setup) and in-memory (no REDIS_URL).
 * - autocannon, BENCH_CONNECTIONS (16) keep-alive connections, BENCH_WARMUP_S (2) s warm-up then
 *   BENCH_DURATION_S (10) s per endpoint; BENCH_ROUNDS (3) rounds, the endpoint order rotating so
 *   load from elsewhere hits all of them. Any non-2xx, error or timeout makes the run invalid (a
 *   429 means the limit was hit).
 * - After each server's rounds, the workspace's day counter (from /v1/me) must have grown by the
 *   number of standard-key requests, proving the limiter counted every one.
 * - CPU per request, from /proc (measured period only): the server process, the PostgreSQL
 *   backends connected to the bench database, and redis-server as a whole (INFO cpu; shared).
 *
 * Other environment: BENCH_STORAGES (redis,memory), BENCH_SERVER_NODE_ARGS (extra node flags for
 * the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), BENCH_NO_WRITE=1 to skip RESULTS.md.
 * The section "## Overhead" of bench/RESULTS.md is replaced (or appended), keeping its hand-written
 * "### Findings" part; other sections are kept.
 *
 * The database, the compiled app, its CLI and server, the RESULTS.md section and the median come
 * from bench/bench-support.ts, shared with the other benchmarks.
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import Redis from 'ioredis';
import { Client } from 'pg';
import {
  ADMIN_URL,
  cli,
  compileApp,
  createDatabase,
  databaseUrl,
  dropDatabase,
  loadAverage,
  log,
  machine,
  median,
  postgresSetting,
  RESULTS_FILE,
  runBench,
  startServer,
  stopServer,
  writeResultsSection,
} from './bench-support';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 2);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STORAGES = (process.env.BENCH_STORAGES ?? 'redis,memory').split(',') as Storage[];
const PLAN_LIMITS = 'org=100000000/100000000';
const LIMIT = 100_000_000;
const TARGET = 0.6;
const TICK_US = 1e6 / 100; // /proc/<pid>/stat counts in clock ticks of 10 ms (CLK_TCK 100)

type Storage = 'redis' | 'memory';
/** live: GET /health/live; me: GET /v1/me, standard key; auth: GET /v1/me, unmetered key. */
type Endpoint = 'live' | 'me' | 'auth';
const ENDPOINTS: Endpoint[] = ['live', 'me', 'auth'];
const LABELS: Record<Endpoint, string> = {
  live: '/health/live',
  me: '/v1/me',
  auth: '/v1/me (unmetered)',
};

interface Cpu {
  server: number;
  postgres: number;
  redis: number;
}

interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  answered: number; // 2xx, warm-up included
  sent: number; // warm-up included
  cpu: Cpu; // µs per request
}

interface Round {
  order: string;
  got: Record<Endpoint, Measurement>;
  ratio: number; // me ÷ live
  authRatio: number; // auth ÷ live
}

interface StorageResult {
  storage: Storage;
  rounds: Round[];
  counted: number; // growth of the day counter seen by /v1/me
  meSent: number;
  meAnswered: number;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** utime + stime of a process, in clock ticks (0 once it has exited). */
function ticks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** CPU counters of the three processes that serve a request (µs). */
class CpuMeter {
  constructor(
    private readonly serverPid: number,
    private readonly database: string,
    private readonly pg: Client,
    private readonly redis: Redis,
  ) {}

  async snapshot(): Promise<{ server: number; backends: Map<number, number>; redis: number }> {
    const { rows } = await this.pg.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1',
      [this.database],
    );
    const info = await this.redis.info('cpu');
    const seconds = (field: string) =>
      Number(new RegExp(`${field}:([\\d.]+)`).exec(info)?.[1] ?? 0);
    return {
      server: ticks(this.serverPid) * TICK_US,
      backends: new Map(rows.map((r) => [r.pid, ticks(r.pid) * TICK_US])),
      redis: (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6,
    };
  }

  /** µs per request since `before`; a backend that started during the period counts from 0. */
  async since(before: Awaited<ReturnType<CpuMeter['snapshot']>>, requests: number): Promise<Cpu> {
    const after = await this.snapshot();
    let postgres = 0;
    for (const [pid, used] of after.backends) postgres += used - (before.backends.get(pid) ?? 0);
    return {
      server: (after.server - before.server) / requests,
      postgres: postgres / requests,
      redis: (after.redis - before.redis) / requests,
    };
  }
}

function cannon(url: string, key: string | undefined, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
}

async function measure(
  base: string,
  endpoint: Endpoint,
  keys: Keys,
  cpu: CpuMeter,
): Promise<Measurement> {
  const url = `${base}${endpoint === 'live' ? '/health/live' : '/v1/me'}`;
  const key = endpoint === 'live' ? undefined : keys[endpoint];
  const warm = await cannon(url, key, WARMUP_S);
  const before = await cpu.snapshot();
  const r = await cannon(url, key, DURATION_S);
  const used = await cpu.since(before, r.requests.total);
  const bad = [warm, r].reduce((sum, x) => sum + x.non2xx + x.errors + x.timeouts, 0);
  if (bad > 0) {
    throw new Error(
      `${LABELS[endpoint]}: ${bad} failed responses (status counts ${JSON.stringify(r.statusCodeStats)}) — run invalid`,
    );
  }
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    answered: warm['2xx'] + r['2xx'],
    sent: warm.requests.sent + r.requests.sent,
    cpu: used,
  };
}

interface Keys {
  me: string;
  auth: string;
}

interface Me {
  status: number;
  limitHeader: string | null;
  dayUsed: number;
  minuteLimit: number;
}

async function me(base: string, key: string): Promise<Me> {
  const res = await fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${key}` } });
  const body = (await res.json()) as {
    data?: { usage?: { minute?: { limit: number }; day?: { used: number } } };
  };
  return {
    status: res.status,
    limitHeader: res.headers.get('x-ratelimit-limit'),
    dayUsed: body.data?.usage?.day?.used ?? -1,
    minuteLimit: body.data?.usage?.minute?.limit ?? -1,
  };
}

async function benchStorage(
  buildDir: string,
  database: string,
  keys: Keys,
  storage: Storage,
): Promise<StorageResult> {
  const server = await startServer(buildDir, databaseUrl(database), {
    env: { PLAN_LIMITS, REDIS_URL: storage === 'redis' ? REDIS_URL : undefined },
  });
  const pg = new Client({ connectionString: ADMIN_URL });
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    await pg.connect();
    const cpu = new CpuMeter(server.pid, database, pg, redis);
    const before = await me(server.base, keys.me);
    if (
      before.status !== 200 ||
      before.limitHeader !== String(LIMIT) ||
      before.minuteLimit !== LIMIT
    ) {
      throw new Error(`/v1/me is not rate-limited as expected: ${JSON.stringify(before)}`);
    }
    const rounds: Round[] = [];
    let meSent = 0;
    let meAnswered = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const order = ENDPOINTS.map((_, j) => ENDPOINTS[(i + j) % ENDPOINTS.length]);
      const got = {} as Record<Endpoint, Measurement>;
      for (const endpoint of order) {
        const m = (got[endpoint] = await measure(server.base, endpoint, keys, cpu));
        log(
          `  ${storage} round ${i + 1} ${LABELS[endpoint]}: ${fmt(m.rps)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, ` +
            `CPU µs/request server ${fmt(m.cpu.server)} postgres ${fmt(m.cpu.postgres)} redis ${fmt(m.cpu.redis)}`,
        );
      }
      meSent += got.me.sent;
      meAnswered += got.me.answered;
      rounds.push({
        order: order.join(' → '),
        got,
        ratio: got.me.rps / got.live.rps,
        authRatio: got.auth.rps / got.live.rps,
      });
      log(`  ${storage} round ${i + 1}: ratio ${rounds[i].ratio.toFixed(2)}`);
    }
    // The day counter must have grown by every standard-key request the server answered
    // (requests in flight when autocannon stopped were sent and may or may not be counted).
    const after = await me(server.base, keys.me);
    const counted = after.dayUsed - before.dayUsed - 1;
    if (counted < meAnswered || counted > meSent) {
      throw new Error(
        `the limiter counted ${counted} /v1/me requests, expected ${meAnswered}…${meSent}`,
      );
    }
    return { storage, rounds, counted, meSent, meAnswered };
  } finally {
    redis.disconnect();
    await pg.end().catch(() => {});
    await stopServer(server);
  }
}

async function versions(): Promise<{ pg: string; redis: string }> {
  const pg = await postgresSetting('server_version');
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  const info = await client.info('server');
  client.disconnect();
  return { pg, redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown' };
}

function storageSection(s: StorageResult): string[] {
  const med = (pick: (r: Round) => number) => median(s.rounds.map(pick));
  const ratio = med((r) => r.ratio);
  const cell = (m: Measurement) => `${fmt(m.rps)} | ${m.p50} / ${m.p99}`;
  const cpuRow = (e: Endpoint) => {
    const c = (k: keyof Cpu) => fmt(med((r) => r.got[e].cpu[k]));
    const sum = med((r) => r.got[e].cpu.server + r.got[e].cpu.postgres + r.got[e].cpu.redis);
    return `| ${LABELS[e]} | ${c('server')} | ${c('postgres')} | ${c('redis')} | ${fmt(sum)} |`;
  };
  return [
    `### Counters in ${s.storage === 'redis' ? `Redis (\`REDIS_URL=${REDIS_URL}\`)` : 'memory (no `REDIS_URL`)'}`,
    '',
    '| round | order | /health/live req/s | p50 / p99 ms | /v1/me req/s | p50 / p99 ms | **me ÷ live** | /v1/me unmetered req/s | p50 / p99 ms | unmetered ÷ live |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...s.rounds.map(
      (r, i) =>
        `| ${i + 1} | ${r.order} | ${cell(r.got.live)} | ${cell(r.got.me)} | **${r.ratio.toFixed(2)}** | ${cell(r.got.auth)} | ${r.authRatio.toFixed(2)} |`,
    ),
    `| **median** | | ${fmt(med((r) => r.got.live.rps))} | | ${fmt(med((r) => r.got.me.rps))} | | ` +
      `**${ratio.toFixed(2)}** ${ratio >= TARGET ? '✅' : '❌'} | ${fmt(med((r) => r.got.auth.rps))} | | ${med((r) => r.authRatio).toFixed(2)} |`,
    '',
    'CPU per request (µs, median of the rounds; Redis is the whole redis-server, shared with other work):',
    '',
    '| endpoint | server | PostgreSQL backends | redis-server | total |',
    '|---|---:|---:|---:|---:|',
    ...ENDPOINTS.map(cpuRow),
    '',
    `No non-2xx, errors or timeouts on any endpoint (warm-ups included). The workspace's day counter grew by ` +
      `${fmt(s.counted)} for ${fmt(s.meAnswered)} answered standard-key requests (${fmt(s.meSent)} sent): every one was counted.`,
    '',
  ];
}

function report(
  results: StorageResult[],
  env: { machine: string; loadBefore: string; loadAfter: string },
): string {
  const verdict = results
    .map((s) => {
      const ratio = median(s.rounds.map((r) => r.ratio));
      return `${s.storage}: median ${ratio.toFixed(2)}, ${ratio >= TARGET ? 'met' : '**not met**'}`;
    })
    .join('; ');
  return [
    '## Overhead',
    '',
    'Command: `npm run bench:overhead` (bench/overhead.bench.ts; `DATABASE_URL` defaults to',
    '`postgres://postgres@127.0.0.1:5432/test`). Date: 2026-11-26.',
    `Machine: ${env.machine}.`,
    `Load average (1 / 5 / 15 min) before: ${env.loadBefore}; after: ${env.loadAfter} — other work shared`,
    'the machine, and autocannon, PostgreSQL and Redis run on the same 2 CPUs as the server, so compare',
    'within a round and the medians.',
    'Method: fresh database migrated by the CLI with an `org` workspace, a standard-tier `read` key and, as a',
    'diagnostic, an unmetered `read` key (authenticated but not counted). The compiled API in a child process',
    `(\`NODE_ENV=production\`, \`LOG_LEVEL=warn\`, \`PLAN_LIMITS=${PLAN_LIMITS}\`: each standard-key request is counted`,
    `in the minute and the day window and never refused), one fresh server per counter storage. autocannon`,
    `(programmatic), ${CONNECTIONS} keep-alive connections, ${WARMUP_S} s warm-up then ${DURATION_S} s per endpoint, ${ROUNDS} rounds with`,
    'the order rotating (live = /health/live, me = /v1/me with the standard key, auth = /v1/me with the',
    "unmetered key); req/s is autocannon's mean of per-second samples, latency in ms.",
    '',
    ...results.flatMap(storageSection),
    `Target: /v1/me ≥ ${TARGET * 100} % of /health/live req/s — ${verdict}.`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const loadBefore = loadAverage(2, ' / ');
  const { pg, redis } = await versions();
  const described = `${machine()}, PostgreSQL ${pg}, Redis ${redis}`;
  log(`${described}; load ${loadBefore}`);
  const buildDir = compileApp('overhead');
  const database = `bench_overhead_${randomBytes(4).toString('hex')}`;
  await createDatabase(database);
  try {
    const url = databaseUrl(database);
    cli(buildDir, url, ['workspaces:create', '--name', 'bench-overhead', '--plan', 'org']);
    const key = (name: string, tier: string) =>
      cli(buildDir, url, [
        'keys:create',
        '--workspace',
        'bench-overhead',
        '--name',
        name,
        '--scopes',
        'read',
        '--tier',
        tier,
      ]).key;
    const keys: Keys = { me: key('standard', 'standard'), auth: key('unmetered', 'unmetered') };
    const results: StorageResult[] = [];
    for (const storage of STORAGES)
      results.push(await benchStorage(buildDir, database, keys, storage));
    const section = report(results, {
      machine: described,
      loadBefore,
      loadAfter: loadAverage(2, ' / '),
    });
    process.stdout.write(`${section}\n`);
    if (process.env.BENCH_NO_WRITE !== '1') {
      writeResultsSection(section, { keepFindings: true });
      log(`written to ${RESULTS_FILE}`);
    }
  } finally {
    await dropDatabase(database);
    rmSync(buildDir, { recursive: true, force: true });
  }
}

runBench(main);
