/**
 * What the benchmarks share: the admin connection and their databases, the app compiled as in
 * production with its CLI and its server in a child process, the RESULTS.md sections, and a few
 * small helpers (median, the machine's description, logging, the entry point).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../src/database/free-port';

export { freePort };

export const ROOT = resolve(__dirname, '..');

export const RESULTS_FILE = join(ROOT, 'bench', 'RESULTS.md');

/** The server the benchmarks create their databases on (a real PostgreSQL, never the embedded one). */
export const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Runs a benchmark's `main`; a failure is printed and exits with 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    log(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  });
}

/** The middle value, or the mean of the two middle ones. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The value at percentile `p` (0–100) of ascending `sorted`: the nearest rank, no interpolation. */
export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** "2 CPUs (nproc) AMD EPYC, 24 GB RAM, Node v20.20.2": the machine, as RESULTS.md describes it. */
export function machine(): string {
  return (
    `${os.cpus().length} CPUs (nproc) ${os.cpus()[0]?.model ?? ''}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, ` +
    `Node ${process.version}`
  );
}

/** The load average over 1, 5 and 15 minutes, e.g. "0.36 / 1.19 / 2.09" (2, ' / '). */
export function loadAverage(fractionDigits: number, separator: string): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(fractionDigits))
    .join(separator);
}

export async function admin<T>(work: (client: Client) => Promise<T>, url = ADMIN_URL): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A setting of the admin server, e.g. `server_version`. */
export function postgresSetting(name: string): Promise<string> {
  return admin(
    async (c) =>
      (await c.query<{ v: string }>('SELECT current_setting($1) AS v', [name])).rows[0].v,
  );
}

/** The URL of database `name` on the admin server. */
export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
}

/** Drops database `name` (if it exists), cutting any connection to it. */
export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** The app compiled as `nest build` would (without the swagger plugin), into a temp directory. */
export function compileApp(label: string): string {
  const outDir = mkdtempSync(join(tmpdir(), `bench-${label}-build-`));
  process.stderr.write(`compiling the app into ${outDir} …\n`);
  try {
    execFileSync(
      join(ROOT, 'node_modules/.bin/tsc'),
      ['-p', 'tsconfig.build.json', '--outDir', outDir],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
  } catch {
    // Type errors elsewhere in a work-in-progress tree still emit JavaScript; only a missing
    // entry point is fatal.
  }
  if (!existsSync(join(outDir, 'src/main.js'))) throw new Error('compilation produced no main.js');
  return outDir;
}

/**
 * The environment of a process of the build from compileApp: this one's, plus `extra` (a variable
 * set to undefined there is removed). The build lives outside the repo; NODE_PATH makes its
 * requires resolve to the repo's node_modules.
 */
function buildEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_PATH: join(ROOT, 'node_modules'),
    ...extra,
  };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  return env;
}

/**
 * `<args> --json` with the compiled CLI of `buildDir` against the database at `url`; the last line
 * it prints is the JSON result.
 */
export function cli<T extends object = Record<string, string>>(
  buildDir: string,
  url: string,
  args: string[],
): T {
  const output = execFileSync(
    process.execPath,
    [join(buildDir, 'src/cli/main.js'), ...args, '--json'],
    { cwd: ROOT, env: buildEnv({ DATABASE_URL: url, LOG_LEVEL: 'error' }) },
  ).toString();
  return JSON.parse(output.trim().split('\n').pop() ?? '') as T;
}

/** The API running in a child process. */
export interface Server {
  child: ChildProcess;
  /** The server process, e.g. for its CPU time or memory in /proc/<pid>. */
  pid: number;
  port: number;
  /** `http://127.0.0.1:<port>` */
  base: string;
}

/**
 * Starts the compiled API of `buildDir` in a child process on the database at `url`, with
 * NODE_ENV=production and LOG_LEVEL=warn, on `port` (a free one by default), with `env` added to
 * its environment (a variable set to undefined is removed), its stdout (the logs) to the file
 * descriptor `stdout` (inherited by default); resolves once GET /health/ready
 * answers 200 and, when the server has a REDIS_URL, reports Redis up: proof that it uses it.
 * BENCH_SERVER_NODE_ARGS adds node flags, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile
 * the server.
 */
export async function startServer(
  buildDir: string,
  url: string,
  options: { port?: number; env?: Record<string, string | undefined>; stdout?: number } = {},
): Promise<Server> {
  const port = options.port ?? (await freePort());
  const env = buildEnv({
    DATABASE_URL: url,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    ...options.env,
  });
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, join(buildDir, 'src/main.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', options.stdout ?? 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300 && child.exitCode === null; i++) {
    try {
      const ready = await fetch(`${base}/health/ready`);
      const body = (await ready.json()) as { info?: Record<string, unknown> };
      if (ready.ok && (!env.REDIS_URL || body.info?.redis)) {
        return { child, pid: child.pid!, port, base };
      }
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  child.kill();
  throw new Error('the server did not become ready');
}

/** utime + stime of a process, in clock ticks of 10 ms (CLK_TCK 100; 0 once it has exited). */
export function ticks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Keep-alive connections for postJson, as many as the benchmarks keep in flight. */
const keepAlive = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * POSTs a JSON text and resolves with the status and the parsed JSON answer. The load generator
 * of the benchmarks that send big bodies: it shares the machine's CPUs with the server, and
 * Node's plain HTTP client costs a fraction of `fetch` (WHATWG streams, Request and Response
 * objects) per request, so less of the machine goes to the client.
 */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: keepAlive,
        headers: {
          ...headers,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          try {
            resolve({
              status: res.statusCode ?? 0,
              json: JSON.parse(Buffer.concat(chunks).toString()),
            });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** SIGTERM, then waits for the server to exit. */
export async function stopServer({ child }: Server): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Replaces the section of bench/RESULTS.md that `section` heads ("## <Title>" on its first line),
 * or appends it, keeping every other section. With `keepFindings`, a hand-written "### Findings"
 * part at the end of the old section (profiles, experiments) is kept after the new text.
 */
export function writeResultsSection(section: string, { keepFindings = false } = {}): void {
  const heading = /^## .+\n/.exec(section)?.[0];
  if (!heading) throw new Error('a RESULTS.md section starts with a "## " heading');
  const existing = existsSync(RESULTS_FILE)
    ? readFileSync(RESULTS_FILE, 'utf8')
    : '# Benchmark results\n\n';
  const escaped = heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`${escaped}[\\s\\S]*?(?=\\n## |$)`);
  const findings = keepFindings
    ? /\n### Findings[\s\S]*$/.exec(pattern.exec(existing)?.[0] ?? '')?.[0]
    : undefined;
  const full = findings ? `${section.trimEnd()}\n${findings.trimEnd()}\n` : section;
  const next = pattern.test(existing)
    ? existing.replace(pattern, () => full)
    : `${existing.trimEnd()}\n\n${full}`;
  writeFileSync(RESULTS_FILE, `${next.trimEnd()}\n`);
}
