import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { MIGRATIONS } from '../migrations';
import { startTestApp, TestApp } from './helpers/test-app';

function npmRun(
  script: string,
  databaseUrl: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn('npm', ['run', '-s', script], {
      cwd: resolve(__dirname, '..'),
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => done({ code, output }));
  });
}

// ormconfig.ts serves the TypeORM CLI with the app's own data-source options.
describe('Migration scripts (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(); // the app ran every migration at start
  });
  afterAll(() => t.close());

  const applied = async (): Promise<string[]> =>
    (await t.dataSource.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY id')).map(
      (m) => m.name,
    );

  it('reverts the latest migration and runs it again', async () => {
    const names = MIGRATIONS.map((m) => m.name);
    expect(await applied()).toEqual(names);

    const reverted = await npmRun('migration:revert', t.databaseUrl);
    expect(reverted.code).toBe(0);
    expect(await applied()).toEqual(names.slice(0, -1));

    const ran = await npmRun('migration:run', t.databaseUrl);
    expect(ran.code).toBe(0);
    expect(await applied()).toEqual(names);
  });
});
