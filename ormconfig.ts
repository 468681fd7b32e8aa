import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config';
import { locateDatabase } from './src/database/database-location';
import { dataSourceOptions } from './src/database/data-source-options';

/** The TypeORM CLI's data source: DATABASE_URL, or the embedded server in DATA_DIR. */
const config = loadConfig();
export const dataSource = locateDatabase(config).then(
  (database) =>
    new DataSource(dataSourceOptions(database.url, config.database, 'migrations')),
);
