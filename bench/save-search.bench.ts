/**
 * `npm run bench:save-search`: saving the matches of a search, `POST /v1/prospects/save` with
 * `{"search", "limit"}` in one call, against what a client does without it: page through
 * `POST /v1/prospects/search` (100 per page) and save the pages (1,000 prospects per save).
 *
 * - One fresh database seeded with `prospects:seed` (BENCH_PROSPECTS, default 200,000; seed 1), the
 *   compiled API in a child process on it.
 * - The search: every entry-level person (`person_seniorities: ["entry"]`), about 28 % of the table.
 * - For each limit (1,000, 5,000, 10,000), each round: the one call into a fresh workspace, the
 *   paging client into another, then the one call again into the first (every match now a
 *   duplicate). BENCH_ROUNDS rounds (default 3), the order of the two ways alternating; medians.
 *
 * Environment: DATABASE_URL (an admin connection, default postgres://postgres@127.0.0.1:5432/test),
 * BENCH_PROSPECTS, BENCH_ROUNDS.
 */
import { rmSync } from 'node:fs';
import {
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
  runBench,
  Server,
  startServer,
  stopServer,
  writeResultsSection,
} from './bench-support';

const DATABASE = 'bench_save_search';
const PROSPECTS = Number(process.env.BENCH_PROSPECTS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LIMITS = [1_000, 5_000, 10_000];
const SEARCH = { query: { person_seniorities: ['entry'] } };
const PAGE = 100;
const SAVE_BATCH = 1_000;

type Ways = 'oneCall' | 'paging' | 'duplicates';

interface Client {
  server: Server;
  key: string;
}

/** The parts of the search and save responses the benchmark reads. */
interface Answer {
  data: { created: number; prospects: object[] };
}

async function post(client: Client, path: string, body: object): Promise<Answer> {
  const res = await fetch(`${client.server.base}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${client.key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Answer;
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

async function timed(work: () => Promise<number>): Promise<{ ms: number; created: number }> {
  const started = performance.now();
  const created = await work();
  return { ms: performance.now() - started, created };
}

/** One call: the server reads the matches and saves them. */
const oneCall = (client: Client, limit: number) =>
  timed(async () => {
    const res = await post(client, '/v1/prospects/save', { search: SEARCH, limit });
    return res.data.created;
  });

/** The client's way without it: every page of the search, then saves of 1,000. */
const paging = (client: Client, limit: number) =>
  timed(async () => {
    const prospects: object[] = [];
    for (let page = 1; page <= limit / PAGE; page++) {
      const res = await post(client, '/v1/prospects/search', { ...SEARCH, page, per_page: PAGE });
      prospects.push(...res.data.prospects);
    }
    let created = 0;
    for (let at = 0; at < prospects.length; at += SAVE_BATCH) {
      const res = await post(client, '/v1/prospects/save', {
        prospects: prospects.slice(at, at + SAVE_BATCH),
      });
      created += res.data.created;
    }
    return created;
  });

let workspaces = 0;

/** A fresh workspace and its key (read and write, unmetered). */
function newClient(buildDir: string, url: string, server: Server): Client {
  const name = `Saver ${++workspaces}`;
  cli(buildDir, url, ['workspaces:create', '--name', name, '--plan', 'unlimited']);
  const { key } = cli(buildDir, url, [
    'keys:create',
    '--workspace',
    name,
    '--name',
    'bench',
    '--scopes',
    'read,write',
    '--tier',
    'unmetered',
  ]);
  return { server, key };
}

async function main(): Promise<void> {
  const env = `${machine()}, PostgreSQL ${await postgresSetting('server_version')}, load ${loadAverage(2, ' / ')}`;
  log(`Save-a-search benchmark on ${env}`);
  const buildDir = compileApp('save-search');
  const url = databaseUrl(DATABASE);
  await dropDatabase(DATABASE);
  await createDatabase(DATABASE);
  const seeded = cli<{ seconds: number }>(buildDir, url, [
    'prospects:seed',
    '--count',
    String(PROSPECTS),
  ]);
  log(`seeded ${PROSPECTS} prospects in ${seeded.seconds} s`);
  const server = await startServer(buildDir, url);
  const samples = new Map<string, number[]>();
  const note = (limit: number, way: Ways, ms: number) => {
    const key = `${limit} ${way}`;
    samples.set(key, [...(samples.get(key) ?? []), ms]);
  };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const limit of LIMITS) {
        const saver = newClient(buildDir, url, server);
        const pager = newClient(buildDir, url, server);
        const ways: [Ways, () => Promise<{ ms: number; created: number }>][] = [
          ['oneCall', () => oneCall(saver, limit)],
          ['paging', () => paging(pager, limit)],
        ];
        for (const [way, run] of round % 2 ? ways.reverse() : ways) {
          const { ms, created } = await run();
          if (created !== limit) throw new Error(`${way} created ${created} of ${limit}`);
          note(limit, way, ms);
        }
        const again = await oneCall(saver, limit);
        if (again.created !== 0) throw new Error(`saving again created ${again.created}`);
        note(limit, 'duplicates', again.ms);
        log(
          `round ${round + 1}, limit ${limit}: ${(['oneCall', 'paging', 'duplicates'] as Ways[])
            .map((way) => `${way} ${samples.get(`${limit} ${way}`)!.at(-1)!.toFixed(0)} ms`)
            .join(', ')}`,
        );
      }
    }
    writeResultsSection(report(samples, env, seeded.seconds), { keepFindings: true });
  } finally {
    await stopServer(server);
    await dropDatabase(DATABASE);
    rmSync(buildDir, { recursive: true, force: true });
  }
}

function report(samples: Map<string, number[]>, env: string, seedSeconds: number): string {
  const ms = (limit: number, way: Ways) => median(samples.get(`${limit} ${way}`)!);
  const rows = LIMITS.map((limit) => {
    const [one, pages, dup] = (['oneCall', 'paging', 'duplicates'] as Ways[]).map((way) =>
      ms(limit, way),
    );
    return `| ${limit.toLocaleString('en-US')} | ${one.toFixed(0)} ms | ${pages.toFixed(0)} ms (${limit / PAGE} searches + ${limit / SAVE_BATCH} saves) | ${(pages / one).toFixed(1)}× | ${dup.toFixed(0)} ms |`;
  });
  return [
    '## Save a search (`npm run bench:save-search`)',
    '',
    `Run ${new Date().toISOString().slice(0, 10)} on ${env}.`,
    `${PROSPECTS.toLocaleString('en-US')} seeded prospects (seed 1, ${seedSeconds.toFixed(0)} s); search ` +
      `\`${JSON.stringify(SEARCH)}\` (entry level, about 28 % of the table); one client; medians of ` +
      `${ROUNDS} rounds, each into fresh workspaces. "One call": \`POST /v1/prospects/save\` with ` +
      '`{"search", "limit"}`. "Paging": the same matches read 100 per search page, then saved ' +
      '1,000 per request. "Again": the one call repeated into the same workspace, every match a ' +
      'duplicate.',
    '',
    '| limit | one call | paging | paging ÷ one call | again (all duplicates) |',
    '|---:|---:|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}

runBench(main);
