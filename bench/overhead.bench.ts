/**
 * `npm run bench:overhead`: what a request costs, against a bare Fastify route.
 *
 * Side by side in one run: a bare Fastify route answering `{"ok":true}` (the same Fastify the
 * app runs on, in a child process of its own, no logger, no hooks) and the app's public
 * `GET /health/live`, `GET /v1/me` with a metered key and, as a diagnostic, `GET /v1/me` with an
 * unmetered key (authenticated, not counted: splits "authentication" from "rate limiting").
 * Each endpoint repeats one request with one key: after the first, the key comes from the key
 * cache (KEY_CACHE_SECONDS), as for a client that reuses its key; this measures the pipeline's
 * cost per request, not a first sight of a key (that is one database read more).
 * Targets (docs: /work/shared/architecture.md), with the app's logs and metrics on:
 * /v1/me ≥ 0.4 of bare Fastify's req/s, /health/live ≥ 0.6.
 *
 * - A fresh database on the PostgreSQL at DATABASE_URL (admin connection, default
 *   postgres://postgres@127.0.0.1:5432/test); the CLI (of the compiled app) migrates it and creates
 *   an `org` workspace, a standard-tier `read` key and an unmetered `read` key. Dropped at the end.
 * - The compiled app runs as a child process as in production: NODE_ENV=production,
 *   LOG_FORMAT=json at the default level (`log`: one line per request), its stdout written to a
 *   file (a log collector's view; a pipe nobody reads would block it) in memory (/dev/shm where
 *   there is one: ~300 MB of lines on this machine's disk put the disk's write-back into the
 *   servers' CPU times, as a collector reading a pipe would not), METRICS_PORT set (request
 *   counters and latency histograms, process metrics), and PLAN_LIMITS=org=100000000/100000000:
 *   high but real limits, so every standard-key request is counted in both windows (minute and
 *   day) and never refused.
 * - Two storages for the counters, each on a fresh app server: Redis (REDIS_URL, default
 *   redis://127.0.0.1:6379, the multi-instance setup) and in-memory (no REDIS_URL).
 * - autocannon, BENCH_CONNECTIONS (16) keep-alive connections, BENCH_WARMUP_S (2) s warm-up then
 *   BENCH_DURATION_S (10) s per endpoint; BENCH_ROUNDS (3) rounds, the endpoint order rotating so
 *   load from elsewhere hits all of them; ratios are taken within a round. Any non-2xx, error or
 *   timeout makes the run invalid (a 429 means the limit was hit).
 * - Proof that the work was done: the workspace's day counter (from /v1/me) grew by the number of
 *   standard-key requests; the log file holds a request line for every answered request; the
 *   metrics endpoint counted every answered request of each route.
 * - CPU per request, from /proc (measured period only): the serving process (the app, or the
 *   bare Fastify), the PostgreSQL backends connected to the bench database, and redis-server as a
 *   whole (INFO cpu; shared).
 *
 * Other environment: BENCH_STORAGES (redis,memory), BENCH_ENDPOINTS (bare,live,me,auth: a subset,
 * e.g. to profile one), BENCH_SERVER_NODE_ARGS (extra node flags for the app server, e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof"), BENCH_NO_WRITE=1 to skip RESULTS.md.
 * The section "## Overhead" of bench/RESULTS.md is replaced (or appended), keeping its hand-written
 * "### Findings" part; other sections are kept.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Redis from 'ioredis';
import { Client } from 'pg';
import {
  ADMIN_URL,
  cli,
  compileApp,
  createDatabase,
  databaseUrl,
  dropDatabase,
  freePort,
  loadAverage,
  log,
  machine,
  median,
  postgresSetting,
  RESULTS_FILE,
  ROOT,
  runBench,
  Server,
  startServer,
  stopServer,
  ticks,
  writeResultsSection,
} from './bench-support';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 2);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STORAGES = (process.env.BENCH_STORAGES ?? 'redis,memory').split(',') as Storage[];
const PLAN_LIMITS = 'org=100000000/100000000';
/** Where the app's log file goes: memory when the machine has it (see the header). */
const LOG_ROOT = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
const LIMIT = 100_000_000;
const TICK_US = 1e6 / 100; // /proc/<pid>/stat counts in clock ticks of 10 ms (CLK_TCK 100)

type Storage = 'redis' | 'memory';
/**
 * bare: a bare Fastify route; live: GET /health/live; me: GET /v1/me, standard key; auth: GET
 * /v1/me, unmetered key.
 */
type Endpoint = 'bare' | 'live' | 'me' | 'auth';
const ENDPOINTS = (process.env.BENCH_ENDPOINTS ?? 'bare,live,me,auth').split(',') as Endpoint[];
const APP_ENDPOINTS = ENDPOINTS.filter((e) => e !== 'bare');
const LABELS: Record<Endpoint, string> = {
  bare: 'bare Fastify',
  live: '/health/live',
  me: '/v1/me',
  auth: '/v1/me (unmetered)',
};
const PATHS: Record<Endpoint, string> = {
  bare: '/',
  live: '/health/live',
  me: '/v1/me',
  auth: '/v1/me',
};
/** The least share of bare Fastify's req/s that an endpoint must reach. */
const TARGETS: Partial<Record<Endpoint, number>> = { live: 0.6, me: 0.4 };

/** The baseline: the app's Fastify, one route, nothing else (no logger, no hooks). */
const BARE_FASTIFY = `
const app = require('fastify')();
app.get('/', async () => ({ ok: true }));
app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).catch((error) => {
  console.error(error);
  process.exit(1);
});`;

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
  got: Partial<Record<Endpoint, Measurement>>;
}

interface Proof {
  counted: number; // growth of the day counter seen by /v1/me
  meSent: number;
  meAnswered: number;
  answered: number; // by the app, every endpoint, warm-ups included
  logLines: number; // request lines in the log
  logBytes: number;
  metricsCounted: number; // requests of the benched routes in http_requests_total
}

interface StorageResult {
  storage: Storage;
  rounds: Round[];
  proof: Proof;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const fmt2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');

interface CpuSnapshot {
  app: number;
  bare: number;
  backends: Map<number, number>;
  redis: number;
}

/** CPU counters of the processes that serve a request (µs). */
class CpuMeter {
  constructor(
    private readonly appPid: number,
    private readonly barePid: number,
    private readonly database: string,
    private readonly pg: Client,
    private readonly redis: Redis,
  ) {}

  async snapshot(): Promise<CpuSnapshot> {
    const { rows } = await this.pg.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1',
      [this.database],
    );
    const info = await this.redis.info('cpu');
    const seconds = (field: string) =>
      Number(new RegExp(`${field}:([\\d.]+)`).exec(info)?.[1] ?? 0);
    return {
      app: ticks(this.appPid) * TICK_US,
      bare: ticks(this.barePid) * TICK_US,
      backends: new Map(rows.map((r) => [r.pid, ticks(r.pid) * TICK_US])),
      redis: (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6,
    };
  }

  /** µs per request since `before`; a backend that started during the period counts from 0. */
  async since(before: CpuSnapshot, requests: number, endpoint: Endpoint): Promise<Cpu> {
    const after = await this.snapshot();
    let postgres = 0;
    for (const [pid, used] of after.backends) postgres += used - (before.backends.get(pid) ?? 0);
    const server = endpoint === 'bare' ? after.bare - before.bare : after.app - before.app;
    return {
      server: server / requests,
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

interface Keys {
  me: string;
  auth: string;
}

async function measure(
  base: string,
  endpoint: Endpoint,
  keys: Keys,
  cpu: CpuMeter,
): Promise<Measurement> {
  const url = `${base}${PATHS[endpoint]}`;
  const key = endpoint === 'me' || endpoint === 'auth' ? keys[endpoint] : undefined;
  const warm = await cannon(url, key, WARMUP_S);
  const before = await cpu.snapshot();
  const r = await cannon(url, key, DURATION_S);
  const used = await cpu.since(before, r.requests.total, endpoint);
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

/** The bare Fastify in a child process, once it answers. */
async function startBare(): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', BARE_FASTIFY], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && child.exitCode === null; i++) {
    try {
      if ((await fetch(base)).ok) return { child, pid: child.pid!, port, base };
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  child.kill();
  throw new Error('the bare Fastify did not start');
}

/** Requests counted by the app's metrics (http_requests_total) for the benched routes, 2xx. */
async function metricsCounted(metricsPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  let total = 0;
  for (const [, route, count] of text.matchAll(
    /^http_requests_total\{method="GET",route="([^"]+)",status="200"\} (\d+)$/gm,
  )) {
    if (route === '/health/live' || route === '/v1/me') total += Number(count);
  }
  return total;
}

/** Request lines (`"msg":"request"`) of the benched routes in the app's JSON log. */
async function requestLines(file: string): Promise<number> {
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (!line.includes('"msg":"request"')) continue;
    const { route, status } = JSON.parse(line) as { route?: string; status?: number };
    if (status === 200 && (route === '/health/live' || route === '/v1/me')) lines++;
  }
  return lines;
}

async function runRounds(
  app: Server,
  bare: Server,
  keys: Keys,
  cpu: CpuMeter,
  storage: Storage,
): Promise<Round[]> {
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const order = ENDPOINTS.map((_, j) => ENDPOINTS[(i + j) % ENDPOINTS.length]);
    const got: Round['got'] = {};
    for (const endpoint of order) {
      const base = endpoint === 'bare' ? bare.base : app.base;
      const m = (got[endpoint] = await measure(base, endpoint, keys, cpu));
      log(
        `  ${storage} round ${i + 1} ${LABELS[endpoint]}: ${fmt(m.rps)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, ` +
          `CPU µs/request server ${fmt(m.cpu.server)} postgres ${fmt(m.cpu.postgres)} redis ${fmt(m.cpu.redis)}`,
      );
    }
    rounds.push({ order: order.join(' → '), got });
    log(
      `  ${storage} round ${i + 1}: ÷ bare ${APP_ENDPOINTS.map((e) => `${e} ${fmt2(ratio(rounds[i], e))}`).join(', ')}`,
    );
  }
  return rounds;
}

async function benchStorage(
  buildDir: string,
  database: string,
  keys: Keys,
  storage: Storage,
  bare: Server,
): Promise<StorageResult> {
  const logDir = mkdtempSync(join(LOG_ROOT, 'bench-overhead-log-'));
  const logFile = join(logDir, 'app.log');
  const logFd = openSync(logFile, 'w');
  const metricsPort = await freePort();
  const app = await startServer(buildDir, databaseUrl(database), {
    env: {
      PLAN_LIMITS,
      REDIS_URL: storage === 'redis' ? REDIS_URL : undefined,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'log',
      METRICS_PORT: String(metricsPort),
    },
    stdout: logFd,
  });
  const pg = new Client({ connectionString: ADMIN_URL });
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    await pg.connect();
    const cpu = new CpuMeter(app.pid, bare.pid, database, pg, redis);
    const before = await me(app.base, keys.me);
    if (
      before.status !== 200 ||
      before.limitHeader !== String(LIMIT) ||
      before.minuteLimit !== LIMIT
    ) {
      throw new Error(`/v1/me is not rate-limited as expected: ${JSON.stringify(before)}`);
    }
    const countedBefore = await metricsCounted(metricsPort);
    const rounds = await runRounds(app, bare, keys, cpu, storage);
    const sum = (endpoints: Endpoint[], pick: (m: Measurement) => number) =>
      rounds.reduce(
        (total, r) => total + endpoints.reduce((t, e) => t + (r.got[e] ? pick(r.got[e]) : 0), 0),
        0,
      );
    const meSent = sum(['me'], (m) => m.sent);
    const meAnswered = sum(['me'], (m) => m.answered);
    const answered = sum(APP_ENDPOINTS, (m) => m.answered);
    const sent = sum(APP_ENDPOINTS, (m) => m.sent);
    // The day counter must have grown by every standard-key request the server answered
    // (requests in flight when autocannon stopped were sent and may or may not be counted).
    const after = await me(app.base, keys.me);
    const counted = APP_ENDPOINTS.includes('me') ? after.dayUsed - before.dayUsed - 1 : 0;
    if (counted < meAnswered || counted > meSent) {
      throw new Error(
        `the limiter counted ${counted} /v1/me requests, expected ${meAnswered}…${meSent}`,
      );
    }
    // The two `me` checks are counted and logged too.
    const metered = (await metricsCounted(metricsPort)) - countedBefore - 1;
    await stopServer(app);
    const logLines = (await requestLines(logFile)) - 2;
    for (const [what, seen] of [
      ['request lines in the log', logLines],
      ['requests counted by the metrics', metered],
    ] as const) {
      if (seen < answered || seen > sent) {
        throw new Error(`${seen} ${what} for ${answered}…${sent} requests`);
      }
    }
    const logBytes = readFileSync(logFile).length;
    return {
      storage,
      rounds,
      proof: { counted, meSent, meAnswered, answered, logLines, logBytes, metricsCounted: metered },
    };
  } finally {
    redis.disconnect();
    await pg.end().catch(() => {});
    await stopServer(app);
    closeSync(logFd);
    rmSync(logDir, { recursive: true, force: true });
  }
}

async function versions(): Promise<{ pg: string; redis: string; fastify: string }> {
  const pg = await postgresSetting('server_version');
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  const info = await client.info('server');
  client.disconnect();
  const fastify = (
    JSON.parse(readFileSync(join(ROOT, 'node_modules/fastify/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  return { pg, redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown', fastify };
}

/** An endpoint's req/s over bare Fastify's in the same round (NaN when either was not run). */
function ratio(round: Round, endpoint: Endpoint): number {
  const bare = round.got.bare?.rps;
  const got = round.got[endpoint]?.rps;
  return bare && got ? got / bare : NaN;
}

function verdict(value: number, endpoint: Endpoint): string {
  const target = TARGETS[endpoint];
  if (target === undefined || !Number.isFinite(value)) return '';
  return value >= target ? ' ✅' : ' ❌';
}

function storageSection(s: StorageResult): string[] {
  const med = (pick: (r: Round) => number) => median(s.rounds.map(pick));
  const cell = (m: Measurement | undefined) => (m ? `${fmt(m.rps)} (${m.p50} / ${m.p99})` : '–');
  const ratioCell = (r: Round, e: Endpoint) => (e === 'bare' ? '' : ` | ${fmt2(ratio(r, e))}`);
  const header = ENDPOINTS.map((e) => (e === 'bare' ? LABELS[e] : `${LABELS[e]} | **÷ bare**`));
  const cpuRow = (e: Endpoint) => {
    const c = (k: keyof Cpu) => fmt(med((r) => r.got[e]?.cpu[k] ?? NaN));
    const total = med((r) => {
      const cpu = r.got[e]?.cpu;
      return cpu ? cpu.server + cpu.postgres + cpu.redis : NaN;
    });
    return `| ${LABELS[e]} | ${c('server')} | ${c('postgres')} | ${c('redis')} | ${fmt(total)} |`;
  };
  const p = s.proof;
  return [
    `### Counters in ${s.storage === 'redis' ? `Redis (\`REDIS_URL=${REDIS_URL}\`)` : 'memory (no `REDIS_URL`)'}`,
    '',
    "req/s (p50 / p99 ms), and each endpoint's req/s over bare Fastify's in the same round:",
    '',
    `| round | order | ${header.join(' | ')} |`,
    `|---:|---|${ENDPOINTS.map((e) => (e === 'bare' ? '---:|' : '---:|---:|')).join('')}`,
    ...s.rounds.map(
      (r, i) =>
        `| ${i + 1} | ${r.order} | ${ENDPOINTS.map((e) => `${cell(r.got[e])}${ratioCell(r, e)}`).join(' | ')} |`,
    ),
    `| **median** | | ${ENDPOINTS.map((e) => {
      const rps = fmt(med((r) => r.got[e]?.rps ?? NaN));
      if (e === 'bare') return rps;
      const m = med((r) => ratio(r, e));
      return `${rps} | **${fmt2(m)}**${verdict(m, e)}`;
    }).join(' | ')} |`,
    '',
    'CPU per request (µs, median of the rounds; "server" is the process that answered, the app or the',
    'bare Fastify; Redis is the whole redis-server, shared with other work):',
    '',
    '| endpoint | server | PostgreSQL backends | redis-server | total |',
    '|---|---:|---:|---:|---:|',
    ...ENDPOINTS.map(cpuRow),
    '',
    `No non-2xx, errors or timeouts on any endpoint (warm-ups included). Every request did its work: ` +
      `the workspace's day counter grew by ${fmt(p.counted)} for ${fmt(p.meAnswered)} answered standard-key ` +
      `requests (${fmt(p.meSent)} sent); of ${fmt(p.answered)} answered app requests, the log holds ` +
      `${fmt(p.logLines)} request lines (${(p.logBytes / 2 ** 20).toFixed(0)} MB) and the metrics counted ${fmt(p.metricsCounted)}.`,
    '',
  ];
}

function report(
  results: StorageResult[],
  env: { machine: string; fastify: string; loadBefore: string; loadAfter: string },
): string {
  const verdicts = results
    .map((s) => {
      const parts = Object.keys(TARGETS)
        .filter((e) => ENDPOINTS.includes(e as Endpoint))
        .map((e) => {
          const m = median(s.rounds.map((r) => ratio(r, e as Endpoint)));
          return `${LABELS[e as Endpoint]} ${fmt2(m)}${verdict(m, e as Endpoint)}`;
        });
      return `${s.storage}: ${parts.join(', ')}`;
    })
    .join('; ');
  return [
    '## Overhead',
    '',
    'Command: `npm run bench:overhead` (bench/overhead.bench.ts; `DATABASE_URL` defaults to',
    `\`postgres://postgres@127.0.0.1:5432/test\`). Date: ${new Date().toISOString().slice(0, 10)}.`,
    `Machine: ${env.machine}.`,
    `Load average (1 / 5 / 15 min) before: ${env.loadBefore}; after: ${env.loadAfter} — other work shared`,
    'the machine, and autocannon, PostgreSQL and Redis run on the same 2 CPUs as the servers, so compare',
    'within a round and the medians.',
    `Method: a bare Fastify ${env.fastify} (the app's own) in a child process of its own, one route answering`,
    '`{"ok":true}`, no logger, no hooks: the baseline. A fresh database migrated by the CLI with an `org`',
    'workspace, a standard-tier `read` key and, as a diagnostic, an unmetered `read` key (authenticated but',
    'not counted). The compiled API in a child process as in production (`NODE_ENV=production`,',
    `\`LOG_FORMAT=json\` at the default level: a line per request, written to a file in ${LOG_ROOT}; \`METRICS_PORT\` set:`,
    `request counters and histograms, process metrics; \`PLAN_LIMITS=${PLAN_LIMITS}\`: each standard-key request is`,
    'counted in the minute and the day window and never refused), one fresh app server per counter storage.',
    `autocannon (programmatic), ${CONNECTIONS} keep-alive connections, ${WARMUP_S} s warm-up then ${DURATION_S} s per endpoint, ${ROUNDS} rounds`,
    "with the order rotating; req/s is autocannon's mean of per-second samples, latency in ms.",
    '',
    ...results.flatMap(storageSection),
    `Targets: /health/live ≥ ${TARGETS.live} and /v1/me ≥ ${TARGETS.me} of bare Fastify's req/s (medians of the rounds' ratios) — ${verdicts}.`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const loadBefore = loadAverage(2, ' / ');
  const { pg, redis, fastify } = await versions();
  const described = `${machine()}, PostgreSQL ${pg}, Redis ${redis}`;
  log(`${described}, Fastify ${fastify}; load ${loadBefore}`);
  const buildDir = compileApp('overhead');
  const database = `bench_overhead_${randomBytes(4).toString('hex')}`;
  await createDatabase(database);
  const bare = await startBare();
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
      results.push(await benchStorage(buildDir, database, keys, storage, bare));
    const section = report(results, {
      machine: described,
      fastify,
      loadBefore,
      loadAfter: loadAverage(2, ' / '),
    });
    process.stdout.write(`${section}\n`);
    if (process.env.BENCH_NO_WRITE !== '1') {
      writeResultsSection(section, { keepFindings: true });
      log(`written to ${RESULTS_FILE}`);
    }
  } finally {
    await stopServer(bare);
    await dropDatabase(database);
    rmSync(buildDir, { recursive: true, force: true });
  }
}

runBench(main);
