import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Jobs } from '../../../common/jobs';
import { Metrics } from '../../../common/metrics/metrics';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { ProspectsSearchRepository } from '../prospects-search.repository';
import { MatchList } from './match-list';
import { ProspectSearchFilters } from './search-filters';
import { IndexRow, SearchIndex } from './search-index';

/** How often an instance asks whether the prospects changed (one tiny query). */
const CHECK_EVERY_MS = 2_000;

/**
 * Loads of a changed index start at least this far apart: an import changes the data many times
 * a second, and a load of a million prospects takes seconds of this instance's CPU.
 */
const RELOAD_GAP_MS = 30_000;

/** More prospects than the index may hold: it is not built. */
class TooManyProspects extends Error {}

/** The instance is shutting down: a load under way stops (it may take minutes at 10,000,000). */
class LoadStopped extends Error {}

/**
 * This instance's in-memory search index (search-index.ts), kept in step with the data.
 *
 * It is read at a data version and used only while no newer version has been seen: the instance
 * asks for the version every CHECK_EVERY_MS, and every search page reads it too. Until a new
 * index is loaded (in the background, at most once per RELOAD_GAP_MS), searches read their
 * matches from the database, as they do when the index is off (`SEARCH_INDEX_MAX_PROSPECTS=0`),
 * when the prospects outnumber that setting, and for keyword searches. So an answer never comes
 * from data older than the request.
 */
@Injectable()
export class SearchIndexHolder implements OnModuleDestroy {
  private readonly logger = new Logger('SearchIndex');
  private readonly maxProspects: number;
  private index: SearchIndex | undefined;
  /** The newest data version seen. */
  private latest = 0n;
  private loading: Promise<void> | undefined;
  private lastLoadAt = -Infinity;
  /** The data version at which the prospects were found too many: not read again until it moves. */
  private tooManyAt: bigint | undefined;
  private stopping = false;

  constructor(
    private readonly repository: ProspectsSearchRepository,
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
    return matches && new MatchList(index!.version, matches.total, matches.ids);
  }

  /** A data version read elsewhere: an index older than it is no longer used. */
  seen(version: string): void {
    const seen = BigInt(version);
    if (seen <= this.latest) return;
    this.latest = seen;
    this.metrics.searchIndexProspects.set(this.current()?.size ?? 0);
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
    this.seen(await this.repository.dataVersion());
    if (this.loading || this.current() || this.tooManyAt === this.latest) return;
    if (Date.now() - this.lastLoadAt < RELOAD_GAP_MS) return;
    await this.refresh();
  }

  private async load(): Promise<void> {
    this.lastLoadAt = Date.now();
    const seenBefore = this.latest;
    const started = performance.now();
    try {
      const index = await this.repository.readIndexRows((version, batches) =>
        SearchIndex.build(version, this.capped(batches), (texts) =>
          this.repository.wordLists(texts),
        ),
      );
      this.index = index;
      this.seen(index.version);
      this.metrics.searchIndexProspects.set(this.current()?.size ?? 0);
      this.tooManyAt = undefined;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const megabytes = Math.round(index.bytes / 1024 / 1024);
      this.logger.log(
        `Search index: ${index.size} prospects at data version ${index.version}, read in ${seconds} s, ${megabytes} MB`,
      );
    } catch (error) {
      if (error instanceof LoadStopped) return;
      if (!(error instanceof TooManyProspects)) throw error;
      this.index = undefined;
      this.metrics.searchIndexProspects.set(0);
      if (this.tooManyAt === undefined)
        this.logger.warn(
          `Search index off: more than SEARCH_INDEX_MAX_PROSPECTS (${this.maxProspects}) prospects; searches read the database`,
        );
      this.tooManyAt = seenBefore;
    }
  }

  private async *capped(batches: AsyncIterable<IndexRow[]>): AsyncGenerator<IndexRow[]> {
    let count = 0;
    for await (const rows of batches) {
      if (this.stopping) throw new LoadStopped();
      count += rows.length;
      if (count > this.maxProspects) throw new TooManyProspects();
      yield rows;
    }
  }
}
