import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';

/** The one set of data-source options, shared by the app, the CLI, ormconfig.ts and the tests. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false, // failed queries are logged by the error filter, without their parameters
    extra: { max: 20, application_name: 'prospect-api' },
  };
}
