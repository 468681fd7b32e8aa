import { Logger as WorkerLogger, runMigrations as installJobQueue } from 'graphile-worker';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DatabaseSettings } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** The advisory lock that one migrating process holds at a time. Any constant, the same everywhere. */
const MIGRATIONS_LOCK = 1_764_220;

/**
 * Runs the pending migrations on a connection of their own, without the API's statement timeout
 * (an index built on a large table may take minutes), before the API's pool opens. Instances
 * started together take turns under a session advisory lock: the first migrates, the others then
 * find nothing pending (TypeORM itself would run the same migration in each and fail all but one).
 */
export async function runPendingMigrations(url: string, settings: DatabaseSettings): Promise<void> {
  await withMigrationsLock(url, settings, async () => {
    const dataSource = new DataSource(
      dataSourceOptions(url, { ...settings, poolSize: 1 }, 'migrations'),
    );
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await dataSource.destroy();
    }
    // The job queue's own schema (graphile_worker), versioned by graphile-worker itself.
    await installJobQueue({ connectionString: url, logger: quietLogger });
  });
}

const quietLogger = new WorkerLogger(() => () => undefined);

/** Runs `work` while this process holds the migrations lock (on a session that ends with it). */
async function withMigrationsLock(
  url: string,
  settings: DatabaseSettings,
  work: () => Promise<void>,
): Promise<void> {
  const lock = new Client({
    connectionString: url,
    connectionTimeoutMillis: settings.poolTimeoutMs,
    application_name: 'prospect-api migrations lock',
  });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATIONS_LOCK]);
    await work();
  } finally {
    // Ending the session releases the lock, also when `work` failed.
    await lock.end();
  }
}
