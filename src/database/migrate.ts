import { DataSource } from 'typeorm';
import { DatabaseSettings } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/**
 * Runs the pending migrations on a connection of their own, without the API's statement timeout
 * (an index built on a large table may take minutes), before the API's pool opens.
 */
export async function runPendingMigrations(url: string, settings: DatabaseSettings): Promise<void> {
  const dataSource = new DataSource(
    dataSourceOptions(url, { ...settings, poolSize: 1 }, 'migrations'),
  );
  await dataSource.initialize();
  await dataSource.destroy();
}
