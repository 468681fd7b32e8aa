import { FixedWindowMemoryStorage } from './fixed-window-memory.storage';
import { RedisCircuit } from './redis-circuit';
import { WindowHit, WindowStorage } from './window-storage';

type Increment = WindowStorage['increment'];

/**
 * Counts in Redis while it answers, so that every instance enforces one budget. While it does not
 * (RedisCircuit open), counts in this instance's memory: limits then hold per instance rather
 * than not at all, and the rate-limit headers keep coming. A request whose Redis command fails is
 * counted in memory too. Memory counts are not carried over when Redis returns.
 */
export class RedisOrMemoryStorage implements WindowStorage {
  constructor(
    private readonly redis: WindowStorage,
    private readonly memory: FixedWindowMemoryStorage,
    private readonly circuit: RedisCircuit,
  ) {}

  increment(...args: Parameters<Increment>): ReturnType<Increment> {
    return this.either((storage) => storage.increment(...args));
  }

  incrementInOrder(windows: WindowHit[]): Promise<number[]> {
    return this.either((storage) => storage.incrementInOrder(windows));
  }

  private async either<T>(count: (storage: WindowStorage) => Promise<T>): Promise<T> {
    if (this.circuit.usable) {
      try {
        return await count(this.redis);
      } catch (error) {
        this.circuit.failed(error);
      }
    }
    return count(this.memory);
  }
}
