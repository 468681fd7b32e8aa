import { ConsoleLogger, Logger } from '@nestjs/common';
import { indexRow } from '../../../../test/helpers/prospect-rows';
import { InstanceJob, Jobs } from '../../../common/jobs';
import { Metrics } from '../../../common/metrics/metrics';
import { AppConfig } from '../../../config/app-config';
import { ProspectsSearchRepository } from '../prospects-search.repository';
import { NO_FILTERS } from './search-filters';
import { IndexRow } from './search-index';
import { SearchIndexHolder } from './search-index.holder';
import { SearchStatistics } from './search-statistics';
import { words } from './words';

const row = (n: number): IndexRow => indexRow(n, { title: 'CEO' });

/** A database whose version and row count the test moves; it counts the loads it serves. */
function setUp({ maxProspects = 100, estimate = 0 } = {}) {
  const data = { version: '10', rows: 3, loads: 0 };
  const repository = {
    dataVersion: () => Promise.resolve(data.version),
    readIndexRows: (receive: (rows: IndexRow[], version: string) => void) => {
      data.loads++;
      receive(
        Array.from({ length: data.rows }, (_, n) => row(n)),
        data.version,
      );
      return Promise.resolve(data.version);
    },
    wordLists: (texts: string[]) => Promise.resolve(texts.map(words)),
  };
  let job: InstanceJob | undefined;
  const metrics = new Metrics();
  const holder = new SearchIndexHolder(
    repository as unknown as ProspectsSearchRepository,
    { current: () => Promise.resolve({ rows: estimate }) } as unknown as SearchStatistics,
    metrics,
    { everyInstance: (registered: InstanceJob) => (job = registered) } as unknown as Jobs,
    { searchIndexMaxProspects: maxProspects } as AppConfig,
  );
  const check = () => job!.run() as Promise<void>;
  const answers = () => holder.matchList(NO_FILTERS, 10)?.total.total;
  const gauge = async () => (await metrics.searchIndexProspects.get()).values[0]?.value;
  return { data, holder, check, answers, gauge };
}

describe('SearchIndexHolder', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new ConsoleLogger()));
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000, doNotFake: ['performance'] }));
  afterEach(() => jest.useRealTimers());

  it('loads at the first check, then reads the data again only once it has been quiet', async () => {
    const { data, holder, check, answers, gauge } = setUp();
    await check();
    expect(answers()).toBe(3);
    expect(await gauge()).toBe(3);
    data.version = '11';
    data.rows = 4;
    holder.seen('11'); // a search page read the new version
    expect(answers()).toBeUndefined();
    expect(await gauge()).toBe(0);
    jest.advanceTimersByTime(2_000);
    await check(); // 2 s quiet: an import may still be writing
    expect(data.loads).toBe(1);
    jest.advanceTimersByTime(3_000);
    await check();
    expect(data.loads).toBe(2);
    expect(answers()).toBe(4);
  });

  it('starts afresh when the data version goes back (a database restored)', async () => {
    const { data, check, answers } = setUp();
    await check();
    data.version = '5';
    data.rows = 1;
    await check();
    expect(answers()).toBeUndefined();
    jest.advanceTimersByTime(5_000);
    await check();
    expect(data.loads).toBe(2);
    expect(answers()).toBe(1);
  });

  it('does not read past the limit, nor again before the data changes', async () => {
    const { data, check, answers, gauge } = setUp({ maxProspects: 2 });
    await check();
    expect(answers()).toBeUndefined();
    expect(await gauge()).toBe(0);
    jest.advanceTimersByTime(10_000);
    await check();
    expect(data.loads).toBe(1);
    data.version = '12';
    data.rows = 2;
    await check();
    jest.advanceTimersByTime(5_000);
    await check();
    expect(data.loads).toBe(2);
    expect(answers()).toBe(2);
  });

  it('does not read at all when the table statistics say there are far too many', async () => {
    const { data, check, answers } = setUp({ maxProspects: 2, estimate: 1_000 });
    await check();
    expect(data.loads).toBe(0);
    expect(answers()).toBeUndefined();
  });
});
