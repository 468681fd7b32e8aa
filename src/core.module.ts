import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { redisProvider, RedisShutdown, REDIS } from './database/redis.provider';

/** What every module may inject: the config object, the database and Redis (when configured). */
@Global()
@Module({})
export class CoreModule {
  static register(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: CoreModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(databaseUrl))],
      providers: [{ provide: APP_CONFIG, useValue: config }, redisProvider, RedisShutdown],
      exports: [APP_CONFIG, REDIS],
    };
  }
}
