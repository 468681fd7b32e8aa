import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './common/auth/api-key.guard';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { AppConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { HealthModule } from './modules/health/health.module';
import { WorkspacesModule } from './modules/workspaces/workspaces.module';

@Module({})
export class AppModule {
  static register(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(config, databaseUrl),
        WorkspacesModule,
        ApiKeysModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
