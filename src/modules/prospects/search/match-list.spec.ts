import { MatchList, MatchListCache } from './match-list';

const ids = ['018f0000-0000-7000-8000-000000000001', '018f0000-0000-7000-8000-0000000000ff'];
const eq = (total: number) => ({ total, relation: 'eq' as const });
const packed = Buffer.from(ids.map((id) => id.replaceAll('-', '')).join(''), 'hex');

describe('MatchList', () => {
  it('gives back the packed ids as UUID strings, page by page', () => {
    const list = new MatchList('7', eq(2), packed);
    expect(list.slice(0, 2)).toEqual(ids);
    expect(list.slice(1, 50)).toEqual([ids[1]]);
    expect(list.slice(2, 50)).toEqual([]);
  });

  it('covers a page when its ids are known, or when every match is', () => {
    const firstOfMany = new MatchList('7', eq(5_000), packed);
    expect(firstOfMany.covers(2)).toBe(true);
    expect(firstOfMany.covers(3)).toBe(false);
    const all = new MatchList('7', eq(2), packed);
    expect(all.covers(100)).toBe(true);
  });

  it('covers only the known ids when the total is a lower bound', () => {
    const atLeast = new MatchList('7', { total: 2, relation: 'gte' }, packed);
    expect(atLeast.covers(2)).toBe(true);
    expect(atLeast.covers(3)).toBe(false);
  });
});

describe('MatchListCache', () => {
  const list = (version = '1') => new MatchList(version, eq(2), packed);
  const keep = (cache: MatchListCache, filters: string, kept: MatchList) =>
    cache.read(filters, 1_000, () => Promise.resolve(kept));

  it('keeps lists within its budget, forgetting the least recently used', async () => {
    const cache = new MatchListCache(700);
    const a = await keep(cache, 'a', list());
    await keep(cache, 'b', list());
    expect(cache.get('a')).toBe(a); // a is now the most recent
    await keep(cache, 'c', list());
    expect(cache.get('a')).toBe(a);
    expect(cache.get('b')).toBeUndefined();
  });

  it('keeps a newer or deeper list when an older or shallower read finishes after it', async () => {
    const cache = new MatchListCache(10_000);
    const deeper = await keep(
      cache,
      'a',
      new MatchList('3', eq(5_000), Buffer.concat([packed, packed])),
    );
    await keep(cache, 'a', new MatchList('3', eq(5_000), packed));
    expect(cache.get('a')).toBe(deeper);
    await keep(cache, 'a', new MatchList('2', eq(5_000), Buffer.concat([packed, packed, packed])));
    expect(cache.get('a')).toBe(deeper);
    const newer = await keep(cache, 'a', new MatchList('10', eq(5_000), packed));
    expect(cache.get('a')).toBe(newer); // versions compare as numbers, not strings
  });

  it('does not keep a failed read, and reads again next time', async () => {
    const cache = new MatchListCache(10_000);
    await expect(cache.read('a', 1_000, () => Promise.reject(new Error('gone')))).rejects.toThrow(
      'gone',
    );
    expect(cache.get('a')).toBeUndefined();
    await keep(cache, 'a', list());
    expect(cache.get('a')).toBeDefined();
  });

  it('shares one read between concurrent searches for the same list', async () => {
    const cache = new MatchListCache(10_000);
    const read = jest.fn(() => new Promise<MatchList>((done) => setImmediate(() => done(list()))));
    const [first, second] = await Promise.all([
      cache.read('a', 1_000, read),
      cache.read('a', 1_000, read),
    ]);
    expect(read).toHaveBeenCalledTimes(1);
    expect(second).toBe(first);
    await cache.read('a', 1_000, read);
    expect(read).toHaveBeenCalledTimes(2); // a finished read is not joined again
  });

  it('forgets a list only if it has not been replaced', async () => {
    const cache = new MatchListCache(10_000);
    const newer = await keep(cache, 'a', list('2'));
    cache.forget('a', list('1'));
    expect(cache.get('a')).toBe(newer);
    cache.forget('a', newer);
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps and shares nothing with a budget of 0', async () => {
    const cache = new MatchListCache(0);
    const read = jest.fn(() => Promise.resolve(list()));
    await Promise.all([cache.read('a', 1_000, read), cache.read('a', 1_000, read)]);
    expect(read).toHaveBeenCalledTimes(2);
    expect(cache.get('a')).toBeUndefined();
  });
});
