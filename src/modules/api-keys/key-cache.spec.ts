import type { AuthenticatedKeyRow } from './api-keys.repository';
import { KeyCache } from './key-cache';

const row = (id: string): AuthenticatedKeyRow => ({
  id,
  name: `Key ${id}`,
  prefix: 'wbk_abcdefgh',
  scopes: ['prospects:read'],
  rate_limit_tier: 'standard',
  expires_at: null,
  workspace_id: 'ws',
  workspace_name: 'Workspace',
  plan: 'pro',
});

/** Stands for KeyRevocationListener: what its connection tells the cache. */
function fakeListener(cache: KeyCache) {
  return {
    connected: () => cache.listening(),
    disconnected: () => cache.notListening(),
    notified: (keyId: string) => cache.revoked(keyId),
  };
}

function cacheAt(clock = { now: 0 }, maxAgeMs = 60_000, maxEntries = 10) {
  return new KeyCache({ maxAgeMs, maxEntries, now: () => clock.now });
}

describe('KeyCache', () => {
  it('keeps a found key while revocations are heard', () => {
    const cache = cacheAt();
    fakeListener(cache).connected();
    cache.store('h1', row('k1'), cache.generation);
    expect(cache.get('h1')).toEqual(row('k1'));
    expect(cache.get('h2')).toBeUndefined();
  });

  it('is bypassed until the listener is connected: nothing is stored, nothing is answered', () => {
    const cache = cacheAt();
    cache.store('h1', row('k1'), cache.generation);
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.active).toBe(false);
  });

  it('is bypassed and emptied while the listener is disconnected, and starts empty when it is back', () => {
    const cache = cacheAt();
    const listener = fakeListener(cache);
    listener.connected();
    cache.store('h1', row('k1'), cache.generation);
    listener.disconnected();
    expect(cache.get('h1')).toBeUndefined();
    cache.store('h2', row('k2'), cache.generation); // a lookup answered during the outage
    expect(cache.size).toBe(0);
    listener.connected(); // revocations of the gap were missed: nothing from before is used
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.get('h2')).toBeUndefined();
  });

  it('a lookup that began before a disconnection and a reconnection stores nothing', () => {
    const cache = cacheAt();
    const listener = fakeListener(cache);
    listener.connected();
    const since = cache.generation; // the lookup begins
    listener.disconnected();
    listener.connected();
    cache.store('h1', row('k1'), since); // and answers (it may predate a missed revocation)
    expect(cache.get('h1')).toBeUndefined();
  });

  it('drops a key when its revocation is heard, and only that key', () => {
    const cache = cacheAt();
    const listener = fakeListener(cache);
    listener.connected();
    cache.store('h1', row('k1'), cache.generation);
    cache.store('h2', row('k2'), cache.generation);
    listener.notified('k1');
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.get('h2')).toEqual(row('k2'));
  });

  it('the race: a lookup begun before a revocation was heard does not put the old answer back', () => {
    const cache = cacheAt();
    const listener = fakeListener(cache);
    listener.connected();
    const since = cache.generation; // the lookup reads the key before the revoke commits ...
    listener.notified('k1'); // ... the notification arrives first ...
    cache.store('h1', row('k1'), since); // ... then the lookup's (old) answer
    expect(cache.get('h1')).toBeUndefined();
    cache.store('h1', row('k1'), cache.generation); // a lookup begun after it may store
    expect(cache.get('h1')).toEqual(row('k1'));
  });

  it('uses an entry for at most its max age', () => {
    const clock = { now: 1_000 };
    const cache = cacheAt(clock, 60_000);
    fakeListener(cache).connected();
    cache.store('h1', row('k1'), cache.generation);
    clock.now += 59_999;
    expect(cache.get('h1')).toEqual(row('k1'));
    clock.now += 1;
    expect(cache.get('h1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxEntries, the least recently used going first', () => {
    const cache = cacheAt(undefined, 60_000, 2);
    fakeListener(cache).connected();
    cache.store('h1', row('k1'), cache.generation);
    cache.store('h2', row('k2'), cache.generation);
    cache.get('h1');
    cache.store('h3', row('k3'), cache.generation);
    expect(cache.size).toBe(2);
    expect(cache.get('h2')).toBeUndefined();
    expect(cache.get('h1')).toEqual(row('k1'));
  });

  it('with max age 0 is off: never active, stores nothing', () => {
    const cache = cacheAt(undefined, 0);
    expect(cache.enabled).toBe(false);
    fakeListener(cache).connected();
    expect(cache.active).toBe(false);
    cache.store('h1', row('k1'), cache.generation);
    expect(cache.get('h1')).toBeUndefined();
  });
});
