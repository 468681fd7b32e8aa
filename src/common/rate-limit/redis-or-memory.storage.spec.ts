import { ThrottlerStorage } from '@nestjs/throttler';
import { FixedWindowMemoryStorage } from './fixed-window-memory.storage';
import { RedisCircuit } from './redis-circuit';
import { RedisOrMemoryStorage } from './redis-or-memory.storage';
import { WindowStorage } from './window-storage';

describe('RedisOrMemoryStorage', () => {
  const record = { totalHits: 7, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 };

  function storage(
    usable: boolean,
    increment: ThrottlerStorage['increment'],
    incrementInOrder: WindowStorage['incrementInOrder'] = () => Promise.reject(new Error('unused')),
  ) {
    const failed = jest.fn();
    const circuit = { usable, failed } as unknown as RedisCircuit;
    const memory = new FixedWindowMemoryStorage();
    const redis = { increment, incrementInOrder };
    return { failed, storage: new RedisOrMemoryStorage(redis, memory, circuit) };
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

  it('counts the windows of a request in memory too when Redis fails', async () => {
    const error = new Error('Command timed out');
    const { storage: s, failed } = storage(
      true,
      () => Promise.resolve(record),
      () => Promise.reject(error),
    );
    const windows = [
      { key: 'k', name: 'minute', ttlMs: 60_000, limit: 1 },
      { key: 'k', name: 'day', ttlMs: 86_400_000, limit: 10 },
    ];
    await expect(s.incrementInOrder(windows)).resolves.toEqual([1, 1]);
    // Over the minute's limit: the day is not spent.
    await expect(s.incrementInOrder(windows)).resolves.toEqual([2]);
    await expect(s.incrementInOrder([windows[1]])).resolves.toEqual([2]);
    expect(failed).toHaveBeenCalledWith(error);
  });
});
