import fc from 'fast-check';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { FixedWindowMemoryStorage } from '../../src/common/rate-limit/fixed-window-memory.storage';
import { FixedWindowRedisStorage } from '../../src/common/rate-limit/fixed-window-redis.storage';
import { WindowHit } from '../../src/common/rate-limit/window-storage';
import { propertyRuns } from '../helpers/property-runs';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A request's windows: a minute then a day, of one workspace, as RateLimiterService counts. */
function windowsOf(workspace: string, perMinute: number, perDay: number): WindowHit[] {
  return [
    { key: `rl:ws:${workspace}:0`, name: 'minute', ttlMs: 60_000, limit: perMinute },
    { key: `rl:ws:${workspace}:0`, name: 'day', ttlMs: 86_400_000, limit: perDay },
  ];
}

describe('FixedWindowRedisStorage (Redis)', () => {
  let redis: Redis;
  let storage: FixedWindowRedisStorage;
  let scriptCalls: jest.SpyInstance;

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
    storage = new FixedWindowRedisStorage(redis);
    scriptCalls = jest.spyOn(storage as never, 'countGroup'); // one script call each
  });
  afterAll(() => redis.quit());
  beforeEach(() => scriptCalls.mockClear());

  it('counts the requests of one turn in the same windows with one script call', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const counted = await Promise.all([
      storage.incrementInOrder(windowsOf(a, 2, 10)),
      storage.incrementInOrder(windowsOf(b, 2, 10)),
      storage.incrementInOrder(windowsOf(a, 2, 10)),
      storage.incrementInOrder(windowsOf(a, 2, 10)),
    ]);
    // a: 1st and 2nd within the minute's 2 and counted in the day; the 3rd refused by the minute.
    expect(counted).toEqual([[1, 1], [1, 1], [2, 2], [3]]);
    expect(scriptCalls).toHaveBeenCalledTimes(2);
    const ttl = await redis.pttl(`{rl:ws:${a}:0:minute}:hits`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('answers every request as counting them one by one would (the in-memory counters)', async () => {
    const turns = fc.array(
      fc.array(fc.constantFrom(0, 1, 2), { minLength: 1, maxLength: 8 }), // workspace of each request
      { minLength: 1, maxLength: 6 },
    );
    const limits = fc.tuple(fc.nat(12), fc.nat(20));
    await fc.assert(
      fc.asyncProperty(turns, fc.array(limits, { minLength: 3, maxLength: 3 }), async (ts, ls) => {
        const workspaces = ls.map(() => randomUUID());
        const windows = (w: number) => windowsOf(workspaces[w], ...ls[w]);
        const oneByOne = new FixedWindowMemoryStorage();
        const counted = [0, 0, 0].map(() => ({ minute: 0, day: 0 }));
        for (const turn of ts) {
          const batched = await Promise.all(turn.map((w) => storage.incrementInOrder(windows(w))));
          const expected: number[][] = [];
          for (const w of turn) expected.push(await oneByOne.incrementInOrder(windows(w)));
          expect(batched).toEqual(expected);
          turn.forEach((w, i) => {
            counted[w].minute += 1;
            counted[w].day += expected[i].length - 1; // past the minute: counted in the day
          });
        }
        // Nothing counted beyond what the requests saw: a refused burst does not spend the day.
        for (const [w, workspace] of workspaces.entries()) {
          const stored = await redis.mget(
            ...['minute', 'day'].map((name) => `{rl:ws:${workspace}:0:${name}}:hits`),
          );
          expect(stored.map(Number)).toEqual([counted[w].minute, counted[w].day]);
        }
      }),
      { numRuns: propertyRuns(60) },
    );
  });

  it('fails every request of a group whose script call fails, and only those', async () => {
    const [broken, healthy] = [randomUUID(), randomUUID()];
    await redis.set(`{rl:ws:${broken}:0:minute}:hits`, 'not a number', 'EX', 60); // INCRBY refuses it
    const counted = [broken, healthy, broken].map((w) =>
      storage.incrementInOrder(windowsOf(w, 5, 5)),
    );
    await expect(counted[0]).rejects.toThrow(/not an integer/);
    await expect(counted[1]).resolves.toEqual([1, 1]);
    await expect(counted[2]).rejects.toThrow(/not an integer/);
  });
});
