import { ThrottlerStorage } from '@nestjs/throttler';
import { FixedWindowMemoryStorage } from './fixed-window-memory.storage';
import { RedisCircuit } from './redis-circuit';
import { RedisOrMemoryStorage } from './redis-or-memory.storage';

describe('RedisOrMemoryStorage', () => {
  const record = { totalHits: 7, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 };

  function storage(usable: boolean, increment: ThrottlerStorage['increment']) {
    const failed = jest.fn();
    const circuit = { usable, failed } as unknown as RedisCircuit;
    const memory = new FixedWindowMemoryStorage();
    return { failed, storage: new RedisOrMemoryStorage({ increment }, memory, circuit) };
  }

  it('counts in Redis while the circuit is closed', async () => {
    const { storage: s } = storage(true, () => Promise.resolve(record));
    await expect(s.increment('k', 60_000, 10, 60_000, 'minute')).resolves.toEqual(record);
  });

  it('counts a request whose Redis command fails in memory, and reports the failure', async () => {
    const error = new Error('Command timed out');
    const { storage: s, failed } = storage(true, () => Promise.reject(error));
    const counted = await s.increment('k', 60_000, 10, 60_000, 'minute');
    expect(counted.totalHits).toBe(1);
    expect(failed).toHaveBeenCalledWith(error);
  });

  it('does not ask Redis while the circuit is open', async () => {
    const redis = jest.fn(() => Promise.resolve(record));
    const { storage: s } = storage(false, redis);
    await s.increment('k', 60_000, 10, 60_000, 'minute');
    expect((await s.increment('k', 60_000, 10, 60_000, 'minute')).totalHits).toBe(2);
    expect(redis).not.toHaveBeenCalled();
  });
});
