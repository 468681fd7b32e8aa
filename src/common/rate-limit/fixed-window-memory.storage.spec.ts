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
    storage.onApplicationShutdown();
  });
});
