import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const ROOT = resolve(__dirname, '../..');

/** Runs `npm run -s cli -- <args>` as a user would, with the given environment overrides. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<CliResult> {
  return runProcess('npm', ['run', '-s', 'cli', '--', ...args], env);
}

/**
 * Runs a command in the project root with the environment overrides (`undefined` removes a
 * variable) and LOG_LEVEL=error unless set; collects its output.
 */
export function runProcess(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const merged: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'error', ...env };
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete merged[name];
    const child = spawn(command, args, { cwd: ROOT, env: merged });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
