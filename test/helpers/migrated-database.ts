import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runPendingMigrations } from '../../src/database/migrate';
import { Transactions } from '../../src/database/transactions';
import { createTestDatabase } from './test-database';

const settings = loadConfig({ NODE_ENV: 'test' }).database;

/** PostgreSQL's "lock not available", raised by NOWAIT and by lock_timeout. */
const LOCK_NOT_AVAILABLE = '55P03';

export interface MigratedDatabase {
  url: string;
  dataSource: DataSource;
  /** What repositories read their connection from, as the app wires them (core.module.ts). */
  transactions: Transactions;
  /** Plain SQL outside any repository: fixtures and checks. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Whether `lockingSelect` (a `SELECT ... FOR UPDATE` or the like) gets its locks at once, from a
   * session of its own: false while another transaction holds a conflicting lock.
   */
  canLock(lockingSelect: string, params?: unknown[]): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * A fresh database for one suite of the repository tier, migrated as the app migrates it
 * (runPendingMigrations), with the API's data-source options: repositories run their real SQL
 * on it. `poolSize: 1` makes every statement use the one session (to see what a statement left
 * on its connection).
 */
export async function openMigratedDatabase(
  options: { poolSize?: number } = {},
): Promise<MigratedDatabase> {
  const database = await createTestDatabase();
  await runPendingMigrations(database.url, settings);
  const dataSource = await new DataSource(
    dataSourceOptions(database.url, { ...settings, ...options }, 'api'),
  ).initialize();
  return {
    url: database.url,
    dataSource,
    transactions: new Transactions(dataSource),
    sql: (text, params) => dataSource.query(text, params),
    canLock: (lockingSelect, params) => tryLock(dataSource, lockingSelect, params),
    async close() {
      await dataSource.destroy();
      await database.drop();
    },
  };
}

async function tryLock(
  dataSource: DataSource,
  lockingSelect: string,
  params: unknown[] = [],
): Promise<boolean> {
  try {
    await dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL lock_timeout = '100ms'`);
      await manager.query(lockingSelect, params);
    });
    return true;
  } catch (error) {
    if ((error as { driverError?: { code?: string } }).driverError?.code === LOCK_NOT_AVAILABLE)
      return false;
    throw error;
  }
}

/**
 * Runs `work` in a transaction and keeps that transaction open, with the locks `work` took, until
 * `commit` is called: the other side of a lock test then runs meanwhile.
 */
export async function holdTransaction<T>(
  transactions: Transactions,
  work: () => Promise<T>,
): Promise<{ value: T; commit: () => Promise<void> }> {
  const done = gate<T>();
  const release = gate<void>();
  const transaction = transactions.run(async () => {
    done.open(await work());
    await release.opened;
  });
  // A `work` that fails rejects `transaction` and so this race.
  const value = await Promise.race([done.opened, transaction.then(() => done.opened)]);
  return {
    value,
    commit: async () => {
      release.open();
      await transaction;
    },
  };
}

function gate<T>(): { opened: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const opened = new Promise<T>((resolve) => (open = resolve));
  return { opened, open };
}

/** Whether `promise` is still pending after `ms` (it is waiting, e.g. on a lock). */
export async function stillPendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const pending = Symbol('pending');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(pending), ms)));
  try {
    return (await Promise.race([promise.then(() => null), timeout])) === pending;
  } finally {
    clearTimeout(timer);
  }
}
