/**
 * The first-sight mode of `npm run bench:search` (BENCH_MODE=first-sight): what searches never
 * seen before cost. 300 distinct bodies (bench/first-sight-bodies.ts), each sent once per size to
 * a freshly started API (an empty result cache), with the cache on and off, by 1 and 8 clients,
 * in rounds where the sizes take turns to go first. Writes "## Search, first sight" in RESULTS.md.
 */
import { FIRST_SIGHT_PER_PAGE, firstSightBodies } from './first-sight-bodies';
import { loadAverage, median, percentile, postgresSetting } from './bench-support';
import {
  CACHE_SETTINGS,
  CacheSetting,
  megabytes,
  RelationSizes,
  seedingText,
  startSearchServer,
  stopTarget,
  Target,
} from './search-targets';

const BODY_COUNT = 300;
const GENERATOR_SEED = 1;
/** Bodies from another seed (none of the measured ones) that each fresh API answers first, unmeasured. */
const WARMUP_SEED = 2;
const WARMUP_BODIES = Number(process.env.BENCH_FIRST_SIGHT_WARMUP ?? 20);
const CLIENT_COUNTS = [1, 8] as const;
/** A body matching at least this many prospects is a broad one. */
const BROAD = 10_000;
const SEARCH_PATH = '/v1/prospects/search';

/** One response: its latency, its status, and the total it announced. */
interface Answer {
  body: number;
  ms: number;
  status: number;
  total?: number;
  relation?: string;
}

/** The bodies sent once each to one size under one setting, in one round. */
interface Pass {
  size: number;
  cache: CacheSetting['cache'];
  clients: number;
  round: number;
  answers: Answer[];
}

async function send(base: string, key: string, body: string): Promise<Omit<Answer, 'body'>> {
  const started = performance.now();
  try {
    const res = await fetch(`${base}${SEARCH_PATH}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body,
    });
    const text = await res.text();
    const ms = performance.now() - started;
    if (res.status !== 200) return { ms, status: res.status };
    const { meta } = JSON.parse(text) as { meta: { total: number; total_relation?: string } };
    return { ms, status: 200, total: meta.total, relation: meta.total_relation };
  } catch {
    return { ms: performance.now() - started, status: 0 }; // no answer at all
  }
}

/** Each body once, by `clients` workers that each take the next body when their last is answered. */
async function sendEach(target: Target, bodies: string[], clients: number): Promise<Answer[]> {
  const { base } = target.server!;
  const answers: Answer[] = [];
  let next = 0;
  const worker = async () => {
    for (let body = next++; body < bodies.length; body = next++) {
      answers.push({ body, ...(await send(base, target.key, bodies[body])) });
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  return answers;
}

const sortedMs = (answers: Answer[]): number[] => answers.map((a) => a.ms).sort((a, b) => a - b);

const fmt = (n: number): string => n.toLocaleString('en-US');

function describePass(pass: Pass): string {
  const sorted = sortedMs(pass.answers);
  const errors = pass.answers.filter((a) => a.status !== 200).length;
  const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(sorted, p).toFixed(1));
  return (
    `  round ${pass.round + 1}, cache ${pass.cache}, ${pass.clients} client(s), ${fmt(pass.size)}: ` +
    `p50 ${p50} ms, p95 ${p95} ms, p99 ${p99} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms, errors ${errors}\n`
  );
}

/**
 * One setting in one round: a fresh API per size (nothing cached), warmed up on bodies not measured
 * so that its code is compiled, then the bodies to each size in `order`.
 */
async function measureSetting(
  buildDir: string,
  order: Target[],
  setting: CacheSetting,
  clients: number,
  round: number,
  { bodies, warmup }: { bodies: string[]; warmup: string[] },
): Promise<Pass[]> {
  for (const target of order) {
    target.server = await startSearchServer(buildDir, target.url, setting.env);
    await sendEach(target, warmup, 1);
  }
  const passes: Pass[] = [];
  try {
    for (const target of order) {
      const answers = await sendEach(target, bodies, clients);
      passes.push({ size: target.size, cache: setting.cache, clients, round, answers });
      process.stdout.write(describePass(passes[passes.length - 1]));
    }
  } finally {
    for (const target of order) await stopTarget(target);
  }
  return passes;
}

/** Every setting in every round; the sizes take turns to go first, for each setting across rounds. */
export async function benchFirstSight(
  buildDir: string,
  targets: Target[],
  rounds: number,
): Promise<Pass[]> {
  const measured = firstSightBodies(BODY_COUNT, GENERATOR_SEED).map((b) => JSON.stringify(b));
  const warmup = firstSightBodies(WARMUP_BODIES, WARMUP_SEED, new Set(measured));
  const bodies = { bodies: measured, warmup: warmup.map((b) => JSON.stringify(b)) };
  process.stdout.write(`first sight: ${measured.length} bodies, ${rounds} round(s)\n`);
  const settings = CACHE_SETTINGS.flatMap((setting) =>
    CLIENT_COUNTS.map((clients) => ({ setting, clients })),
  );
  const passes: Pass[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const [index, { setting, clients }] of settings.entries()) {
      const order = (round + index) % 2 === 0 ? targets : [...targets].reverse();
      passes.push(...(await measureSetting(buildDir, order, setting, clients, round, bodies)));
    }
  }
  return passes;
}

// ---------------------------------------------------------------------------------------------
// The report

/** Everything the report says besides the passes. */
export interface FirstSightContext {
  targets: Target[];
  sizes: Map<number, RelationSizes>;
  rounds: number;
  /** How long the measuring took, seeding apart. */
  seconds: number;
  machine: string;
  /** The settings of postgresSettings(). */
  postgres: string;
  loadAtStart: string;
  command: string;
}

/** The PostgreSQL settings that decide how a first search reads, as one line. */
export async function postgresSettings(): Promise<string> {
  const names = [
    'server_version',
    'shared_buffers',
    'effective_cache_size',
    'work_mem',
    'random_page_cost',
    'effective_io_concurrency',
    'max_parallel_workers_per_gather',
    'jit',
  ];
  const values = await Promise.all(names.map((name) => postgresSetting(name)));
  return names.map((name, i) => `${name} ${values[i]}`).join(', ');
}

const select = (passes: Pass[], size: number, cache: string, clients?: number): Pass[] =>
  passes.filter(
    (p) => p.size === size && p.cache === cache && (clients === undefined || p.clients === clients),
  );

const passPercentile = (pass: Pass, p: number): number => percentile(sortedMs(pass.answers), p);

/** The total each body announced on a size (from any answer with one). */
function totalsOf(passes: Pass[], size: number): Map<number, Answer> {
  const totals = new Map<number, Answer>();
  for (const pass of passes.filter((p) => p.size === size)) {
    for (const answer of pass.answers)
      if (answer.total !== undefined) totals.set(answer.body, answer);
  }
  return totals;
}

const totalText = (answer: Answer | undefined): string =>
  answer?.total === undefined
    ? '–'
    : `${fmt(answer.total)}${answer.relation ? ` (${answer.relation})` : ''}`;

function latencyRow(passes: Pass[], size: number, cache: string, clients: number): string {
  const group = select(passes, size, cache, clients);
  if (!group.length) return '';
  const all = group.flatMap((p) => p.answers);
  const byRound = (p: number) => median(group.map((pass) => passPercentile(pass, p)));
  const errors = all.filter((a) => a.status !== 200).length;
  const totals = totalsOf(passes, size);
  const broad = new Set(
    [...totals].filter(([, a]) => (a.total ?? 0) >= BROAD).map(([body]) => body),
  );
  const broadMs = sortedMs(all.filter((a) => broad.has(a.body)));
  const broadStats = broadMs.length
    ? `${percentile(broadMs, 50).toFixed(1)} | ${percentile(broadMs, 95).toFixed(1)}`
    : '– | –';
  return (
    `| ${fmt(size)} | ${cache} | ${clients} | ${all.length} | ${errors} | ${byRound(50).toFixed(1)} | ` +
    `${byRound(95).toFixed(1)} | ${byRound(99).toFixed(1)} | ${Math.max(...all.map((a) => a.ms)).toFixed(1)} | ` +
    `${group.map((p) => passPercentile(p, 95).toFixed(1)).join(' / ')} | ` +
    `${((broad.size / BODY_COUNT) * 100).toFixed(0)} % | ${broadStats} |`
  );
}

/** A target row: the value in each round, their median, and whether it meets `limit`. */
function targetRow(
  label: string,
  cache: string,
  values: number[],
  limit: number,
  unit: string,
): string {
  if (!values.length) return '';
  const value = median(values);
  return `| ${label} | ${cache} | ${values.map((v) => v.toFixed(unit ? 1 : 2)).join(' / ')} | ${value.toFixed(unit ? 1 : 2)}${unit} | ≤ ${limit}${unit} ${value <= limit ? '✅' : '❌'} |`;
}

/** Per round, `p` of the size's passes with `clients` under `cache`. */
const roundValues = (
  passes: Pass[],
  size: number,
  cache: string,
  clients: number,
  p: number,
): number[] =>
  select(passes, size, cache, clients)
    .sort((a, b) => a.round - b.round)
    .map((pass) => passPercentile(pass, p));

/** The ratio of p95 between two sizes, round by round: both measured within seconds of each other. */
function ratios(passes: Pass[], large: number, small: number, cache: string): number[] {
  const a = roundValues(passes, small, cache, 1, 95);
  return roundValues(passes, large, cache, 1, 95).map((b, round) => b / a[round]);
}

/** Sizes from here on are judged against the 10,000,000 target. */
const HUGE = 10_000_000;

/**
 * The size judged against the 1,000,000 targets: 1,000,000 when run, else the largest below 10M
 * (so that a small verification run shows every row); none when every size is that large.
 */
function referenceSize(sizes: number[]): number | undefined {
  if (sizes.includes(1_000_000)) return 1_000_000;
  const below = sizes.filter((s) => s < HUGE);
  return below.length ? Math.max(...below) : undefined;
}

/** Percentile `p` with `clients` at `size`, round by round, at most `limit` ms. */
function latencyTarget(
  passes: Pass[],
  cache: string,
  [size, clients, p, limit]: [number, number, number, number],
): string {
  const label = `${fmt(size)}, ${clients === 1 ? '1 client' : `${clients} clients`}, p${p}`;
  return targetRow(label, cache, roundValues(passes, size, cache, clients, p), limit, ' ms');
}

function targetRows(passes: Pass[], sizes: number[]): string[] {
  const small = Math.min(...sizes);
  const reference = referenceSize(sizes);
  return CACHE_SETTINGS.flatMap(({ cache }) => {
    const ratioRow = (size: number) =>
      size === small
        ? ''
        : targetRow(
            `p95 ${fmt(size)} ÷ p95 ${fmt(small)}, 1 client`,
            cache,
            ratios(passes, size, small, cache),
            2,
            '',
          );
    const referenceRows =
      reference === undefined
        ? []
        : [
            latencyTarget(passes, cache, [reference, 1, 95, 50]),
            latencyTarget(passes, cache, [reference, 1, 99, 100]),
            ratioRow(reference),
            latencyTarget(passes, cache, [reference, 8, 95, 150]),
          ];
    const hugeRows = sizes
      .filter((size) => size >= HUGE)
      .map((size) => latencyTarget(passes, cache, [size, 1, 95, 100]));
    return [...referenceRows, ...hugeRows];
  }).filter(Boolean);
}

/** The slowest bodies on a size, by their median latency with one client (no queueing) over every pass. */
function slowestBodies(passes: Pass[], size: number, bodies: string[]): string[] {
  const sizePasses = passes.filter((p) => p.size === size);
  const totals = totalsOf(passes, size);
  const latencies = (body: number, clients?: number) =>
    sizePasses
      .filter((p) => clients === undefined || p.clients === clients)
      .flatMap((p) => p.answers.filter((a) => a.body === body).map((a) => a.ms));
  const ranked = bodies
    .map((json, body) => ({
      json,
      body,
      ms: median(latencies(body, 1)),
      max: Math.max(...latencies(body)),
    }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 10);
  return [
    `Slowest 10 bodies at ${fmt(size)} (median of their 1-client requests over both cache settings and every round; max over every request):`,
    '',
    '| body | median ms, 1 client | max ms | total |',
    '|---|---:|---:|---:|',
    ...ranked.map(
      (r) =>
        `| \`${r.json}\` | ${r.ms.toFixed(1)} | ${r.max.toFixed(1)} | ${totalText(totals.get(r.body))} |`,
    ),
    '',
  ];
}

/** Every answer that was not a 200 (the first 20), with its body: an error is never just a number. */
function errorLines(passes: Pass[], bodies: string[]): string[] {
  const errors = passes.flatMap((pass) =>
    pass.answers
      .filter((a) => a.status !== 200)
      .map(
        (a) =>
          `- ${fmt(pass.size)}, cache ${pass.cache}, ${pass.clients} client(s), round ${pass.round + 1}: ${a.status ? `HTTP ${a.status}` : 'no answer'} for \`${bodies[a.body]}\``,
      ),
  );
  if (!errors.length) return ['Errors: none (every answer was a 200).', ''];
  const more = errors.length > 20 ? [`- … and ${errors.length - 20} more`] : [];
  return [`Errors (${errors.length}):`, ...errors.slice(0, 20), ...more, ''];
}

function databaseLines(context: FirstSightContext): string[] {
  return context.targets.map((target) => {
    const sizes = context.sizes.get(target.size);
    const relations = sizes
      ? `table ${megabytes(sizes.table)}, indexes ${sizes.indexes.map((i) => `${i.name} ${megabytes(i.bytes)}`).join(', ')}; total (pg_total_relation_size) ${megabytes(sizes.total)}`
      : 'sizes not read';
    return `- ${fmt(target.size)} prospects: seeding ${seedingText(target)}; ${relations}.`;
  });
}

const METHOD = (rounds: number): string[] => [
  `Method: ${BODY_COUNT} distinct search bodies drawn from the seed catalog by a seeded generator (bench/first-sight-bodies.ts, seed ${GENERATOR_SEED}:`,
  '1–3 titles, a quarter of them a single word such as "VP"; optionally 1–2 industries, a location, a headcount bucket,',
  `a seniority; about 10 % on pages 2–5; per_page ${FIRST_SIGHT_PER_PAGE}), each sent once per size and setting. For every round (${rounds}),`,
  'search cache (on, off) and client count (1, 8), a fresh API process is started per size (so "cache on" starts',
  `empty; PostgreSQL stays warm, as in production), answers ${WARMUP_BODIES} other bodies unmeasured (its code compiled), then gets the`,
  `${BODY_COUNT} bodies: 1 client sends them one after the other; 8 clients are 8 workers taking the next body from a shared queue.`,
  'The sizes are all served at once and take turns to go first. Latency is measured per request by the client (body read);',
  "any status but 200 is an error. p50/p95/p99 are the medians of the rounds' values; max is over every request; ratios",
  'are taken round by round, between the two sizes measured within seconds of each other.',
];

export function firstSightReport(passes: Pass[], context: FirstSightContext): string {
  const sizes = context.targets.map((t) => t.size);
  const bodies = firstSightBodies(BODY_COUNT, GENERATOR_SEED).map((b) => JSON.stringify(b));
  const largest = Math.max(...sizes);
  const reference = referenceSize(sizes);
  const slowestSizes = [...new Set(reference === undefined ? [largest] : [reference, largest])];
  const rows = sizes.flatMap((size) =>
    CACHE_SETTINGS.flatMap(({ cache }) =>
      CLIENT_COUNTS.map((clients) => latencyRow(passes, size, cache, clients)),
    ),
  );
  return [
    '## Search, first sight',
    '',
    `Command: \`${context.command}\` (bench/search.bench.ts, bench/search-first-sight.ts). Date: ${new Date().toISOString().slice(0, 10)}.`,
    `Machine: ${context.machine}.`,
    `PostgreSQL: ${context.postgres}.`,
    `Load average (1/5/15 min) at the start: ${context.loadAtStart}; at the end: ${loadAverage(1, '/')}.`,
    '',
    ...METHOD(context.rounds),
    `Measuring took ${(context.seconds / 60).toFixed(1)} min (seeding apart).`,
    '',
    'Databases (seeded with `prospects:seed`, seed 1):',
    ...databaseLines(context),
    '',
    `| prospects | search cache | clients | requests | errors | p50 ms | p95 ms | p99 ms | max ms | p95 by round | bodies ≥ ${fmt(BROAD)} matches | their p50 ms | their p95 ms |`,
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.filter(Boolean),
    '',
    'Targets (value by round, then their median):',
    '',
    '| target | search cache | by round | median | target |',
    '|---|---|---:|---:|---:|',
    ...targetRows(passes, sizes),
    '',
    ...errorLines(passes, bodies),
    ...slowestSizes.flatMap((size) => slowestBodies(passes, size, bodies)),
  ].join('\n');
}
