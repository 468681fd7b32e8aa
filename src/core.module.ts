import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Jobs, JOBS_SETTINGS } from './common/jobs';
import { logsDebug } from './common/logging';
import { Metrics } from './common/metrics';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { DatabaseAvailability } from './database/database-availability';
import { dataSourceOptions, Workload, WORKLOAD } from './database/data-source-options';
import { redisProvider, RedisShutdown, REDIS } from './database/redis.provider';
import { requestContextModule, Transactions } from './database/transactions';

/**
 * What every module may inject: the config object, the database (whether it is reachable, and
 * its transactions, held in the request context), Redis (when configured), the metrics registry
 * and background jobs.
 * `workload` picks the statement timeout (the API's or the jobs') and is injectable as WORKLOAD.
 */
@Global()
@Module({})
export class CoreModule {
  static register(
    config: AppConfig,
    databaseUrl: string,
    workload: Extract<Workload, 'api' | 'job'>,
  ): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forRoot(
          dataSourceOptions(
            databaseUrl,
            config.database,
            workload,
            logsDebug(config.logLevel) ? config.slowQueryMs : undefined,
          ),
        ),
        requestContextModule(),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        redisProvider,
        RedisShutdown,
        DatabaseAvailability,
        Metrics,
        Transactions,
        // The CLI may enqueue work (in its transactions) but runs none: the servers do.
        { provide: WORKLOAD, useValue: workload },
        { provide: JOBS_SETTINGS, useValue: { databaseUrl, runsJobs: workload === 'api' } },
        Jobs,
      ],
      exports: [APP_CONFIG, REDIS, DatabaseAvailability, Metrics, Transactions, Jobs, WORKLOAD],
    };
  }
}
