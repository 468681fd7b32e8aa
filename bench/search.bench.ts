/**
 * Search benchmark: `npm run bench:search`.
 *
 * For each size (10,000 and 1,000,000 prospects by default; `BENCH_SIZES=10000,50000` to change)
 * it creates a fresh database on the PostgreSQL server at `DATABASE_URL` (default
 * postgres://postgres@127.0.0.1:5432/test, used as the admin connection), seeds it with the CLI,
 * records its table and index sizes, and serves each size with the API in a child process (so the
 * load generator does not share its event loop). Then, as `BENCH_MODE` says (`all` by default):
 *
 * - `repeated`: three filter mixes, each one body sent over and over by 8 concurrent autocannon
 *   connections, in BENCH_ROUNDS (3) rounds where the sizes take turns: once as configured by
 *   default, once with the search cache off (`SEARCH_CACHE_MB=0`: every search reads its matches).
 *   Results under "## Search" in bench/RESULTS.md.
 * - `first-sight`: searches never seen before (bench/search-first-sight.ts): 300 distinct bodies
 *   from a seeded generator (bench/first-sight-bodies.ts), each sent once per size to a freshly
 *   started API, cache on and off, by 1 and 8 clients, in BENCH_ROUNDS (3) rounds where the sizes
 *   take turns; the slowest bodies and the targets of issue 13 item 6. Results under
 *   "## Search, first sight". BENCH_FIRST_SIGHT_WARMUP (20) other bodies warm each new API first.
 * - `all`: both.
 *
 * Other sections of RESULTS.md are kept. Databases are dropped afterwards, unless
 * `BENCH_KEEP_DATABASES=1`: then they are kept as bench_search_<size>, and a later run with it
 * reuses one holding the right number of prospects ("reused" instead of a seeding time), so that
 * a code change is re-measured without minutes of seeding. The CLI and the API are the app
 * compiled once into a temp directory, as in production; they are started, like the rest of what
 * the benchmarks share, by bench/bench-support.ts (BENCH_SERVER_NODE_ARGS adds node flags to the
 * API's process). A full default run at 1,000,000 is meant to stay within about 15 minutes with
 * seeding; BENCH_ROUNDS=1 is a third of the measuring.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
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
  compileApp,
  loadAverage,
  machine,
  median,
  percentile,
  postgresSetting,
  RESULTS_FILE,
  runBench,
  writeResultsSection,
} from './bench-support';
import { benchFirstSight, firstSightReport, postgresSettings } from './search-first-sight';
import {
  CACHE_SETTINGS,
  CacheSetting,
  KEEP_DATABASES,
  megabytes,
  prepareTarget,
  relationSizes,
  RelationSizes,
  releaseTarget,
  seedingText,
  startSearchServer,
  stopTarget,
  Target,
} from './search-targets';

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
const MODES = ['repeated', 'first-sight', 'all'] as const;
const MODE = (process.env.BENCH_MODE ?? 'all') as (typeof MODES)[number];
if (!MODES.includes(MODE)) throw new Error(`BENCH_MODE must be one of ${MODES.join(', ')}`);

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
    const walk = await nodes(walkSql(sql, params.length), [...params, depth, randomUUID()], 'walk');
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
    target.server = await startSearchServer(buildDir, target.url, setting.env);
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

/** "table 571 MB, with indexes 1,234 MB" (pg_relation_size, pg_total_relation_size) */
const relationsText = (sizes: RelationSizes | undefined): string =>
  sizes
    ? `table ${megabytes(sizes.table)}, with indexes ${megabytes(sizes.total)}`
    : 'sizes not read';

function report(
  all: MixResult[],
  targets: Target[],
  env: string,
  sizes: Map<number, RelationSizes>,
): string {
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
    '`SEARCH_CACHE_MB=0`, where every request finds its matches and counts them (in the in-memory index), as a search never seen before does.',
    `Load average of the machine (1/5/15 min) at the start: ${LOAD_AT_START}; at the end: ${loadAverage(1, '/')}.`,
    '',
    `Seeding: ${targets.map((t) => `${fmt(t.size)} prospects: ${seedingText(t)} (${relationsText(sizes.get(t.size))})`).join('; ')}.`,
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
  'How search is built (src/modules/prospects/search/; "## Search, first sight" has the measurements):',
  "- Each instance holds an in-memory index of the prospects' search fields (search-index.ts): every text",
  '  field dictionary-coded, a posting list per value, rows in id order. A filter is decided once per distinct',
  '  value, then per row by its code; the filter with the fewest candidates (counted from the posting lists)',
  '  drives, and matches are counted up to 10,001 (exact to 10,000, then `gte`). The benchmark waits for each',
  '  fresh server to load it. It is used only at the data version it was read at (the page query reads the',
  '  version); keyword searches, and an instance over SEARCH_INDEX_MAX_PROSPECTS, take the database path.',
  '- The database path: one GIN index over `search_words`, a generated array of prefixed words (`t:ceo`,',
  '  `i:legal`, `l:london`, `s:c_suite`, `h:51-200`, ...), read by the statement shapes of',
  "  prospects-search.repository.ts (the planner's choices above are for that path).",
  '- Ids are time-ordered UUIDs (v7): search order is id order, and the page reads its rows by primary key.',
  '- The match list (total and first ids) is kept per filter set with the data version it was read at, and',
  '  so are the prospects shown (`SEARCH_CACHE_MB`, 64 MB by default): a repeated page reads only the',
  '  version. Every instance sees a write at once, as the version moves in the same transaction.',
];

/** The API settings measured in turn by the repeated mode; the results go under "## Search". */
async function benchRepeated(
  buildDir: string,
  targets: Target[],
  env: string,
  sizes: Map<number, RelationSizes>,
): Promise<void> {
  const started = performance.now();
  const all: MixResult[] = [];
  for (const setting of CACHE_SETTINGS) {
    all.push(...(await benchSetting(buildDir, targets, setting)));
  }
  process.stdout.write(
    `repeated mixes measured in ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  );
  writeResultsSection(report(all, targets, env, sizes));
}

/** The run as typed, with the BENCH_ variables it was given, for RESULTS.md. */
function commandLine(): string {
  const variables = Object.entries(process.env)
    .filter(([name]) => name.startsWith('BENCH_'))
    .map(([name, value]) => `${name}=${value}`);
  return [...variables, 'npm run bench:search'].join(' ');
}

async function benchFirstSightMode(
  buildDir: string,
  targets: Target[],
  sizes: Map<number, RelationSizes>,
): Promise<void> {
  const started = performance.now();
  const passes = await benchFirstSight(buildDir, targets, ROUNDS);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`first sight measured in ${seconds.toFixed(0)} s\n`);
  const context = {
    seconds,
    targets,
    sizes,
    rounds: ROUNDS,
    machine: machine(),
    postgres: await postgresSettings(),
    loadAtStart: LOAD_AT_START,
    command: commandLine(),
  };
  writeResultsSection(firstSightReport(passes, context), { keepFindings: true });
}

/** The table and index sizes of every target, printed as they are read. */
async function readRelationSizes(targets: Target[]): Promise<Map<number, RelationSizes>> {
  const sizes = new Map<number, RelationSizes>();
  for (const target of targets) {
    const read = await relationSizes(target.url);
    sizes.set(target.size, read);
    const indexes = read.indexes.map((i) => `${i.name} ${megabytes(i.bytes)}`).join(', ');
    process.stdout.write(
      `${target.size} prospects (seeding ${seedingText(target)}): table ${megabytes(read.table)}; ${indexes}; total ${megabytes(read.total)}\n`,
    );
  }
  return sizes;
}

async function main(): Promise<void> {
  const env = await environment();
  process.stdout.write(`Search benchmark (${MODE}) on ${env}\n`);
  const buildDir = compileApp('search');
  const targets: Target[] = [];
  try {
    for (const size of SIZES) targets.push(await prepareTarget(buildDir, size));
    const sizes = await readRelationSizes(targets);
    if (MODE !== 'first-sight') await benchRepeated(buildDir, targets, env, sizes);
    if (MODE !== 'repeated') await benchFirstSightMode(buildDir, targets, sizes);
    process.stdout.write(`Results written to ${RESULTS_FILE}\n`);
  } finally {
    for (const target of targets) await releaseTarget(target);
    if (KEEP_DATABASES) process.stdout.write(`kept: ${targets.map((t) => t.name).join(', ')}\n`);
    rmSync(buildDir, { recursive: true, force: true });
  }
}

runBench(main);
