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
 * Several windows of one request, in order (KEYS; ARGV: time to live and limit of each): each
 * counted and given its time to live when new, stopping after the first one over its limit.
 * Returns the hits of each window counted.
 */
const INCREMENT_IN_ORDER_SCRIPT = `
local counts = {}
for i, key in ipairs(KEYS) do
  local hits = redis.call('INCR', key)
  if redis.call('PTTL', key) < 0 then
    redis.call('PEXPIRE', key, ARGV[2 * i - 1])
  end
  counts[i] = hits
  if hits > tonumber(ARGV[2 * i]) then
    break
  end
end
return counts`;

interface RateLimitCommands {
  rateLimitIncrement(key: string, ttlMs: number): Promise<[number, number]>;
  /** Variable key count: the number of keys first (ioredis' convention without numberOfKeys). */
  rateLimitIncrementInOrder(
    keyCount: number,
    ...keysThenArgs: (string | number)[]
  ): Promise<number[]>;
}

/** The library's key format, so that counts carry over (see the class). */
const redisKey = (key: string, name: string) => `{${key}:${name}}:hits`;

/**
 * Counters in Redis, shared by every instance: the windows of a request counted in one Lua
 * script (one round trip), registered once and called by its hash (EVALSHA). @nest-lab/throttler-storage-redis sent its whole
 * script (~700 bytes) with every request (EVAL) and ran five commands for a block key our fixed
 * windows do not need. Keys are that library's (`{<key>:<window>}:hits`), so counts carry over.
 */
export class FixedWindowRedisStorage implements WindowStorage {
  private readonly redis: Redis & RateLimitCommands;

  constructor(redis: Redis) {
    redis.defineCommand('rateLimitIncrement', { numberOfKeys: 1, lua: INCREMENT_SCRIPT });
    redis.defineCommand('rateLimitIncrementInOrder', { lua: INCREMENT_IN_ORDER_SCRIPT });
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
    return this.redis.rateLimitIncrementInOrder(
      windows.length,
      ...windows.map((w) => redisKey(w.key, w.name)),
      ...windows.flatMap((w) => [w.ttlMs, w.limit]),
    );
  }
}
