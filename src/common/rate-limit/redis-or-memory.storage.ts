import { ThrottlerStorage } from '@nestjs/throttler';
import { FixedWindowMemoryStorage } from './fixed-window-memory.storage';
import { RedisCircuit } from './redis-circuit';

type Increment = ThrottlerStorage['increment'];

/**
 * Counts in Redis while it answers, so that every instance enforces one budget. While it does not
 * (RedisCircuit open), counts in this instance's memory: limits then hold per instance rather
 * than not at all, and the rate-limit headers keep coming. A request whose Redis command fails is
 * counted in memory too. Memory counts are not carried over when Redis returns.
 */
export class RedisOrMemoryStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: ThrottlerStorage,
    private readonly memory: FixedWindowMemoryStorage,
    private readonly circuit: RedisCircuit,
  ) {}

  async increment(...args: Parameters<Increment>): ReturnType<Increment> {
    if (this.circuit.usable) {
      try {
        return await this.redis.increment(...args);
      } catch (error) {
        this.circuit.failed(error);
      }
    }
    return this.memory.increment(...args);
  }
}
