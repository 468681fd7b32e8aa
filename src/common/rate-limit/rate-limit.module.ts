import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import { REDIS } from '../../database/redis.provider';
import { RateLimiterService } from './rate-limiter.service';

/**
 * @nestjs/throttler supplies the counter storage: in memory by default, in Redis with
 * `REDIS_URL` so that every instance enforces one budget. Limits themselves are per plan.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [REDIS],
      useFactory: (redis: Redis | null) => ({
        throttlers: [],
        storage: redis ? new ThrottlerStorageRedisService(redis) : undefined,
      }),
    }),
  ],
  providers: [RateLimiterService],
  exports: [RateLimiterService],
})
export class RateLimitModule {}
