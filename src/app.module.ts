import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './common/auth/api-key.guard';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { MetricsModule } from './common/metrics/metrics.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { ShutdownModule } from './common/shutdown/shutdown.module';
import { AppConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { ApiKeysModule } from './modules/api-keys/api-keys.module';
import { ContactsModule } from './modules/contacts/contacts.module';
import { HealthModule } from './modules/health/health.module';
import { ListsModule } from './modules/lists/lists.module';
import { ProspectsModule } from './modules/prospects/prospects.module';
import { SaveProspectsModule } from './modules/prospects/save/save-prospects.module';
import { WorkspacesModule } from './modules/workspaces/workspaces.module';

@Module({})
export class AppModule {
  static register(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(config, databaseUrl, 'api'),
        RateLimitModule,
        ShutdownModule,
        MetricsModule,
        IdempotencyModule,
        WorkspacesModule,
        ApiKeysModule,
        ContactsModule,
        ListsModule,
        ProspectsModule,
        SaveProspectsModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
