/**
 * `npm run bench:save`: POST /v1/prospects/save over HTTP against a raw multi-row
 * `INSERT … ON CONFLICT DO NOTHING` through `pg`, on the same rows, side by side in one run.
 *
 * - The API runs as a child process (the compiled app, as in production) on a fresh database;
 *   the raw inserts go to a second fresh database with the same schema, so both insert the same
 *   number of new rows into equally empty tables. Both databases are dropped at the end.
 * - 100,000 prospects in batches of 1,000; 10 % of each batch repeats an email seen earlier
 *   (in mixed case), so 90,000 contacts get created on each side.
 * - Both sides run the same number of batches concurrently (BENCH_CONCURRENCY, default 4).
 * - Peak RSS of the server process: VmHWM from /proc/<pid>/status.
 * - CPU per batch (ms) of the server during the API phase (/proc/<pid>/stat) and of this process
 *   (the client: HTTP on the API side, pg on the raw side) during each phase: the machine's CPUs
 *   are shared, so what the client spends is not spent by the server or PostgreSQL.
 * - BENCH_ROUNDS rounds (default 3), each on fresh databases and a fresh server, API first in
 *   odd rounds and raw first in even ones; the medians are reported.
 *
 * Environment: DATABASE_URL (an admin connection, default postgres://postgres@127.0.0.1:5432/test),
 * BENCH_TOTAL (100000), BENCH_BATCH (1000), BENCH_CONCURRENCY (4), BENCH_ROUNDS (3),
 * BENCH_LIST=1 to save into a list (the raw side then still inserts contacts only),
 * BENCH_SERVER_NODE_ARGS (extra node flags for the server, e.g. --cpu-prof).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { Client } from 'pg';
import {
  admin,
  cli,
  compileApp,
  createDatabase,
  databaseUrl,
  dropDatabase,
  log,
  median,
  postJson,
  postgresSetting,
  runBench,
  Server,
  startServer,
  stopServer,
  ticks,
} from './bench-support';

const TOTAL = Number(process.env.BENCH_TOTAL ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const DUPLICATE_SHARE = 0.1;
const WITH_LIST = process.env.BENCH_LIST === '1';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Prospect {
  id: string;
  name: string;
  first_name: string;
  last_name: string;
  email: string;
  title: string;
  seniority: string;
  department: string;
  company_name: string;
  company_domain: string;
  industry: string;
  employee_count: number;
  headcount: string;
  location: string;
  city: string;
  region: string;
  country: string;
  linkedin_url: string;
}

function prospect(n: number, emailCase: 'lower' | 'upper' = 'lower'): Prospect {
  const email = `person.${n}@company${n % 5000}.example`;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name: `Person ${n} Example`,
    first_name: 'Person',
    last_name: `${n} Example`,
    email: emailCase === 'upper' ? email.toUpperCase() : email,
    title: n % 3 ? 'Managing Partner' : 'CEO & Founder',
    seniority: 'c_suite',
    department: 'executive',
    company_name: `Company ${n % 5000} LLP`,
    company_domain: `company${n % 5000}.example`,
    industry: 'Legal Services',
    employee_count: 40 + (n % 500),
    headcount: '11-50',
    location: 'Austin, Texas, United States',
    city: 'Austin',
    region: 'Texas',
    country: 'United States',
    linkedin_url: `https://www.linkedin.com/in/person-${n}/`,
  };
}

/** Batches of BATCH prospects: 90 % new, 10 % repeating an earlier email in upper case. */
function batches(): Prospect[][] {
  const out: Prospect[][] = [];
  let next = 0;
  const duplicatesPerBatch = Math.round(BATCH * DUPLICATE_SHARE);
  for (let b = 0; b < TOTAL / BATCH; b++) {
    const fresh = Array.from({ length: BATCH - duplicatesPerBatch }, () => prospect(next++));
    // Repeats of the previous batch (or, in the first batch, of this one), spread through the batch.
    const repeats = Array.from({ length: duplicatesPerBatch }, (_, i) =>
      prospect(b === 0 ? (i * 9) % fresh.length : next - BATCH - 1 - i * 7, 'upper'),
    );
    const batch = [...fresh];
    repeats.forEach((r, i) => batch.splice((i * 9) % batch.length, 0, r));
    out.push(batch);
  }
  return out;
}

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Runs `work` on every batch with CONCURRENCY in flight; returns the seconds taken. */
async function timed<T>(items: T[], work: (item: T) => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function benchApi(base: string, key: string, bodies: string[]): Promise<number> {
  let created = 0;
  const seconds = await timed(bodies, async (body) => {
    const res = await postJson(`${base}/v1/prospects/save`, body, {
      Authorization: `Bearer ${key}`,
    });
    const json = res.json as { data?: { created: number } };
    if (res.status !== 201 || !json.data)
      throw new Error(`save failed: ${res.status} ${JSON.stringify(json)}`);
    created += json.data.created;
  });
  log(`API: ${created} created in ${seconds.toFixed(2)} s`);
  return seconds;
}

/**
 * The same rows, normalised the way the API stores them, as one multi-row INSERT per batch.
 * Sorted by email, as the API does: concurrent batches repeating each other's emails would
 * otherwise deadlock.
 */
function rawInsert(workspaceId: string, batch: Prospect[]): { text: string; values: unknown[] } {
  const values: unknown[] = [workspaceId];
  const rows = batch
    .map((p) => {
      const email = p.email.trim().toLowerCase();
      const linkedin = p.linkedin_url
        .toLowerCase()
        .replace(/^https?:\/\/(www\.)?/, '')
        .replace(/\/+$/, '');
      return [
        p.name,
        p.first_name,
        p.last_name,
        email,
        email,
        p.title,
        p.company_name,
        `https://${linkedin}`,
        linkedin,
      ];
    })
    .sort((a, b) => (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0))
    .map((fields) => {
      const start = values.length;
      values.push(...fields);
      return `($1, ${fields.map((_, i) => `$${start + i + 1}`).join(', ')}, 'prospect_save')`;
    });
  return {
    text: `INSERT INTO contacts (workspace_id, full_name, first_name, last_name, email, email_normalized,
             job_title, company_name, linkedin_url, linkedin_url_normalized, source)
           VALUES ${rows.join(', ')} ON CONFLICT DO NOTHING`,
    values,
  };
}

async function benchRaw(url: string, workspaceId: string, all: Prospect[][]): Promise<number> {
  const clients = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const client = new Client({ connectionString: url });
      client.on('error', () => {}); // the DROP DATABASE at the end may cut idle connections
      await client.connect();
      return client;
    }),
  );
  const idle = [...clients];
  let created = 0;
  const statements = all.map((batch) => rawInsert(workspaceId, batch));
  const seconds = await timed(statements, async ({ text, values }) => {
    const client = idle.pop()!;
    const inserted = (await client.query(text, values)).rowCount ?? 0;
    created += inserted;
    idle.push(client);
  });
  await Promise.all(clients.map((c) => c.end()));
  log(`raw: ${created} created in ${seconds.toFixed(2)} s`);
  return seconds;
}

async function countContacts(url: string): Promise<number> {
  return admin(
    async (c) => Number((await c.query('SELECT count(*) AS n FROM contacts')).rows[0].n),
    url,
  );
}

interface Round {
  api_seconds: number;
  raw_seconds: number;
  api_contacts_per_second: number;
  raw_contacts_per_second: number;
  ratio: number;
  server_cpu_ms_per_batch: number;
  client_cpu_ms_per_batch: { api: number; raw: number };
  server_rss_mb_after_start: number;
  server_rss_mb_peak: number;
}

/** One round: two fresh databases, a fresh server, both phases (order alternates by round). */
async function runRound(buildDir: string, all: Prospect[][], apiFirst: boolean): Promise<Round> {
  const suffix = randomBytes(4).toString('hex');
  const apiDb = `bench_save_api_${suffix}`;
  const rawDb = `bench_save_raw_${suffix}`;
  let server: Server | undefined;
  await createDatabase(apiDb);
  await createDatabase(rawDb);
  try {
    // The CLI runs the migrations on each fresh database and makes a workspace (and a key).
    const workspace = ['workspaces:create', '--name', 'bench', '--plan', 'unlimited'];
    cli(buildDir, databaseUrl(apiDb), workspace);
    const { key } = cli(buildDir, databaseUrl(apiDb), [
      ...['keys:create', '--workspace', 'bench', '--name', 'bench'],
      ...['--scopes', 'write', '--tier', 'unmetered'],
    ]);
    const rawWorkspace = cli(buildDir, databaseUrl(rawDb), workspace);
    server = await startServer(buildDir, databaseUrl(apiDb), {
      env: { BODY_LIMIT: String(20 * 1024 * 1024) },
    });
    const listId = WITH_LIST ? await createList(server.base, key) : undefined;
    const bodies = all.map((prospects) =>
      JSON.stringify({ prospects, ...(listId ? { list_id: listId } : {}) }),
    );
    const idle = memoryOf(server.pid);
    const phases = {
      api: () => benchApi(server!.base, key, bodies),
      raw: () => benchRaw(databaseUrl(rawDb), rawWorkspace.id, all),
    };
    const seconds = { api: 0, raw: 0 };
    const clientCpuMs = { api: 0, raw: 0 };
    let serverTicks = 0;
    for (const phase of apiFirst ? (['api', 'raw'] as const) : (['raw', 'api'] as const)) {
      // A checkpoint before each phase, so neither pays for the other's dirty pages.
      await admin((c) => c.query('CHECKPOINT'));
      const [serverBefore, clientBefore] = [ticks(server.pid), process.cpuUsage()];
      seconds[phase] = await phases[phase]();
      const client = process.cpuUsage(clientBefore);
      clientCpuMs[phase] = (client.user + client.system) / 1000;
      if (phase === 'api') serverTicks = ticks(server.pid) - serverBefore;
    }
    const perBatch = (ms: number) => round(ms / all.length);
    const peak = memoryOf(server.pid).peakMb;
    const [apiRows, rawRows] = [
      await countContacts(databaseUrl(apiDb)),
      await countContacts(databaseUrl(rawDb)),
    ];
    if (apiRows !== rawRows) throw new Error(`row counts differ: api ${apiRows}, raw ${rawRows}`);
    return {
      api_seconds: round(seconds.api),
      raw_seconds: round(seconds.raw),
      api_contacts_per_second: Math.round(TOTAL / seconds.api),
      raw_contacts_per_second: Math.round(TOTAL / seconds.raw),
      ratio: round(seconds.raw / seconds.api),
      server_cpu_ms_per_batch: perBatch(serverTicks * 10),
      client_cpu_ms_per_batch: { api: perBatch(clientCpuMs.api), raw: perBatch(clientCpuMs.raw) },
      server_rss_mb_after_start: Math.round(idle.rssMb),
      server_rss_mb_peak: Math.round(peak),
    };
  } finally {
    if (server) await stopServer(server);
    await dropDatabase(apiDb);
    await dropDatabase(rawDb);
  }
}

async function main(): Promise<void> {
  const buildDir = compileApp('save');
  try {
    const all = batches();
    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      rounds.push(await runRound(buildDir, all, i % 2 === 0));
      log(`round ${i + 1}: ratio ${rounds[i].ratio}`);
    }
    const pgVersion = await postgresSetting('server_version');
    const result = {
      prospects: TOTAL,
      batch: BATCH,
      duplicates: `${DUPLICATE_SHARE * 100} %`,
      concurrency: CONCURRENCY,
      with_list: WITH_LIST,
      contacts_created_per_side: TOTAL * (1 - DUPLICATE_SHARE),
      rounds,
      median: {
        // Rounded as the rounds are (an even number of rounds has the mean of two as median).
        api_contacts_per_second: Math.round(median(rounds.map((r) => r.api_contacts_per_second))),
        raw_contacts_per_second: Math.round(median(rounds.map((r) => r.raw_contacts_per_second))),
        ratio: round(median(rounds.map((r) => r.ratio))),
        server_cpu_ms_per_batch: round(median(rounds.map((r) => r.server_cpu_ms_per_batch))),
        client_cpu_ms_per_batch: {
          api: round(median(rounds.map((r) => r.client_cpu_ms_per_batch.api))),
          raw: round(median(rounds.map((r) => r.client_cpu_ms_per_batch.raw))),
        },
      },
      server_rss_mb_peak: Math.max(...rounds.map((r) => r.server_rss_mb_peak)),
      machine: {
        cpus: cpus().length,
        memory_gb: round(totalmem() / 2 ** 30),
        node: process.version,
        postgres: pgVersion,
      },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
}

async function createList(base: string, key: string): Promise<string> {
  const res = await fetch(`${base}/v1/lists`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Bench list' }),
  });
  return ((await res.json()) as { data: { id: string } }).data.id;
}

const round = (n: number) => Math.round(n * 100) / 100;

runBench(main);
