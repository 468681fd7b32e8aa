import { Metrics } from '../../common/metrics/metrics';
import { AppConfig } from '../../config/app-config';
import { ProspectsSearchRepository } from './prospects-search.repository';
import { listDepth, ProspectsSearchService } from './prospects-search.service';
import { NO_FILTERS } from './search/search-filters';
import { MatchList } from './search/match-list';
import { SearchIndexHolder } from './search/search-index.holder';
import { SearchStatistics } from './search/search-statistics';

const ID = '018f0000-0000-7000-8000-000000000001';
const prospect = { id: ID, name: 'Ada Lovelace' };

/**
 * A repository that answers the three reads search makes, at versions the test scripts: the
 * match list, the page by ids, and page-and-total at one snapshot.
 */
function fakeRepository(
  versions: { list: string[]; rows: string[] },
  searchCacheBytes = 1_000_000,
  fromMemory?: MatchList,
) {
  const calls = { list: 0, rows: 0, pageAndTotal: 0 };
  /** The ids each page query asked the database for. */
  const rowsAsked: string[][] = [];
  /** The data versions the in-memory index was told of. */
  const seen: string[] = [];
  const repository = {
    matchList: () =>
      Promise.resolve({
        version: versions.list[calls.list++],
        total: { total: 1, relation: 'eq' },
        ids: Buffer.from(ID.replaceAll('-', ''), 'hex'),
      }),
    byIds: (ids: string[]) => {
      rowsAsked.push(ids);
      const version = versions.rows[calls.rows++];
      return Promise.resolve({ version, prospects: ids.length ? [prospect] : [] });
    },
    pageAndTotal: () => {
      calls.pageAndTotal++;
      return Promise.resolve({ prospects: [prospect], total: { total: 7, relation: 'eq' } });
    },
  };
  const service = new ProspectsSearchService(
    repository as unknown as ProspectsSearchRepository,
    {
      current: () => Promise.resolve({ isCommon: () => false, rows: 0 }),
    } as unknown as SearchStatistics,
    {
      matchList: () => fromMemory,
      seen: (version: string) => seen.push(version),
    } as unknown as SearchIndexHolder,
    new Metrics(),
    { searchCacheBytes } as AppConfig,
  );
  return { service, calls, rowsAsked, seen };
}

const search = { filters: { ...NO_FILTERS, titles: ['CEO'] }, page: 1, per_page: 50 };

describe('ProspectsSearchService', () => {
  it('reads a match list once and answers later searches from it while the version holds', async () => {
    const { service, calls } = fakeRepository({ list: ['1'], rows: ['1', '1'] });
    expect(await service.search(search)).toMatchObject({
      total: { total: 1 },
      prospects: [{ id: ID }],
    });
    expect(await service.search(search)).toMatchObject({ total: { total: 1 } });
    expect(calls).toEqual({ list: 1, rows: 2, pageAndTotal: 0 });
  });

  it('takes the match list from the in-memory index when it answers, and tells it each version read', async () => {
    const list = new MatchList(
      '4',
      { total: 3, relation: 'eq' },
      Buffer.from(ID.replaceAll('-', ''), 'hex'),
    );
    const { service, calls, seen } = fakeRepository({ list: [], rows: ['4'] }, 0, list);
    expect(await service.search(search)).toEqual({
      total: { total: 3, relation: 'eq' },
      prospects: [prospect],
    });
    expect(calls).toEqual({ list: 0, rows: 1, pageAndTotal: 0 });
    expect(seen).toEqual(['4']);
  });

  it('keeps the prospects shown: a repeated page asks the database for its version alone', async () => {
    const { service, rowsAsked } = fakeRepository({ list: ['1'], rows: ['1', '1'] });
    const first = await service.search(search);
    expect(await service.search(search)).toEqual(first);
    expect(rowsAsked).toEqual([[ID], []]);
  });

  it('reads the prospects again once the data has moved on, or with no cache', async () => {
    const moved = fakeRepository({ list: ['1', '2'], rows: ['1', '2', '2'] });
    await moved.service.search(search);
    await moved.service.search(search);
    expect(moved.rowsAsked).toEqual([[ID], [], [ID]]);
    const uncached = fakeRepository({ list: ['1', '1'], rows: ['1', '1'] }, 0);
    await uncached.service.search(search);
    await uncached.service.search(search);
    expect(uncached.rowsAsked).toEqual([[ID], [ID]]);
  });

  it('reads the list again once the data has moved on', async () => {
    const { service, calls } = fakeRepository({ list: ['1', '2'], rows: ['1', '2', '2'] });
    await service.search(search);
    await service.search(search);
    expect(calls).toEqual({ list: 2, rows: 3, pageAndTotal: 0 });
  });

  it('reads page and total at one snapshot when writes land between a list and its page', async () => {
    const { service, calls } = fakeRepository({ list: ['1', '3'], rows: ['2', '4', '5'] });
    expect(await service.search(search)).toMatchObject({
      total: { total: 7 },
      prospects: [{ id: ID }],
    });
    expect(calls).toEqual({ list: 1, rows: 1, pageAndTotal: 1 });
    await service.search(search); // the list kept at version 1 is outdated: read again, then page
    expect(calls).toEqual({ list: 2, rows: 3, pageAndTotal: 2 });
  });
});

describe('listDepth', () => {
  it('reads 250 ids for a first page, doubling for deeper pages, up to the 10,000 cap', () => {
    expect(listDepth(50)).toBe(250);
    expect(listDepth(250)).toBe(250);
    expect(listDepth(251)).toBe(500);
    expect(listDepth(1_050)).toBe(2_000);
    expect(listDepth(9_000)).toBe(10_000);
    expect(listDepth(10_000)).toBe(10_000);
  });
});
