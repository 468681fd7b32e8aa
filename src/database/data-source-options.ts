import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { SlowQueryLogger } from '../common/logging';
import { DatabaseSettings } from '../config/app-config';
import { ENTITIES } from './entities';

/**
 * Who uses the pool: the API's requests (short statements, bounded by `statementTimeoutMs`), the
 * command-line jobs (imports and seeds, bounded by the longer `jobStatementTimeoutMs`), or
 * migrations (a schema change on a large table takes as long as it takes: no limit).
 */
export type Workload = 'api' | 'job' | 'migrations';

/** The process's workload (`api`: a server, which serves requests and runs jobs; `job`: the CLI). */
export const WORKLOAD = Symbol('WORKLOAD');

function statementTimeout(settings: DatabaseSettings, workload: Workload): number {
  if (workload === 'api') return settings.statementTimeoutMs;
  return workload === 'job' ? settings.jobStatementTimeoutMs : 0;
}

/**
 * The one set of data-source options, shared by the app, the CLI, ormconfig.ts and the tests.
 * `slowQueryMs`: log queries slower than this at debug (LOG_LEVEL=debug only; TypeORM times
 * every query anyway, so this costs nothing when off).
 */
export function dataSourceOptions(
  url: string,
  settings: DatabaseSettings,
  workload: Workload,
  slowQueryMs?: number,
): DataSourceOptions {
  return {
    ...(slowQueryMs ? { maxQueryExecutionTime: slowQueryMs, logger: new SlowQueryLogger() } : {}),
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    // Never on initialize: runPendingMigrations runs them first, on their own connection without
    // the API's statement timeout, one process at a time.
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false, // failed queries are logged by the error filter, without their parameters
    extra: {
      max: settings.poolSize,
      // Bounds both the wait for a free connection and the making of a new one.
      connectionTimeoutMillis: settings.poolTimeoutMs,
      // Sent in the startup packet: every statement of every pooled session is bounded, with no
      // round trip of its own. 0 sends nothing: the server's own setting (no limit by default).
      statement_timeout: statementTimeout(settings, workload),
      application_name: 'prospect-api',
    },
  };
}
