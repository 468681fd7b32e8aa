import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { resolve } from 'node:path';
import { freePort } from '../../src/database/free-port';

export { freePort };

const ROOT = resolve(__dirname, '../..');

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  baseUrl: string;
  /** SIGTERM, then wait for the process to exit; resolves to its exit status as a shell reports it. */
  stop: () => Promise<number | null>;
}

/** Starts `src/main.ts` as a separate process, the way `npm start` runs it, and waits until it listens. */
export async function startServerProcess(
  env: Record<string, string | undefined>,
): Promise<ServerProcess> {
  const port = await freePort();
  const merged: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'log',
    ...env,
  };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete merged[name];
  const child = spawn('node', ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: merged,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // The server exits 0 on SIGTERM; killed by a signal (SIGKILL, say): 128 + the signal's number.
  const exited = new Promise<number | null>((done) =>
    child.on('exit', (code, signal) =>
      done(code ?? (signal ? 128 + constants.signals[signal] : null)),
    ),
  );
  await new Promise<void>((ready, fail) => {
    const timer = setInterval(() => {
      if (output.includes('Prospect API listening')) {
        clearInterval(timer);
        ready();
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      fail(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Runs the server entry point to completion (for start-up failures). */
export function runServerToExit(
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stderr: string }> {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete merged[name];
  const child = spawn('node', ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: merged,
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.on('exit', (code) => done({ code, stderr })));
}
