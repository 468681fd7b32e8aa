import { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';

type StorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

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

interface RateLimitCommands {
  rateLimitIncrement(key: string, ttlMs: number): Promise<[number, number]>;
}

/**
 * Counters in Redis, shared by every instance: one INCR per window, in a Lua script registered
 * once and called by its hash (EVALSHA). @nest-lab/throttler-storage-redis sent its whole
 * script (~700 bytes) with every request (EVAL) and ran five commands for a block key our fixed
 * windows do not need. Keys are that library's (`{<key>:<window>}:hits`), so counts carry over.
 */
export class FixedWindowRedisStorage implements ThrottlerStorage {
  private readonly redis: Redis & RateLimitCommands;

  constructor(redis: Redis) {
    redis.defineCommand('rateLimitIncrement', { numberOfKeys: 1, lua: INCREMENT_SCRIPT });
    this.redis = redis as Redis & RateLimitCommands;
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    name: string,
  ): Promise<StorageRecord> {
    const [hits, msLeft] = await this.redis.rateLimitIncrement(`{${key}:${name}}:hits`, ttl);
    const timeToExpire = Math.ceil(msLeft / 1000);
    const isBlocked = hits > limit;
    return {
      totalHits: hits,
      timeToExpire,
      isBlocked,
      timeToBlockExpire: isBlocked ? timeToExpire : 0,
    };
  }
}
