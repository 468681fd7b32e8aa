import DataLoader from 'dataloader';
import Redis from 'ioredis';
import { StorageRecord, WindowHit, WindowStorage, windowRecord } from './window-storage';

/**
 * One window's counter: counted, and given its time to live when it has none (a new window).
 * Returns the hits and the milliseconds until the window resets.
 */
const INCREMENT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { hits, ttl }`;

/**
 * A batch of requests counted in the same windows, as if one after the other (see
 * hitsInBatch). KEYS: the windows in order; ARGV: the number of requests, then the time to
 * live and the limit of each window. Each window is counted once for every request that reaches
 * it (given its time to live when new); a request goes on to the next window only if it was
 * within this one's limit, and the script stops at a window that none goes past. Returns each
 * counted window's hits before the batch.
 */
const INCREMENT_BATCH_IN_ORDER_SCRIPT = `
local reaching = tonumber(ARGV[1])
local before = {}
for i, key in ipairs(KEYS) do
  local hits = redis.call('INCRBY', key, reaching)
  if redis.call('PTTL', key) < 0 then
    redis.call('PEXPIRE', key, ARGV[2 * i])
  end
  before[i] = hits - reaching
  reaching = math.min(reaching, math.max(0, tonumber(ARGV[2 * i + 1]) - before[i]))
  if reaching == 0 then
    break
  end
end
return before`;

interface RateLimitCommands {
  rateLimitIncrement(key: string, ttlMs: number): Promise<[number, number]>;
  /** Variable key count: the number of keys first (ioredis' convention without numberOfKeys). */
  rateLimitIncrementBatchInOrder(
    keyCount: number,
    ...keysThenArgs: (string | number)[]
  ): Promise<number[]>;
}

/** The library's key format, so that counts carry over (see the class). */
const redisKey = (key: string, name: string) => `{${key}:${name}}:hits`;

/**
 * Counters in Redis, shared by every instance; each Lua script registered once and called by its
 * hash (EVALSHA). Keys are @nest-lab/throttler-storage-redis's (`{<key>:<window>}:hits`), so
 * counts carried over from it; its script (~700 bytes, sent with every request) ran five commands
 * for a block key our fixed windows do not need.
 *
 * The requests of one turn of the event loop that count in the same windows (one workspace's,
 * under load) are counted by one script call, with the same result as one call each
 * (hitsInBatch): a Redis command costs this process far more than the script costs Redis
 * (bench/RESULTS.md, Overhead, stop 26). The batch is sent at the turn's end (setImmediate),
 * once every request read in the turn has asked: what ioredis' auto-pipelining did for one
 * command a request, so a request waits no longer than it did.
 */
export class FixedWindowRedisStorage implements WindowStorage {
  private readonly redis: Redis & RateLimitCommands;
  private readonly inOrder = new DataLoader<WindowHit[], number[]>(
    (requests) => this.countBatches(requests),
    { cache: false, batchScheduleFn: (count) => setImmediate(count), maxBatchSize: 1000 },
  );

  constructor(redis: Redis) {
    redis.defineCommand('rateLimitIncrement', { numberOfKeys: 1, lua: INCREMENT_SCRIPT });
    redis.defineCommand('rateLimitIncrementBatchInOrder', {
      lua: INCREMENT_BATCH_IN_ORDER_SCRIPT,
    });
    this.redis = redis as Redis & RateLimitCommands;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    name: string,
  ): Promise<StorageRecord> {
    const [hits, msLeft] = await this.redis.rateLimitIncrement(redisKey(key, name), ttl);
    return windowRecord(hits, msLeft, limit);
  }

  incrementInOrder(windows: WindowHit[]): Promise<number[]> {
    return this.inOrder.load(windows);
  }

  /**
   * The requests of a turn, as batches of the same windows: one script call for each batch, whose
   * requests count in the order they arrived. A failed call fails the requests of its batch.
   */
  private async countBatches(requests: readonly WindowHit[][]): Promise<(number[] | Error)[]> {
    const results: (number[] | Error)[] = new Array<number[] | Error>(requests.length);
    const batches = new Map<string, number[]>(); // batch → the indexes of its requests
    requests.forEach((windows, index) => {
      const id = batchId(windows);
      const batch = batches.get(id);
      if (batch) batch.push(index);
      else batches.set(id, [index]);
    });
    await Promise.all(
      [...batches.values()].map(async (indexes) => {
        const windows = requests[indexes[0]];
        try {
          const before = await this.countBatch(windows, indexes.length);
          indexes.forEach((index, i) => (results[index] = hitsInBatch(before, i + 1, windows)));
        } catch (error) {
          const failure = error instanceof Error ? error : new Error(String(error));
          for (const index of indexes) results[index] = failure;
        }
      }),
    );
    return results;
  }

  private countBatch(windows: WindowHit[], requests: number): Promise<number[]> {
    return this.redis.rateLimitIncrementBatchInOrder(
      windows.length,
      ...windows.map((w) => redisKey(w.key, w.name)),
      requests,
      ...windows.flatMap((w) => [w.ttlMs, w.limit]),
    );
  }
}

/** Requests with the same id count in the same windows, under the same limits. */
function batchId(windows: WindowHit[]): string {
  return windows.map((w) => `${redisKey(w.key, w.name)} ${w.limit}`).join(' ');
}

/**
 * The hits that the request at `position` (1 for the first) of a batch saw in each window it was
 * counted in, given each window's hits `before` the batch: the hits it would have seen counted
 * alone, after the requests ahead of it — up to the first window whose limit it is over.
 */
export function hitsInBatch(before: number[], position: number, windows: WindowHit[]): number[] {
  const hits: number[] = [];
  for (let i = 0; i < before.length; i++) {
    hits.push(before[i] + position);
    if (before[i] + position > windows[i].limit) break;
  }
  return hits;
}
