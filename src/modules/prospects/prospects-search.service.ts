import { Inject, Injectable, Logger } from '@nestjs/common';
import { PageTotal, pageOffset } from '../../common/http';
import { logsDebug } from '../../common/logging/root-logger';
import { Metrics } from '../../common/metrics/metrics';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ProspectDto } from './dto/prospect.dto';
import { ProspectsSearchRepository, SaveItem } from './prospects-search.repository';
import { MatchList, MatchListCache, unpackIds } from './search/match-list';
import { ProspectCache } from './search/prospect-cache';
import { SearchIndexHolder } from './search/search-index.holder';
import { ProspectSearch, ProspectSearchFilters } from './search/search-filters';
import { MAX_SEARCH_DEPTH } from './search/search-request.pipe';
import { searchCondition, SqlCondition } from './search/search-query';
import { SearchStatistics } from './search/search-statistics';

/** Page 1 reads the first 250 ids of the match list; deeper pages double that as needed. */
const FIRST_LIST_DEPTH = 250;

/**
 * Search over the prospect database: index-backed matching, stable order (by id), totals exact up
 * to EXACT_TOTAL_LIMIT and a lower bound beyond (`gte`).
 *
 * A search first finds its match list: the total and the first ids in order (down to the page it
 * needs, see `listDepth`), then reads the page's rows by primary key. Finding the list is the
 * expensive part; the total's limit bounds it (see the repository's shapes). The list gives the
 * same answer until the data changes, so it is kept in memory with the data version it was read
 * at (`prospect_data_version`, bumped in the same transaction as every write to prospects); the
 * page query reads the version too, and a list whose version has moved on is read again (and if a
 * write lands between that list and its page too, the page and total are read at one snapshot,
 * `searchInOneSnapshot`). Results stay exact, and every instance sees
 * a write at once. A repeated search, or a later page within the list, is then one statement: the
 * version, and the rows of the page's prospects that are not kept in memory already (the
 * prospects shown are kept too, with the version they were read at; see `ProspectCache`).
 */
@Injectable()
export class ProspectsSearchService {
  private readonly lists: MatchListCache;
  private readonly prospectCache: ProspectCache;
  private readonly logger = new Logger('SearchCache');
  private readonly debug: boolean;

  constructor(
    private readonly repository: ProspectsSearchRepository,
    private readonly statistics: SearchStatistics,
    private readonly index: SearchIndexHolder,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.debug = logsDebug(config.logLevel);
    // The search cache's budget is shared evenly by the match lists and the prospects shown.
    const half = Math.floor(config.searchCacheBytes / 2);
    this.lists = new MatchListCache(half);
    this.prospectCache = new ProspectCache(half);
  }

  async search(search: ProspectSearch): Promise<{ prospects: ProspectDto[]; total: PageTotal }> {
    const key = JSON.stringify(search.filters);
    const start = pageOffset(search);
    const end = start + search.per_page;
    const known = this.lists.get(key);
    if (known?.covers(end)) {
      const page = await this.page(known, start, end);
      if (page.version === known.version) {
        this.noteCache('hit', key);
        return { prospects: page.prospects, total: known.total };
      }
      this.noteCache('stale', key);
      this.lists.forget(key, known);
    } else {
      this.noteCache('miss', key);
    }
    const list = await this.readList(key, search.filters, end);
    const page = await this.page(list, start, end);
    if (page.version === list.version) return { prospects: page.prospects, total: list.total };
    // Prospects are being written right now: read the page and its total at one snapshot.
    return this.searchInOneSnapshot(search);
  }

  /** Counted for the metrics; at debug, logged with the filters (the cache's key). */
  private noteCache(result: 'hit' | 'miss' | 'stale', key: string): void {
    this.metrics.searchCache.inc({ result });
    if (this.debug) this.logger.debug(`search cache ${result}: ${key}`);
  }

  isEmpty(): Promise<boolean> {
    return this.repository.isEmpty();
  }

  /**
   * The first `limit` matches of a search in search order, as items `POST /v1/prospects/save`
   * takes, read at one snapshot.
   */
  async matchesForSaving(filters: ProspectSearchFilters, limit: number): Promise<SaveItem[]> {
    return this.repository.matchesForSaving(await this.condition(filters), limit);
  }

  /** Reads the list down to the page ending at `end`: from the in-memory index when it can answer. */
  private readList(key: string, filters: ProspectSearchFilters, end: number): Promise<MatchList> {
    const depth = listDepth(end);
    return this.lists.read(key, depth, async () => {
      const fromMemory = this.index.matchList(filters, depth);
      if (fromMemory) return fromMemory;
      const row = await this.repository.matchList(await this.condition(filters), depth);
      return new MatchList(row.version, row.total, row.ids);
    });
  }

  /**
   * One page and the total at one snapshot, without the cache: for when writes keep landing
   * between a list and its page (and for tests, to check the cached path against).
   */
  async searchInOneSnapshot(
    search: ProspectSearch,
  ): Promise<{ prospects: ProspectDto[]; total: PageTotal }> {
    const start = pageOffset(search);
    const end = start + search.per_page;
    return this.repository.pageAndTotal(
      await this.condition(search.filters),
      listDepth(end),
      (list) => unpackIds(list.ids, start, end),
    );
  }

  private async condition(filters: ProspectSearchFilters): Promise<SqlCondition> {
    const statistics = await this.statistics.current();
    return searchCondition(filters, statistics.isCommon);
  }

  /**
   * Results `start` to `end` of `list`, with the data version they were read at: the prospects kept
   * at the list's version come from memory, the others from the database, in the statement that
   * reads the version. They are the page only when that version is the list's.
   */
  private async page(
    list: MatchList,
    start: number,
    end: number,
  ): Promise<{ version: string; prospects: ProspectDto[] }> {
    const ids = list.slice(start, end);
    const kept = ids.map((id) => this.prospectCache.get(id, list.version));
    const read = await this.repository.byIds(ids.filter((_, at) => !kept[at]));
    this.index.seen(read.version);
    this.prospectCache.keep(read.version, read.prospects);
    const readById = new Map(read.prospects.map((prospect) => [prospect.id, prospect]));
    return {
      version: read.version,
      prospects: ids
        .map((id, at) => kept[at] ?? readById.get(id))
        .filter((prospect) => prospect !== undefined),
    };
  }
}

/**
 * How many ids of the match list to read for a page ending at `end`. Walking the ids in order
 * costs in proportion to the depth, so it starts small; doubling keeps re-reads few when a client
 * pages through.
 */
export function listDepth(end: number): number {
  let depth = FIRST_LIST_DEPTH;
  while (depth < end) depth *= 2;
  return Math.min(depth, MAX_SEARCH_DEPTH);
}
