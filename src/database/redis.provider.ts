import { Inject, OnApplicationShutdown, Provider } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** Injection token: the shared Redis client, or null when `REDIS_URL` is not set. */
export const REDIS = Symbol('REDIS');
export const InjectRedis = (): ParameterDecorator => Inject(REDIS);

/** A Redis reply takes well under a millisecond; one this late means Redis is not answering. */
const REDIS_COMMAND_TIMEOUT_MS = 500;

export const redisProvider: Provider = {
  provide: REDIS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): Redis | null => {
    if (!config.redisUrl) return null;
    // Fail fast while Redis is away or stops answering (the rate limiter then counts in memory,
    // see RedisCircuit), and keep reconnecting in the background; the command timeout also
    // bounds commands that a dropped connection leaves unanswered, which later ones would
    // otherwise queue behind. No auto-pipelining: the rate limiter already counts a turn's
    // requests of one workspace in one command (FixedWindowRedisStorage), and the pipeline made
    // for each command cost more than it saved (bench/RESULTS.md, Overhead, stop 26).
    const client = new Redis(config.redisUrl, {
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    // Without a listener ioredis prints every connection error; RedisCircuit says it once.
    client.on('error', () => {});
    return client;
  },
};

export class RedisShutdown implements OnApplicationShutdown {
  constructor(@InjectRedis() private readonly redis: Redis | null) {}

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
