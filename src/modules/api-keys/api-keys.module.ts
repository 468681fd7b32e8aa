import { Module } from '@nestjs/common';
import { KeyAuthenticator } from '../../common/auth';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { WorkspacesModule } from '../workspaces';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { KeyCache } from './key-cache';
import { KeyRevocationListener } from './key-revocation.listener';
import { LastUsedRecorder } from './last-used.recorder';
import { MeController } from './me.controller';

/** Resolved keys kept at most per instance (an entry is a few hundred bytes). */
const KEY_CACHE_ENTRIES = 10_000;

@Module({
  imports: [WorkspacesModule],
  controllers: [MeController, ApiKeysController],
  providers: [
    ApiKeysService,
    ApiKeysRepository,
    LastUsedRecorder,
    {
      provide: KeyCache,
      useFactory: (config: AppConfig) =>
        new KeyCache({ maxAgeMs: config.keyCacheSeconds * 1000, maxEntries: KEY_CACHE_ENTRIES }),
      inject: [APP_CONFIG],
    },
    KeyRevocationListener,
    // The global guard (common/auth) knows callers through this, never through this module.
    { provide: KeyAuthenticator, useExisting: ApiKeysService },
  ],
  exports: [ApiKeysService, KeyAuthenticator],
})
export class ApiKeysModule {}
