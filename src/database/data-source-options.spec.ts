import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

const settings = loadConfig({
  DATABASE_POOL_SIZE: '7',
  DATABASE_POOL_TIMEOUT_MS: '1500',
  DATABASE_STATEMENT_TIMEOUT_MS: '4000',
  DATABASE_JOB_STATEMENT_TIMEOUT_MS: '900000',
}).database;

const optionsOf = (workload: 'api' | 'job' | 'migrations') =>
  dataSourceOptions('postgres://u@h/db', settings, workload) as {
    migrationsRun: boolean;
    extra: Record<string, unknown>;
  };

describe('dataSourceOptions', () => {
  it('gives every workload the configured pool: its size and its bounded wait', () => {
    for (const workload of ['api', 'job', 'migrations'] as const) {
      expect(optionsOf(workload).extra).toMatchObject({ max: 7, connectionTimeoutMillis: 1500 });
    }
  });

  it("bounds the API's statements by the API's timeout, the jobs' by theirs, migrations not", () => {
    expect(optionsOf('api').extra.statement_timeout).toBe(4000);
    expect(optionsOf('job').extra.statement_timeout).toBe(900_000);
    expect(optionsOf('migrations').extra.statement_timeout).toBe(0);
  });

  it('never migrates on initialize: runPendingMigrations does, one process at a time', () => {
    for (const workload of ['api', 'job', 'migrations'] as const) {
      expect(optionsOf(workload).migrationsRun).toBe(false);
    }
  });
});
