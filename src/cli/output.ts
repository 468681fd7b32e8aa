/** CLI output: one JSON line with `--json`, readable lines otherwise. */
export function printResult(json: boolean | undefined, value: unknown, humanLines: string[]): void {
  if (json) process.stdout.write(`${JSON.stringify(value)}\n`);
  else process.stdout.write(`${humanLines.join('\n')}\n`);
}
