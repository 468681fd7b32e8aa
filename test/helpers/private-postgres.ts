import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../src/database/free-port';

const PASSWORD = 'private-postgres';

export interface PrivatePostgres {
  /** The `prospect` database on it. */
  url: string;
  /** A fast shutdown: connected sessions are terminated, new connections refused. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it for good and removes its directory. */
  close(): Promise<void>;
}

/**
 * Starts a PostgreSQL that only this test uses (never the shared one a test run may be pointed
 * at), in a temporary directory on a free port: a test may stop it and start it again.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const directory = mkdtempSync(join(tmpdir(), 'prospect-private-pg-'));
  chmodSync(directory, 0o755); // as root, PostgreSQL runs as the postgres user and must reach it
  const port = await freePort();
  const child = spawn(
    'node',
    [resolve(__dirname, 'private-postgres.mjs'), directory, String(port), PASSWORD],
    { stdio: 'pipe' },
  );
  const answer = answers(child);
  await answer('ready');
  const command = async (name: 'stop' | 'start', done: string) => {
    child.stdin.write(`${name}\n`);
    await answer(done);
  };
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/prospect`,
    stop: () => command('stop', 'stopped'),
    start: () => command('start', 'started'),
    async close() {
      const exited = new Promise((done) => child.once('exit', done));
      child.stdin.end();
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Waits for the controller's next line; fails with its output if it exits first. */
function answers(child: ChildProcessWithoutNullStreams): (line: string) => Promise<void> {
  let output = '';
  let waiting: { line: string; done: () => void } | undefined;
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (waiting && output.split('\n').includes(waiting.line)) {
      output = '';
      waiting.done();
    }
  });
  return (line) =>
    new Promise<void>((done, fail) => {
      const exited = () => fail(new Error(`private PostgreSQL exited:\n${output}`));
      child.once('exit', exited);
      waiting = {
        line,
        done: () => {
          child.off('exit', exited);
          waiting = undefined;
          done();
        },
      };
    });
}
