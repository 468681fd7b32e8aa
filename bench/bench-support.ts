import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

export { freePort } from '../src/database/free-port';

export const ROOT = resolve(__dirname, '..');

/** The server the benchmarks create their databases on (a real PostgreSQL, never the embedded one). */
export const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function admin<T>(work: (client: Client) => Promise<T>, url = ADMIN_URL): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the admin server. */
export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
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
