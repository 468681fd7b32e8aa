import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { Jobs } from '../src/common/jobs';
import { loadConfig } from '../src/config/app-config';
import { DatabaseAvailability } from '../src/database/database-availability';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runPendingMigrations } from '../src/database/migrate';
import { Transactions } from '../src/database/transactions';
import { createTestDatabase } from './helpers/test-database';

const settings = loadConfig({ NODE_ENV: 'test' }).database;

/** One instance's job mechanism on the shared test database, as the app builds it. */
async function instance(url: string) {
  const dataSource = await new DataSource(dataSourceOptions(url, settings, 'api')).initialize();
  const transactions = new Transactions(dataSource);
  const jobs = new Jobs(
    { databaseUrl: url, runsJobs: true },
    new DatabaseAvailability(dataSource),
    transactions,
  );
  return {
    jobs,
    transactions,
    dataSource,
    close: async () => {
      await jobs.beforeApplicationShutdown();
      await dataSource.destroy();
    },
  };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(50);
}

// Background work through one mechanism (src/common/jobs), on a real PostgreSQL: queued jobs are
// part of the transaction that queues them, a cron job runs once per period across instances,
// and shutdown lets a running job finish while starting no other.
describe('Background jobs (e2e)', () => {
  let database: { url: string; drop: () => Promise<void> };

  beforeAll(async () => {
    database = await createTestDatabase();
    await runPendingMigrations(database.url, settings);
  });
  afterAll(() => database.drop());

  it('runs a job queued by a committed transaction once, and never one whose transaction rolled back', async () => {
    const seen: string[] = [];
    const { jobs, transactions, dataSource, close } = await instance(database.url);
    jobs.define<{ note: string }>({
      name: 'test.note',
      run: ({ note }) => seen.push(note),
    });
    try {
      await transactions.run(() => jobs.enqueue('test.note', { note: 'committed' }));
      await expect(
        transactions.run(async () => {
          await jobs.enqueue('test.note', { note: 'rolled back' });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');

      await jobs.onApplicationBootstrap();
      await until(() => seen.length > 0, 15_000);
      await sleep(1_000); // time enough for a second run, were there one
      expect(seen).toEqual(['committed']);
      const [{ n }] = await dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM graphile_worker.jobs',
      );
      expect(n).toBe(0);
    } finally {
      await close();
    }
  });

  it('runs a cron job once per period however many instances run', async () => {
    const runs: { instance: number; minute: number }[] = [];
    const instances = await Promise.all([1, 2, 3].map(() => instance(database.url)));
    try {
      instances.forEach(({ jobs }, index) =>
        jobs.onceAcrossInstances({
          name: 'test.every_minute',
          cron: '* * * * *',
          run: () => runs.push({ instance: index, minute: Math.floor(Date.now() / 60_000) }),
        }),
      );
      await Promise.all(instances.map(({ jobs }) => jobs.onApplicationBootstrap()));
      await until(() => runs.length > 0, 75_000);
      await sleep(3_000);
      expect(runs.length).toBeGreaterThan(0);
      const minutes = runs.map((run) => run.minute);
      expect(new Set(minutes).size).toBe(minutes.length);
    } finally {
      await Promise.all(instances.map(({ close }) => close()));
    }
  }, 120_000);

  it('at shutdown, lets the instance job that is running finish and starts no other', async () => {
    const { jobs, close } = await instance(database.url);
    const events: string[] = [];
    jobs.everyInstance({
      name: 'test.slow',
      everyMs: 50,
      run: async () => {
        events.push('start');
        await sleep(400);
        events.push('end');
      },
    });
    await jobs.onApplicationBootstrap();
    await until(() => events.length > 0, 5_000);
    await close();
    expect(events).toEqual(['start', 'end']);
    await sleep(200);
    expect(events).toEqual(['start', 'end']);
  });
});
