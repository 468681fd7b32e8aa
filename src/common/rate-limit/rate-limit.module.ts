import { Global, Module } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import Redis from 'ioredis';
import { REDIS } from '../../database/redis.provider';
import { Jobs } from '../jobs';
import { FixedWindowMemoryStorage } from './fixed-window-memory.storage';
import { FixedWindowRedisStorage } from './fixed-window-redis.storage';
import { RateLimiterService } from './rate-limiter.service';
import { RedisCircuit } from './redis-circuit';
import { RedisOrMemoryStorage } from './redis-or-memory.storage';
import { WindowStorage } from './window-storage';

/**
 * Counters sit behind @nestjs/throttler's storage interface: in Redis with `REDIS_URL`
 * (FixedWindowRedisStorage), so that every instance enforces one budget, falling back
 * to this instance's memory while Redis is unreachable; in process memory without it. Limits
 * themselves are per plan.
 */
@Global()
@Module({
  providers: [
    RedisCircuit,
    {
      provide: ThrottlerStorage,
      inject: [REDIS, RedisCircuit, Jobs],
      useFactory: (redis: Redis | null, circuit: RedisCircuit, jobs: Jobs): WindowStorage => {
        const memory = new FixedWindowMemoryStorage();
        jobs.everyInstance({
          name: 'rate_limits.forget_ended_windows',
          everyMs: 60_000,
          run: () => memory.removeExpired(),
        });
        return redis
          ? new RedisOrMemoryStorage(new FixedWindowRedisStorage(redis), memory, circuit)
          : memory;
      },
    },
    RateLimiterService,
  ],
  exports: [RateLimiterService, RedisCircuit],
})
export class RateLimitModule {}
