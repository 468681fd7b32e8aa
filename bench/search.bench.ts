/**
 * Search benchmark: `npm run bench:search`.
 *
 * For each size (10,000 and 1,000,000 prospects by default; `BENCH_SIZES=10000,50000` to change)
 * it creates a fresh database on the PostgreSQL server at `DATABASE_URL` (default
 * postgres://postgres@127.0.0.1:5432/test, used as the admin connection), seeds it with the CLI,
 * starts the API on each in a child process (so the load generator does not share its event
 * loop), and runs three filter mixes over HTTP with 8 concurrent autocannon connections, in
 * BENCH_ROUNDS (3) rounds where the sizes take turns: once as configured by default, once with
 * the search cache off (`SEARCH_CACHE_MB=0`: every search reads its matches, the cost of a search
 * never seen before). Results go to bench/RESULTS.md under "## Search" (other sections of that
 * file are kept). Databases are dropped afterwards. The CLI and the API are the app compiled once
 * into a temp directory, as in production; they are started, like the rest of what the benchmarks
 * share, by bench/bench-support.ts (BENCH_SERVER_NODE_ARGS adds node flags to the API's process).
 */
import autocannon from 'autocannon';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import {
  COMMON_WORD_SHARE,
  COMMON_WORDS_SQL,
} from '../src/modules/prospects/search/search-statistics';
import {
  collectSql,
  planSettings,
  PlanShape,
  walkSql,
} from '../src/modules/prospects/prospects-search.repository';
import { listDepth } from '../src/modules/prospects/prospects-search.service';
import { searchCondition } from '../src/modules/prospects/search/search-query';
import { SearchRequestPipe } from '../src/modules/prospects/search/search-request.pipe';
import {
  admin,
  cli,
  compileApp,
  createDatabase,
  databaseUrl,
  dropDatabase,
  loadAverage,
  machine,
  median,
  postgresSetting,
  RESULTS_FILE,
  runBench,
  Server,
  startServer,
  stopServer,
  writeResultsSection,
} from './bench-support';

const SIZES = (process.env.BENCH_SIZES ?? '10000,1000000').split(',').map(Number);
const CONCURRENCY = 8;
/** Every mix asks for the workflow's page size. */
const PER_PAGE = 50;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 2_000);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 8_000);
/** Each mix is measured this many times on each size, the sizes taking turns to go first. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SERIAL_MS = 2_000;
const LOAD_AT_START = loadAverage(1, '/');

const MIXES: { name: string; body: object }[] = [
  { name: 'title', body: { query: { person_titles: ['CEO'] }, per_page: PER_PAGE } },
  {
    name: 'title + industry',
    body: {
      query: { person_titles: ['CEO'], organization_industries: ['Legal'] },
      per_page: PER_PAGE,
    },
  },
  {
    name: 'title + industry + location + headcount',
    body: {
      query: {
        person_titles: ['CEO'],
        organization_industries: ['Legal'],
        person_locations: ['United States'],
        organization_num_employees_ranges: ['51-200'],
      },
      per_page: PER_PAGE,
    },
  },
];

/** The API as run by default, and with its search cache off. */
const CACHE_SETTINGS = [
  { cache: 'on', env: {} },
  { cache: 'off', env: { SEARCH_CACHE_MB: '0' } },
] as const;
type CacheSetting = (typeof CACHE_SETTINGS)[number];

/** One timed run of one mix against one size. */
interface Sample {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

interface MixResult {
  size: number;
  mix: string;
  cache: CacheSetting['cache'];
  total: number;
  /** One per round. */
  samples: Sample[];
  /** Median latency with one client at a time: the cost of one search without queueing. */
  serial: number;
  /** The first request: nothing read or cached yet. */
  first: number;
  plan: string;
}

/** A seeded database with a key, and the API serving it while a cache setting is measured. */
interface Target {
  size: number;
  name: string;
  url: string;
  key: string;
  seedSeconds: number;
  server?: Server;
}

const SEARCH_PATH = '/v1/prospects/search';

/** One request, its body read: for the first search of a mix. */
async function post(
  port: number,
  key: string,
  body: string,
): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${SEARCH_PATH}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body,
  });
  return { status: res.status, text: await res.text() };
}

/**
 * `clients` keep-alive connections (autocannon), each sending its next request as soon as the
 * last is answered; every response's latency is kept, for exact percentiles.
 */
async function load(port: number, key: string, body: string, ms: number, clients = CONCURRENCY) {
  const latencies: number[] = [];
  let errors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}${SEARCH_PATH}`,
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body,
        connections: clients,
        duration: Math.max(1, Math.round(ms / 1000)),
      },
      (error: Error | null, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (status !== 200) errors++;
    });
  });
  errors += result.errors + result.timeouts;
  return { latencies, errors, seconds: result.duration };
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** The plans of the queries a first search of a mix runs: its match list, its count, its page. */
async function planSummary(url: string, body: object): Promise<string> {
  const { filters } = new SearchRequestPipe().transform(body);
  return admin(async (client) => {
    const common = new Set(
      (await client.query<{ word: string }>(COMMON_WORDS_SQL, [COMMON_WORD_SHARE])).rows.map(
        (r) => r.word,
      ),
    );
    const { sql, params } = searchCondition(filters, (token) => common.has(token));
    const nodes = async (select: string, values: unknown[], shape: PlanShape = 'lookup') => {
      await client.query(`BEGIN; ${planSettings(shape)}`);
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${select}`, values);
      await client.query('ROLLBACK');
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      const found =
        plan.match(
          /(Bitmap Index Scan|Index Scan|Index Only Scan|Seq Scan) (using \w+ )?on \w+/g,
        ) ?? [];
      return [...new Set(found)].join(', ');
    };
    const depth = listDepth(50);
    const collect = await nodes(collectSql(sql, params.length), [...params, depth], 'collect');
    const walk = await nodes(
      walkSql(sql, params.length),
      [...params, depth, randomUUID()],
      'walk',
    );
    const page = await nodes(`SELECT * FROM prospects p WHERE p.id = ANY($1::uuid[])`, [
      Array.from({ length: 50 }, () => randomUUID()),
    ]);
    return `collect: ${collect}; walk (past 10,000): ${walk}; page: ${page}`;
  }, url);
}

async function sample(target: Target, body: string): Promise<Sample> {
  const { port } = target.server!;
  const { latencies, errors, seconds } = await load(port, target.key, body, DURATION_MS);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

/** First request, warm-up and one-client latency of a mix on a target; the rounds come later. */
async function startMix(
  target: Target,
  cache: MixResult['cache'],
  mix: (typeof MIXES)[number],
): Promise<MixResult> {
  const body = JSON.stringify(mix.body);
  const { port } = target.server!;
  const firstStarted = process.hrtime.bigint();
  const first = await post(port, target.key, body);
  const firstMs = Number(process.hrtime.bigint() - firstStarted) / 1e6;
  if (first.status !== 200) throw new Error(`${mix.name}: HTTP ${first.status} ${first.text}`);
  const total = (JSON.parse(first.text) as { meta: { total: number } }).meta.total;
  await load(port, target.key, body, WARMUP_MS);
  const serial = (await load(port, target.key, body, SERIAL_MS, 1)).latencies.sort((a, b) => a - b);
  return {
    size: target.size,
    mix: mix.name,
    cache,
    total,
    samples: [],
    serial: percentile(serial, 50),
    first: firstMs,
    plan: cache === 'on' ? await planSummary(target.url, mix.body) : '',
  };
}

/** Every mix on every target under one cache setting, in rounds where the sizes take turns. */
async function benchSetting(
  buildDir: string,
  targets: Target[],
  setting: CacheSetting,
): Promise<MixResult[]> {
  process.stdout.write(`search cache ${setting.cache}:\n`);
  for (const target of targets) {
    target.server = await startServer(buildDir, target.url, { env: setting.env });
  }
  const results: MixResult[] = [];
  for (const mix of MIXES) {
    const body = JSON.stringify(mix.body);
    const started = new Map<Target, MixResult>();
    for (const target of targets) started.set(target, await startMix(target, setting.cache, mix));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? targets : [...targets].reverse();
      for (const target of order) started.get(target)!.samples.push(await sample(target, body));
    }
    for (const result of started.values()) {
      const m = medians(result.samples);
      process.stdout.write(
        `  ${result.size.toLocaleString('en-US')}, ${mix.name}: total ${result.total}, median p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms, ${m.rps.toFixed(0)} req/s; 1 client p50 ${result.serial.toFixed(1)} ms; first ${result.first.toFixed(0)} ms\n`,
      );
      results.push(result);
    }
  }
  for (const target of targets) await stopTarget(target);
  return results;
}

async function stopTarget(target: Target): Promise<void> {
  const server = target.server;
  target.server = undefined;
  if (server) await stopServer(server);
}

async function prepare(buildDir: string, size: number): Promise<Target> {
  const name = `bench_search_${size}_${randomBytes(3).toString('hex')}`;
  await createDatabase(name);
  const url = databaseUrl(name);
  try {
    const seeded = cli<{ seconds: number }>(buildDir, url, [
      'prospects:seed',
      '--count',
      String(size),
    ]);
    process.stdout.write(`seeded ${size} prospects in ${String(seeded.seconds)} s\n`);
    cli(buildDir, url, ['workspaces:create', '--name', 'Bench', '--plan', 'unlimited']);
    const created = cli(buildDir, url, [
      ...['keys:create', '--workspace', 'Bench', '--name', 'bench', '--scopes', 'read'],
      ...['--tier', 'unmetered'],
    ]);
    return { size, name, url, key: created.key, seedSeconds: seeded.seconds };
  } catch (error) {
    await dropDatabase(name);
    throw error;
  }
}

function medians(samples: Sample[]): Sample {
  const of = (key: keyof Sample) => median(samples.map((s) => s[key]));
  return {
    requests: samples.reduce((sum, s) => sum + s.requests, 0),
    errors: samples.reduce((sum, s) => sum + s.errors, 0),
    rps: of('rps'),
    p50: of('p50'),
    p95: of('p95'),
    p99: of('p99'),
  };
}

async function environment(): Promise<string> {
  const version = await postgresSetting('server_version');
  const buffers = await postgresSetting('shared_buffers');
  return `${machine()}, PostgreSQL ${version} (shared_buffers ${buffers})`;
}

function report(all: MixResult[], targets: Target[], env: string): string {
  const fmt = (n: number) => n.toLocaleString('en-US');
  const rows = all.map((r) => {
    const m = medians(r.samples);
    return `| ${fmt(r.size)} | ${r.cache} | ${r.mix} | ${fmt(r.total)} | ${Math.min(r.total, PER_PAGE)} | ${m.p50.toFixed(1)} | ${m.p95.toFixed(1)} | ${m.p99.toFixed(1)} | ${m.rps.toFixed(0)} | ${m.requests} | ${m.errors} | ${r.serial.toFixed(1)} | ${r.first.toFixed(0)} |`;
  });
  const small = Math.min(...SIZES);
  const large = Math.max(...SIZES);
  const checks = CACHE_SETTINGS.flatMap(({ cache }) =>
    MIXES.map((mix) => {
      const find = (size: number) =>
        all.find((r) => r.size === size && r.mix === mix.name && r.cache === cache);
      const a = find(small);
      const b = find(large);
      if (!a || !b) return '';
      const ratios = a.samples.map((sa, round) => b.samples[round].p95 / sa.p95);
      const ratio = median(ratios);
      const p95 = median(b.samples.map((sb) => sb.p95));
      return `| ${cache} | ${mix.name} | ${median(a.samples.map((sa) => sa.p95)).toFixed(1)} | ${p95.toFixed(1)} | ${ratios.map((r) => r.toFixed(2)).join(' / ')} | ${ratio.toFixed(2)} ${ratio <= 2 ? '✅' : '❌'} | ${p95 < 50 ? '✅' : '❌'} |`;
    }),
  );
  const plans = all.filter((r) => r.plan).map((r) => `- ${fmt(r.size)}, ${r.mix}: ${r.plan}`);
  return [
    '## Search',
    '',
    `Command: \`npm run bench:search\` (bench/search.bench.ts). Date: ${new Date().toISOString().slice(0, 10)}.`,
    `Machine: ${env}.`,
    `Method: one fresh database per size on the server above, seeded with \`prospects:seed\` (seed 1), and the API`,
    `serving each in a child process (production settings, an unmetered key). For each mix, ${CONCURRENCY} keep-alive`,
    `autocannon connections send \`POST /v1/prospects/search\` (workflow form, page 1, per_page 50) back to back for ${DURATION_MS / 1000} s, in`,
    `${ROUNDS} rounds where the sizes take turns to go first, after a ${WARMUP_MS / 1000} s warm-up; latencies are the medians of`,
    'the rounds (requests and errors their sums), and the ratio is taken round by round, so that both sizes',
    'of a ratio ran within seconds of each other on this noisy machine. Latency is measured per request by',
    'the client; "total" is `meta.total`.',
    `"1 client p50": ${SERIAL_MS / 1000} s with a single client (the cost of one search, no queueing). "first request":`,
    'the very first search of the mix after the API started. "search cache": `on` is the default (a filter set\'s',
    'total and first ids, and the prospects shown, are kept, checked against the data version on every request); `off` is',
    '`SEARCH_CACHE_MB=0`, where every request reads its matches and counts them, as a search never seen before does.',
    `Load average of the machine (1/5/15 min) at the start: ${LOAD_AT_START}; at the end: ${loadAverage(1, '/')}.`,
    '',
    `Seeding: ${targets.map((t) => `${fmt(t.size)} prospects in ${t.seedSeconds.toFixed(1)} s`).join('; ')}.`,
    '',
    '| prospects | search cache | mix | total | returned | p50 ms | p95 ms | p99 ms | req/s | requests | errors | 1 client p50 ms | first request ms |',
    '|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `Targets: p95 at ${fmt(large)} ≤ 2 × p95 at ${fmt(small)}, and p95 < 50 ms at ${fmt(large)}`,
    '(judged on the default, cache on; cache off shown for what a search never seen before costs).',
    '',
    `| search cache | mix | p95 ${fmt(small)} | p95 ${fmt(large)} | ratio by round | median ratio (≤ 2) | < 50 ms |`,
    '|---|---|---:|---:|---:|---:|---:|',
    ...checks,
    '',
    'Indexes the planner used (EXPLAIN of the queries of a first search: match list, count, page):',
    ...plans,
    '',
    ...DESIGN_NOTES,
    '',
  ].join('\n');
}

const DESIGN_NOTES = [
  'How search is built (see migrations/1764160000000-Prospects.ts and src/modules/prospects/search/):',
  '- One GIN index over `search_words`, a generated array of prefixed words (`t:ceo`, `i:legal`, `l:london`,',
  '  `s:c_suite`, `h:51-200`, ...). All AND-ed filters go into one `search_words @> ARRAY[...]`, so GIN',
  '  intersects the posting lists inside one index scan (measured at 1M: "CEO" + "Legal" 2 ms, against 10 ms',
  '  for two GIN indexes joined by a BitmapAnd).',
  '- Words on at least 30 % of the rows (from pg_stats, e.g. "united", "states") do not drive the index when',
  '  a rarer word can; they are checked on the candidate rows with the same whole-word semantics (at 1M,',
  '  "united states" in the index cost 8 ms more than checking it on the candidates).',
  '- Ids are time-ordered UUIDs (v7), so `ORDER BY id LIMIT n` walks the primary key in heap order.',
  '- A search first reads its match list: the first ids in order (250 for page 1, doubling as pages go',
  '  deeper) and the exact total, in one statement. When fewer match than were asked for, the ids are all the matches and',
  "  give the total without a count. The page's rows are then read by primary key.",
  '- The match list is kept per filter set with the data version it was read at: a row bumped in the',
  '  same transaction as every write to prospects. The page query reads that version too, and a list whose',
  '  version has moved on is read again, so `meta.total` and the pages stay exact and every instance sees a',
  '  write at once. Concurrent identical searches read the list once.',
  '- The prospects shown are kept too, by id with the version they were read at; the page query then reads',
  "  only the rows not kept at the list's version (none, for a repeated page). Lists and prospects share",
  '  `SEARCH_CACHE_MB` (64 MB by default, half each, least recently used first).',
  '- "returned" is the page size a response carries. Reading and parsing 50 rows was most of what a page',
  '  of 50 cost beyond a page of 1 (ratio 1.7–2.0 for the third mix, 1 prospect at 10k against 50 at 1M,',
  '  before the prospects were kept); what is left between the sizes is sending about 26 kB of JSON.',
  '- What a search never seen before costs is the "cache off" rows: at 1M a broad match means thousands',
  '  of candidate rows to read (the 571 MB table does not fit in 128 MB of shared_buffers), and on 2 vCPUs',
  '  shared by PostgreSQL, the API and the load generator, 8 concurrent clients queue behind that work.',
  '  The exact count visits the heap page of every match even when VACUUM has marked all pages visible',
  '  (at 1M, 17,476 pages for "CEO"): this PostgreSQL\'s bitmap scans never skip the heap.',
];

async function main(): Promise<void> {
  const env = await environment();
  process.stdout.write(`Search benchmark on ${env}\n`);
  const buildDir = compileApp('search');
  const targets: Target[] = [];
  try {
    for (const size of SIZES) targets.push(await prepare(buildDir, size));
    const all: MixResult[] = [];
    for (const setting of CACHE_SETTINGS) {
      all.push(...(await benchSetting(buildDir, targets, setting)));
    }
    writeResultsSection(report(all, targets, env));
    process.stdout.write(`Results written to ${RESULTS_FILE}\n`);
  } finally {
    for (const target of targets) {
      await stopTarget(target);
      await dropDatabase(target.name);
    }
    rmSync(buildDir, { recursive: true, force: true });
  }
}

runBench(main);
