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
 * A group of requests counted in the same windows, as if one after the other (see
 * hitsInGroup). KEYS: the windows in order; ARGV: the number of requests, then the time to live
 * and the limit of each window. Each window is counted once for every request that reaches it
 * (given its time to live when new); a request goes on to the next window only if it was within
 * this one's limit, and the script stops at a window that none goes past. Returns each counted
 * window's hits before the group.
 */
const INCREMENT_GROUP_IN_ORDER_SCRIPT = `
local reaching = tonumber(ARGV[1])
local before = {}
for i, key in ipairs(KEYS) do
  local hits = redis.call('INCRBY', key, reaching)
  if redis.call('PTTL', key) < 0 then
    redis.call('PEXPIRE', key, ARGV[2 * i])
  end
  before[i] = hits - reaching
  local limit = tonumber(ARGV[2 * i + 1])
  if before[i] >= limit then
    break
  end
  reaching = math.min(reaching, limit - before[i])
end
return before`;

interface RateLimitCommands {
  rateLimitIncrement(key: string, ttlMs: number): Promise<[number, number]>;
  /** Variable key count: the number of keys first (ioredis' convention without numberOfKeys). */
  rateLimitIncrementGroupInOrder(
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
 * The requests of one turn of the event loop that count in the same windows under the same limits
 * (one workspace's, under load) are a group, counted by one script call with the same result as
 * one call each in the order they arrived (hitsInGroup): a Redis command costs this process far
 * more than the script costs Redis (bench/RESULTS.md, Overhead, stop 26). The turn's groups are
 * sent at its end (setImmediate), once every request read in the turn has asked, so a request waits
 * no longer than it did under ioredis' auto-pipelining. A turn's groups are separate commands:
 * queueing them on one pipeline (one write) cost more, with requests spread over 32 workspaces
 * (RESULTS, stop 26). Requests of one workspace under two different limits in one turn (its plan
 * changed just then) are two groups, counted group by group: the totals are exact, the order
 * between the groups is not the arrival order.
 */
export class FixedWindowRedisStorage implements WindowStorage {
  private readonly redis: Redis & RateLimitCommands;
  private readonly inOrder = new DataLoader<WindowHit[], number[]>(
    (requests) => this.countTurn(requests),
    { cache: false, batchScheduleFn: (count) => setImmediate(count), maxBatchSize: 1000 },
  );

  constructor(redis: Redis) {
    redis.defineCommand('rateLimitIncrement', { numberOfKeys: 1, lua: INCREMENT_SCRIPT });
    redis.defineCommand('rateLimitIncrementGroupInOrder', {
      lua: INCREMENT_GROUP_IN_ORDER_SCRIPT,
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

  /** The requests of a turn, in groups: one script call each; a failed one fails its group. */
  private async countTurn(requests: readonly WindowHit[][]): Promise<(number[] | Error)[]> {
    const results = new Array<number[] | Error>(requests.length);
    const groups = new Map<string, number[]>(); // group → the indexes of its requests, in order
    requests.forEach((windows, index) => {
      const id = groupId(windows);
      const group = groups.get(id);
      if (group) group.push(index);
      else groups.set(id, [index]);
    });
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        const windows = requests[indexes[0]];
        try {
          const before = await this.countGroup(windows, indexes.length);
          indexes.forEach((index, i) => (results[index] = hitsInGroup(before, i + 1, windows)));
        } catch (error) {
          const failure = error instanceof Error ? error : new Error(String(error));
          for (const index of indexes) results[index] = failure;
        }
      }),
    );
    return results;
  }

  private countGroup(windows: WindowHit[], requests: number): Promise<number[]> {
    return this.redis.rateLimitIncrementGroupInOrder(
      windows.length,
      ...windows.map((w) => redisKey(w.key, w.name)),
      requests,
      ...windows.flatMap((w) => [w.ttlMs, w.limit]),
    );
  }
}

/** Requests with the same id count in the same windows, under the same limits. */
function groupId(windows: WindowHit[]): string {
  return windows.map((w) => `${redisKey(w.key, w.name)} ${w.limit}`).join(' ');
}

/**
 * The hits that the request at `position` (1 for the first) of a group saw in each window it was
 * counted in, given each window's hits `before` the group: the hits it would have seen counted
 * alone, after the requests ahead of it — up to the first window whose limit it is over.
 */
export function hitsInGroup(before: number[], position: number, windows: WindowHit[]): number[] {
  const hits: number[] = [];
  for (let i = 0; i < before.length; i++) {
    hits.push(before[i] + position);
    if (before[i] + position > windows[i].limit) break;
  }
  return hits;
}
