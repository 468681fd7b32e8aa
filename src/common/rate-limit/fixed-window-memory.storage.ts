import { StorageRecord, WindowHit, WindowStorage, windowRecord } from './window-storage';

interface Counter {
  hits: number;
  expiresAt: number;
}

/**
 * In-process counters: of a single instance (no REDIS_URL), and of each instance while Redis is
 * unreachable (RedisOrMemoryStorage). @nestjs/throttler's own memory storage keeps a timestamp
 * per hit and copies them on every request, so its cost grows with the day's traffic; our
 * windows are fixed, so one counter per window is enough and costs O(1).
 */
export class FixedWindowMemoryStorage implements WindowStorage {
  private readonly counters = new Map<string, Counter>();

  increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    name: string,
  ): Promise<StorageRecord> {
    const now = Date.now();
    const id = `${name}:${key}`;
    let counter = this.counters.get(id);
    if (!counter || counter.expiresAt <= now) {
      counter = { hits: 0, expiresAt: now + ttl };
      this.counters.set(id, counter);
    }
    counter.hits += 1;
    return Promise.resolve(windowRecord(counter.hits, counter.expiresAt - now, limit));
  }

  async incrementInOrder(windows: WindowHit[]): Promise<number[]> {
    const counts: number[] = [];
    for (const { key, name, ttlMs, limit } of windows) {
      const { totalHits } = await this.increment(key, ttlMs, limit, ttlMs, name);
      counts.push(totalHits);
      if (totalHits > limit) break;
    }
    return counts;
  }

  /** Forgets the windows that have ended (run every minute as a job: see RateLimitModule). */
  removeExpired(): void {
    const now = Date.now();
    for (const [id, counter] of this.counters)
      if (counter.expiresAt <= now) this.counters.delete(id);
  }
}
