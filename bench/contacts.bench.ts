/**
 * `npm run bench:contacts`: contact pages of one big workspace, as a sales team reads them.
 *
 * Seeds 300,000 contacts (names from a fixed generator, created over a year) and six 20,000-member
 * lists into one workspace of a fresh database on the PostgreSQL at DATABASE_URL, starts the
 * compiled API, and loads it with 4 keep-alive clients (autocannon), each request a distinct one
 * of its kind:
 * - page 1 of `GET /v1/contacts` (per_page 100) in each of the six sort orders;
 * - cursor pages about 3,000 pages deep (rows 290,000–299,900; 100 distinct cursors);
 * - `search` by 100 distinct 3-letter substrings of the seeded names;
 * - `page=2900…2999` (offsets) for comparison;
 * - members of 6 big lists (20,000 distinct members each): page 1 of each, cursor pages 150–157 deep.
 * Kinds take turns for 3 rounds; p50/p95 per kind are medians over rounds. Writes the "Contacts"
 * section of bench/RESULTS.md.
 */
import autocannon from 'autocannon';
import { rmSync } from 'node:fs';
import { encodeCursor, queryFingerprint } from '../src/common/http/cursor';
import {
  admin,
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
  startServer,
  stopServer,
  writeResultsSection,
} from './bench-support';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 300_000);
const LIST_MEMBERS = Math.min(20_000, CONTACTS);
/** Big lists of distinct members: list pages vary by list, as page 1 of contacts varies by sort. */
const LISTS = Math.max(1, Math.min(6, Math.floor(CONTACTS / LIST_MEMBERS)));
/** Cursor pages per list, from page 150 on: 8 × 6 lists = 48 distinct list cursors. */
const LIST_CURSORS_EACH = 8;
const CLIENTS = 4;
const ROUNDS = 3;
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 8_000);
const PER_PAGE = 100;
const DATABASE = 'bench_contacts';
/** The last 100 pages: 2,900–2,999 at 300,000 contacts. */
const DEEP: [number, number] = [Math.max(1, CONTACTS / PER_PAGE - 100), CONTACTS / PER_PAGE - 1];

const FIRST = [
  'Anna',
  'John',
  'Maria',
  'Peter',
  'Sofia',
  'Liam',
  'Emma',
  'Noah',
  'Olivia',
  'Lucas',
  'Mia',
  'Ethan',
  'Chloe',
  'Mason',
  'Grace',
  'Henry',
  'Isla',
  'James',
  'Zoe',
  'Oscar',
];
const LAST = [
  'Johnson',
  'Wilson',
  'Anderson',
  'Smith',
  'Brown',
  'Garcia',
  'Miller',
  'Davis',
  'Martinez',
  'Taylor',
  'Thomas',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Harris',
  'Clark',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Nguyen',
  'Hill',
  'Green',
];

interface Kind {
  name: string;
  paths: string[];
}

interface Sample {
  p50: number;
  p95: number;
  rps: number;
  errors: number;
}

/** The contacts and the big lists; the lists' ids. */
async function seed(url: string, workspaceId: string): Promise<string[]> {
  return admin(async (c) => {
    await c.query(
      `INSERT INTO contacts (workspace_id, full_name, first_name, last_name, email, email_normalized,
                             job_title, company_name, source, created_at, updated_at)
       SELECT $1, f || ' ' || l, f, l, e, e, 'Account Executive', 'Company ' || (i % 5000), 'bulk',
              ts, ts
       FROM generate_series(1, $2::int) AS i,
            LATERAL (SELECT ($3::text[])[1 + (i * 7) % array_length($3::text[], 1)] AS f,
                            ($4::text[])[1 + (i * 13) % array_length($4::text[], 1)] AS l,
                            'c' || i || '@bench' || (i % 997) || '.example' AS e,
                            now() - make_interval(secs => (i * 104.729)::int % 31536000) AS ts) AS v`,
      [workspaceId, CONTACTS, FIRST, LAST],
    );
    const listIds: string[] = [];
    for (let n = 0; n < LISTS; n++) {
      const {
        rows: [list],
      } = await c.query<{ id: string }>(
        `INSERT INTO lists (workspace_id, name) VALUES ($1, $2) RETURNING id`,
        [workspaceId, `Big list ${n + 1}`],
      );
      await c.query(
        `INSERT INTO list_memberships (list_id, contact_id)
         SELECT $1, id FROM contacts WHERE workspace_id = $2 ORDER BY id LIMIT $3 OFFSET $4`,
        [list.id, workspaceId, LIST_MEMBERS, n * LIST_MEMBERS],
      );
      listIds.push(list.id);
    }
    await c.query('VACUUM ANALYZE contacts');
    await c.query('VACUUM ANALYZE list_memberships');
    return listIds;
  }, url);
}

/** Cursors of `GET <path>` pages `from`…`to` (sort -created_at), made as the API makes them. */
async function deepCursors(
  url: string,
  workspaceId: string,
  filters: { list_id?: string },
  pages: [number, number],
): Promise<string[]> {
  const fingerprint = queryFingerprint({ sort: '-created_at', ...filters });
  const join = filters.list_id
    ? 'JOIN list_memberships m ON m.contact_id = c.id AND m.list_id = $2'
    : '';
  return admin(async (c) => {
    const { rows } = await c.query<{ key: string; id: string }>(
      `SELECT key, id FROM (
         SELECT c.created_at::text AS key, c.id, row_number() OVER (ORDER BY c.created_at DESC, c.id DESC) AS n
         FROM contacts c ${join} WHERE c.workspace_id = $1) AS ranked
       WHERE n % ${PER_PAGE} = 0 AND n / ${PER_PAGE} BETWEEN ${pages[0] - 1} AND ${pages[1] - 1}`,
      filters.list_id ? [workspaceId, filters.list_id] : [workspaceId],
    );
    return rows.map((row) => encodeCursor(row, fingerprint));
  }, url);
}

function kinds(listIds: string[], cursors: string[], memberCursors: string[]): Kind[] {
  const sorts = [
    '-created_at',
    'created_at',
    '-updated_at',
    'updated_at',
    'full_name',
    '-full_name',
  ];
  const names = [...FIRST, ...LAST].map((n) => n.toLowerCase());
  const trigrams = [
    ...new Set(names.flatMap((n) => [...n].slice(0, -2).map((_, i) => n.slice(i, i + 3)))),
  ];
  const q = `per_page=${PER_PAGE}`;
  return [
    { name: 'page 1 (six sorts)', paths: sorts.map((s) => `/v1/contacts?${q}&sort=${s}`) },
    {
      name: 'cursor ~3,000 pages deep',
      paths: cursors.map((c) => `/v1/contacts?${q}&cursor=${encodeURIComponent(c)}`),
    },
    {
      name: 'search, 3-letter substring',
      paths: trigrams.slice(0, 100).map((t) => `/v1/contacts?${q}&search=${t}`),
    },
    {
      name: `page=${DEEP[0]}…${DEEP[1]} (offset)`,
      paths: Array.from({ length: 100 }, (_, i) => `/v1/contacts?${q}&page=${DEEP[0] + i}`),
    },
    {
      name: `lists of ${LIST_MEMBERS.toLocaleString('en-US')}: page 1`,
      paths: listIds.map((id) => `/v1/lists/${id}/contacts?${q}`),
    },
    {
      name: `lists: cursor 150–${149 + LIST_CURSORS_EACH} deep`,
      paths: memberCursors,
    },
  ];
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** CLIENTS connections for PHASE_MS, each sending the kind's paths in turn. */
async function load(port: number, key: string, kind: Kind): Promise<Sample> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        headers: { authorization: `Bearer ${key}` },
        connections: CLIENTS,
        duration: PHASE_MS / 1000,
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              path: kind.paths[next++ % kind.paths.length],
            }),
          },
        ],
      },
      (error: Error | null, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (status !== 200) errors++;
    });
  });
  const sorted = latencies.sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    rps: latencies.length / result.duration,
    errors: errors + result.errors + result.timeouts,
  };
}

async function main(): Promise<void> {
  const env = `${machine()}, PostgreSQL ${await postgresSetting('server_version')}, load ${loadAverage(2, ' / ')}`;
  log(`Contacts benchmark on ${env}`);
  const buildDir = compileApp('contacts');
  const url = databaseUrl(DATABASE);
  await dropDatabase(DATABASE);
  await createDatabase(DATABASE);
  const server = await startServer(buildDir, url);
  try {
    const workspace = cli(buildDir, url, [
      'workspaces:create',
      '--name',
      'Big Co',
      '--plan',
      'unlimited',
    ]);
    const key = cli(buildDir, url, [
      'keys:create',
      '--workspace',
      'Big Co',
      '--name',
      'bench',
      '--scopes',
      'read',
      '--tier',
      'unmetered',
    ]);
    const started = Date.now();
    const listIds = await seed(url, workspace.id);
    log(`seeded ${CONTACTS} contacts in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const cursors = await deepCursors(url, workspace.id, {}, DEEP);
    const memberCursors: string[] = [];
    for (const listId of listIds) {
      const listCursors = await deepCursors(url, workspace.id, { list_id: listId }, [
        150,
        149 + LIST_CURSORS_EACH,
      ]);
      memberCursors.push(
        ...listCursors.map(
          (c) =>
            `/v1/lists/${listId}/contacts?per_page=${PER_PAGE}&cursor=${encodeURIComponent(c)}`,
        ),
      );
    }
    const all = kinds(listIds, cursors, memberCursors);
    const samples = new Map<string, Sample[]>(all.map((k) => [k.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of round % 2 ? [...all].reverse() : all) {
        const sample = await load(server.port, key.key, kind);
        samples.get(kind.name)!.push(sample);
        log(
          `round ${round + 1} ${kind.name}: p50 ${sample.p50.toFixed(1)} ms, p95 ${sample.p95.toFixed(1)} ms, ${sample.rps.toFixed(0)} req/s, ${sample.errors} errors`,
        );
      }
    }
    // The hand-written findings and A/B records after the table stay.
    writeResultsSection(report(all, samples, env), { keepFindings: true });
  } finally {
    await stopServer(server);
    await dropDatabase(DATABASE);
    rmSync(buildDir, { recursive: true, force: true });
  }
}

function report(all: Kind[], samples: Map<string, Sample[]>, env: string): string {
  const pick = (name: string, field: keyof Sample) =>
    median(samples.get(name)!.map((s) => s[field]));
  const rows = all.map(
    (k) =>
      `| ${k.name} | ${k.paths.length} | ${pick(k.name, 'p50').toFixed(1)} ms | ${pick(k.name, 'p95').toFixed(1)} ms | ${pick(k.name, 'rps').toFixed(0)} | ${pick(k.name, 'errors')} |`,
  );
  const p95 = (i: number) => pick(all[i].name, 'p95');
  const byRound = samples
    .get(all[1].name)!
    .map((s, i) => (s.p95 / samples.get(all[0].name)![i].p95).toFixed(2));
  return [
    '## Contacts',
    '',
    `\`npm run bench:contacts\` — ${new Date().toISOString().slice(0, 10)}, ${env}.`,
    '',
    `${CONTACTS.toLocaleString('en-US')} contacts in one workspace and ${LISTS} lists of ${LIST_MEMBERS.toLocaleString('en-US')} of them (distinct members); ${CLIENTS} autocannon`,
    `clients, each kind for ${PHASE_MS / 1000} s in ${ROUNDS} rounds (order reversed every other round), each request the next of the`,
    `kind's distinct paths (per_page ${PER_PAGE}); medians over rounds.`,
    '',
    '| kind | distinct requests | p50 | p95 | req/s | errors |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `- Cursor ~3,000 deep ÷ page 1, p95: ${(p95(1) / p95(0)).toFixed(2)} (by round ${byRound.join(' / ')}); target ≤ 1.5, both ≤ 30 ms.`,
    `- Search by a 3-letter substring, p95 ${p95(2).toFixed(1)} ms (target ≤ 100 ms); the offset pages, for comparison, p95 ${p95(3).toFixed(1)} ms.`,
    '',
  ].join('\n');
}

runBench(main);
