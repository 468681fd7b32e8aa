/** One line of a server's JSON log (LOG_FORMAT=json). */
export type LogEntry = Record<string, unknown> & { level: number; msg?: string };

/** pino's numbers for the levels tests ask about. */
export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;

/**
 * A server's output read as JSON lines: `entries`, and `other` for any line that is not JSON (a
 * crash or a warning printed by Node itself), which a test can then refuse.
 */
export function readJsonLog(output: string): { entries: LogEntry[]; other: string[] } {
  const entries: LogEntry[] = [];
  const other: string[] = [];
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue;
    try {
      entries.push(JSON.parse(line) as LogEntry);
    } catch {
      other.push(line);
    }
  }
  return { entries, other };
}

/**
 * Waits (up to `timeoutMs`) until a server's log has an entry matching `found`: a request's line
 * is written once its response is sent, so it may arrive just after the client has the answer.
 */
export async function waitForLogEntry(
  output: () => string,
  found: (entry: LogEntry) => boolean,
  timeoutMs = 2_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!readJsonLog(output()).entries.some(found) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
