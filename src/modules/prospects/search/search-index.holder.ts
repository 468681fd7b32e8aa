import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Jobs } from '../../../common/jobs';
import { Metrics } from '../../../common/metrics/metrics';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { ProspectsSearchRepository } from '../prospects-search.repository';
import { MatchList } from './match-list';
import { ProspectSearchFilters } from './search-filters';
import { SearchIndex, SearchIndexBuilder } from './search-index';
import { SearchStatistics } from './search-statistics';

/** How often an instance asks whether the prospects changed (one tiny query). */
const CHECK_EVERY_MS = 2_000;

/**
 * An index behind the data is read again once the prospects have not changed for this long: an
 * import changes them many times a second, and a load of a million prospects takes seconds of
 * this instance's CPU, so loads during an import would be stale before they finish.
 */
const QUIET_MS = 5_000;

/** ... or once it has been behind this long, whatever the writes (a never-ending trickle). */
const MAX_BEHIND_MS = 300_000;

/**
 * The planner's row count may be this much above the true count: above it, the prospects are
 * taken to be too many without reading them (the load itself stops at the exact limit).
 */
const ESTIMATE_MARGIN = 1.1;

/** More prospects than the index may hold, at this data version: it is not built. */
class TooManyProspects extends Error {
  constructor(readonly version: bigint) {
    super('too many prospects for the search index');
  }
}

/** The instance is shutting down: a load under way stops (it may take a minute at 10,000,000). */
class LoadStopped extends Error {}

/**
 * This instance's in-memory search index (search-index.ts), kept in step with the data.
 *
 * The index is read at a data version (`prospect_data_version`, moved by every write to
 * prospects) and is not used once a newer version has been seen: the instance asks for the
 * version every CHECK_EVERY_MS, and every search page reads it. A write not seen yet may still
 * get a match list from the older index, but that list carries its version, and the search
 * service compares it with the version its page was read at and, when they differ, answers
 * from the database at one snapshot (ProspectsSearchService.search): so no answer comes from
 * data older than the request. A new index is read in the background once the prospects have
 * been quiet for QUIET_MS; until then, searches read their matches from the database, as they do
 * when the index is off (`SEARCH_INDEX_MAX_PROSPECTS=0`), when the prospects outnumber that
 * setting, and for keyword searches.
 */
@Injectable()
export class SearchIndexHolder implements OnModuleDestroy {
  private readonly logger = new Logger('SearchIndex');
  private readonly maxProspects: number;
  private index: SearchIndex | undefined;
  /** The newest data version seen, and when it was first seen. */
  private latest = 0n;
  private latestSince = -Infinity;
  private loading: Promise<void> | undefined;
  private lastLoadAt = -Infinity;
  /** The data version at which the prospects were too many: not read again until it moves. */
  private tooManyAt: bigint | undefined;
  private stopping = false;

  constructor(
    private readonly repository: ProspectsSearchRepository,
    private readonly statistics: SearchStatistics,
    private readonly metrics: Metrics,
    jobs: Jobs,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.maxProspects = config.searchIndexMaxProspects;
    if (this.maxProspects > 0)
      jobs.everyInstance({
        name: 'search-index',
        everyMs: CHECK_EVERY_MS,
        atStart: true,
        run: () => this.check(),
      });
  }

  /**
   * The matches of `filters` down to `depth` from memory; undefined when the index cannot answer
   * (off, not loaded, behind the data, or keywords asked for).
   */
  matchList(filters: ProspectSearchFilters, depth: number): MatchList | undefined {
    const index = this.current();
    const matches = index?.match(filters, depth);
    return index && matches && new MatchList(index.version, matches.total, matches.ids);
  }

  /** A data version read elsewhere: an index older than it is no longer used. */
  seen(version: string): void {
    const seen = BigInt(version);
    if (seen <= this.latest) return;
    this.latest = seen;
    this.latestSince = Date.now();
    this.publishSize();
  }

  /** Before the job runner waits for running jobs at shutdown (beforeApplicationShutdown). */
  onModuleDestroy(): void {
    this.stopping = true;
  }

  /** Loads the index at the data as it is now (after the load under way, if any). */
  async refresh(): Promise<void> {
    while (this.loading) await this.loading.catch(() => undefined);
    this.loading = this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private current(): SearchIndex | undefined {
    const index = this.index;
    return index && BigInt(index.version) >= this.latest ? index : undefined;
  }

  private async check(): Promise<void> {
    const version = BigInt(await this.repository.dataVersion());
    // Below what this instance has seen: the database was restored or replaced. Start afresh.
    if (version < this.latest) this.forget(version);
    this.seen(String(version));
    if (this.loading || this.current() || this.tooManyAt === this.latest) return;
    const now = Date.now();
    const quiet = now - this.latestSince >= QUIET_MS;
    if (!quiet && now - this.lastLoadAt < MAX_BEHIND_MS) return;
    const { rows } = await this.statistics.current();
    if (rows > this.maxProspects * ESTIMATE_MARGIN) return this.tooMany(this.latest);
    await this.refresh();
  }

  private forget(version: bigint): void {
    this.index = undefined;
    this.latest = version;
    this.latestSince = Date.now();
    this.tooManyAt = undefined;
    this.publishSize();
  }

  private async load(): Promise<void> {
    this.lastLoadAt = Date.now();
    const started = performance.now();
    try {
      const index = await this.read();
      this.index = index;
      this.seen(index.version);
      this.tooManyAt = undefined;
      this.publishSize();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const megabytes = Math.round(index.bytes / 1024 / 1024);
      this.logger.log(
        `Search index: ${index.size} prospects at data version ${index.version}, read in ${seconds} s, ${megabytes} MB`,
      );
    } catch (error) {
      if (error instanceof LoadStopped) return;
      if (!(error instanceof TooManyProspects)) throw error;
      this.tooMany(error.version);
    }
  }

  /** The prospects' rows at one snapshot, then (the snapshot closed) the words of their texts. */
  private async read(): Promise<SearchIndex> {
    const builder = new SearchIndexBuilder();
    let count = 0;
    const snapshot = await this.repository.readIndexRows((rows, version) => {
      if (this.stopping) throw new LoadStopped();
      count += rows.length;
      if (count > this.maxProspects) throw new TooManyProspects(BigInt(version));
      builder.add(rows);
    });
    return builder.finish(snapshot, (texts) => {
      if (this.stopping) throw new LoadStopped();
      return this.repository.wordLists(texts);
    });
  }

  private tooMany(version: bigint): void {
    if (this.tooManyAt === undefined)
      this.logger.warn(
        `Search index off: more than SEARCH_INDEX_MAX_PROSPECTS (${this.maxProspects}) prospects; searches read the database`,
      );
    this.index = undefined;
    this.tooManyAt = version;
    this.publishSize();
  }

  /** `search_index_prospects`: what the index holds while it is in step with the data, else 0. */
  private publishSize(): void {
    this.metrics.searchIndexProspects.set(this.current()?.size ?? 0);
  }
}
