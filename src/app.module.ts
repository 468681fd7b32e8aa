import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { Admission, ApiKeyGuard } from './common/auth';
import { AllExceptionsFilter } from './common/errors';
import { IdempotencyModule } from './common/idempotency';
import { MetricsModule } from './common/metrics';
import { RateLimitModule } from './common/rate-limit';
import { ShutdownModule } from './common/shutdown';
import { AppConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { ApiKeysModule } from './modules/api-keys';
import { ContactsModule } from './modules/contacts';
import { HealthModule } from './modules/health';
import { ListsModule } from './modules/lists';
import { ProspectsModule, SaveProspectsModule } from './modules/prospects';
import { WorkspacesModule } from './modules/workspaces';

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
        Admission,
        AllExceptionsFilter,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useExisting: AllExceptionsFilter },
      ],
    };
  }
}
