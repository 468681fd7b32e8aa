import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import { REDIS } from '../../database/redis.provider';
import { FixedWindowMemoryStorage } from './fixed-window-memory.storage';
import { RateLimiterService } from './rate-limiter.service';

/**
 * Counters sit behind @nestjs/throttler's storage interface: in Redis with `REDIS_URL`
 * (@nest-lab/throttler-storage-redis), so that every instance enforces one budget, and in
 * process memory otherwise. Limits themselves are per plan.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [REDIS],
      useFactory: (redis: Redis | null) => ({
        throttlers: [],
        storage: redis ? new ThrottlerStorageRedisService(redis) : new FixedWindowMemoryStorage(),
      }),
    }),
  ],
  providers: [RateLimiterService],
  exports: [RateLimiterService],
})
export class RateLimitModule {}
