export type WindowName = 'minute' | 'day';

export interface RateWindow {
  name: WindowName;
  /** Start of the current window, ms since the epoch: the window's identity in storage keys. */
  start: number;
  /** End of the current window (exclusive), ms since the epoch. */
  end: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Fixed windows: the clock minute, and the UTC day (epoch days start at 00:00 UTC). */
export function currentWindow(name: WindowName, now: number): RateWindow {
  const size = name === 'minute' ? MINUTE_MS : DAY_MS;
  const start = Math.floor(now / size) * size;
  return { name, start, end: start + size };
}
