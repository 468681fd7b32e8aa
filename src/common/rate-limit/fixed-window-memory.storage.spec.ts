import { FixedWindowMemoryStorage } from './fixed-window-memory.storage';

describe('FixedWindowMemoryStorage', () => {
  afterEach(() => jest.useRealTimers());

  it('counts hits per key until the window expires, then starts again', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const storage = new FixedWindowMemoryStorage();
    expect((await storage.increment('a', 60_000, 2, 60_000, 'minute')).totalHits).toBe(1);
    expect((await storage.increment('a', 60_000, 2, 60_000, 'minute')).isBlocked).toBe(false);
    const third = await storage.increment('a', 60_000, 2, 60_000, 'minute');
    expect(third).toEqual({
      totalHits: 3,
      timeToExpire: 60,
      isBlocked: true,
      timeToBlockExpire: 60,
    });
    expect((await storage.increment('b', 60_000, 2, 60_000, 'minute')).totalHits).toBe(1);
    jest.setSystemTime(1_060_000);
    expect((await storage.increment('a', 60_000, 2, 60_000, 'minute')).totalHits).toBe(1);
  });

  it('forgets ended windows when swept, and only those', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const storage = new FixedWindowMemoryStorage();
    await storage.increment('ends', 10_000, 5, 10_000, 'minute');
    await storage.increment('lasts', 60_000, 5, 60_000, 'minute');
    await storage.increment('lasts', 60_000, 5, 60_000, 'minute');
    jest.setSystemTime(1_030_000);
    storage.removeExpired();
    expect((storage as unknown as { counters: Map<string, unknown> }).counters.size).toBe(1);
    expect((await storage.increment('lasts', 60_000, 5, 60_000, 'minute')).totalHits).toBe(3);
  });
});
