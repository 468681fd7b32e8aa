import { ThrottlerStorage } from '@nestjs/throttler';

export type StorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** What @nestjs/throttler reads of a fixed window: its hits, and blocked past the limit until it ends. */
export function windowRecord(hits: number, msLeft: number, limit: number): StorageRecord {
  const timeToExpire = Math.ceil(msLeft / 1000);
  const isBlocked = hits > limit;
  return {
    totalHits: hits,
    timeToExpire,
    isBlocked,
    timeToBlockExpire: isBlocked ? timeToExpire : 0,
  };
}

/** One fixed window to count a request in. */
export interface WindowHit {
  key: string;
  /** The window's name: part of the storage key, as in `ThrottlerStorage.increment`. */
  name: string;
  /** Milliseconds until the window resets. */
  ttlMs: number;
  limit: number;
}

/**
 * @nestjs/throttler's storage, plus counting several windows of one request at once (in Redis,
 * one round trip instead of one per window).
 */
export interface WindowStorage extends ThrottlerStorage {
  /**
   * Counts the request in each window in order and stops after the first one over its limit, so
   * that a refused burst does not spend the longer windows. The hits of each window counted.
   */
  incrementInOrder(windows: WindowHit[]): Promise<number[]>;
}
