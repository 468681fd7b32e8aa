import { setTimeout as sleep } from 'node:timers/promises';

/** Waits, if needed, so that at least `needMs` remain in the current clock minute (fixed rate-limit windows). */
export async function awayFromMinuteBoundary(needMs = 15_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needMs) await sleep(left + 50);
}
