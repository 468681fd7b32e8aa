/**
 * What the search benchmark measures against: the API's cache settings, and the seeded databases,
 * one per size: created and seeded with the CLI, or,
 * with BENCH_KEEP_DATABASES=1, kept after the run under a fixed name and reused by the next run
 * when they hold the right number of prospects (seeding 1,000,000 takes minutes; a code change is
 * re-measured in far less). Also their table and index sizes, for RESULTS.md.
 */
import { randomBytes } from 'node:crypto';
import {
  admin,
  cli,
  createDatabase,
  databaseUrl,
  dropDatabase,
  Server,
  startServer,
  stopServer,
} from './bench-support';

/** The API as run by default, and with its search cache off. */
export const CACHE_SETTINGS = [
  { cache: 'on', env: {} },
  { cache: 'off', env: { SEARCH_CACHE_MB: '0' } },
] as const;
export type CacheSetting = (typeof CACHE_SETTINGS)[number];

/** For the servers' `/metrics`, which tell when the search index is loaded. */
const METRICS_TOKEN = 'bench-search-metrics-token';

/**
 * The API on `url` with `env`, once it has loaded its in-memory search index (it serves before
 * that, from the database): the benchmark measures an instance as it runs, not as it starts.
 */
export async function startSearchServer(
  buildDir: string,
  url: string,
  env: Record<string, string>,
): Promise<Server> {
  const server = await startServer(buildDir, url, { env: { ...env, METRICS_TOKEN } });
  for (let i = 0; i < 6_000; i++) {
    const metrics = await fetch(`${server.base}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    const loaded = /^search_index_prospects (\d+)/m.exec(await metrics.text());
    if (loaded && Number(loaded[1]) > 0) return server;
    await new Promise((done) => setTimeout(done, 100));
  }
  await stopServer(server);
  throw new Error('the server did not load its search index within 10 minutes');
}

/** Keep the databases after the run, and reuse those an earlier run kept. */
export const KEEP_DATABASES = process.env.BENCH_KEEP_DATABASES === '1';

/** A seeded database with a key, and the API serving it while a setting is measured. */
export interface Target {
  size: number;
  name: string;
  url: string;
  key: string;
  /** How long seeding took, or 'reused' for a database an earlier run kept. */
  seeding: number | 'reused';
  server?: Server;
}

const WORKSPACE = 'Bench';

/** The name a kept database goes by, so that the next run finds it. */
const keptName = (size: number): string => `bench_search_${size}`;

async function databaseExists(name: string): Promise<boolean> {
  const found = await admin((c) => c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]));
  return found.rowCount === 1;
}

/** The number of prospects in the database at `url`, or undefined when it has no such table. */
async function prospectCount(url: string): Promise<number | undefined> {
  return admin(async (c) => {
    try {
      return Number(
        (await c.query<{ n: string }>('SELECT count(*) AS n FROM prospects')).rows[0].n,
      );
    } catch {
      return undefined;
    }
  }, url);
}

/** A new key in the bench workspace; named anew each run, as a kept database still has the last run's. */
function createKey(buildDir: string, url: string): string {
  const name = `bench-${randomBytes(3).toString('hex')}`;
  const created = cli(buildDir, url, [
    ...['keys:create', '--workspace', WORKSPACE, '--name', name, '--scopes', 'read'],
    ...['--tier', 'unmetered'],
  ]);
  return created.key;
}

/** Seeds the empty database `name` with `size` prospects, a workspace and a key. */
function seed(buildDir: string, size: number, name: string): Target {
  const url = databaseUrl(name);
  const seeded = cli<{ seconds: number }>(buildDir, url, [
    'prospects:seed',
    '--count',
    String(size),
  ]);
  process.stdout.write(`seeded ${size} prospects in ${String(seeded.seconds)} s\n`);
  cli(buildDir, url, ['workspaces:create', '--name', WORKSPACE, '--plan', 'unlimited']);
  return { size, name, url, key: createKey(buildDir, url), seeding: seeded.seconds };
}

/** The database an earlier run kept for `size`, with a new key; undefined if there is none that fits. */
async function reuse(buildDir: string, size: number): Promise<Target | undefined> {
  const name = keptName(size);
  if (!(await databaseExists(name))) return undefined;
  const url = databaseUrl(name);
  const count = await prospectCount(url);
  if (count !== size) {
    process.stdout.write(`${name} holds ${String(count)} prospects, not ${size}: seeding anew\n`);
    await dropDatabase(name);
    return undefined;
  }
  process.stdout.write(`reusing ${name} (${size} prospects)\n`);
  return { size, name, url, key: createKey(buildDir, url), seeding: 'reused' };
}

/** A database of `size` prospects: reused when kept and fitting, else created and seeded. */
export async function prepareTarget(buildDir: string, size: number): Promise<Target> {
  const reused = KEEP_DATABASES ? await reuse(buildDir, size) : undefined;
  if (reused) return reused;
  const name = KEEP_DATABASES
    ? keptName(size)
    : `${keptName(size)}_${randomBytes(3).toString('hex')}`;
  await createDatabase(name);
  try {
    return seed(buildDir, size, name);
  } catch (error) {
    await dropDatabase(name); // half seeded: never kept, never reused
    throw error;
  }
}

export async function stopTarget(target: Target): Promise<void> {
  const server = target.server;
  target.server = undefined;
  if (server) await stopServer(server);
}

/** Stops the target's API and drops its database, unless databases are kept. */
export async function releaseTarget(target: Target): Promise<void> {
  await stopTarget(target);
  if (!KEEP_DATABASES) await dropDatabase(target.name);
}

/** "154.6 s" or "reused". */
export const seedingText = ({ seeding }: Target): string =>
  seeding === 'reused' ? 'reused' : `${seeding.toFixed(1)} s`;

/** On-disk sizes of the prospects table: the heap alone, each index, and all of it (TOAST too). */
export interface RelationSizes {
  table: number;
  indexes: { name: string; bytes: number }[];
  total: number;
}

export async function relationSizes(url: string): Promise<RelationSizes> {
  return admin(async (c) => {
    const table = await c.query<{ table: string; total: string }>(
      `SELECT pg_relation_size('prospects') AS table, pg_total_relation_size('prospects') AS total`,
    );
    const indexes = await c.query<{ name: string; bytes: string }>(
      `SELECT indexrelid::regclass::text AS name, pg_relation_size(indexrelid) AS bytes
         FROM pg_index WHERE indrelid = 'prospects'::regclass ORDER BY 2 DESC`,
    );
    return {
      table: Number(table.rows[0].table),
      indexes: indexes.rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) })),
      total: Number(table.rows[0].total),
    };
  }, url);
}

/** "571 MB", or "344 kB" below a megabyte (a small database's indexes). */
export const megabytes = (bytes: number): string =>
  bytes < 2 ** 20
    ? `${Math.round(bytes / 2 ** 10)} kB`
    : `${(bytes / 2 ** 20).toLocaleString('en-US', { maximumFractionDigits: 0 })} MB`;
