import { Module } from '@nestjs/common';
import { KeyAuthenticator } from '../../common/auth';
import { WorkspacesModule } from '../workspaces';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { LastUsedRecorder } from './last-used.recorder';
import { MeController } from './me.controller';

@Module({
  imports: [WorkspacesModule],
  controllers: [MeController, ApiKeysController],
  providers: [
    ApiKeysService,
    ApiKeysRepository,
    LastUsedRecorder,
    // The global guard (common/auth) knows callers through this, never through this module.
    { provide: KeyAuthenticator, useExisting: ApiKeysService },
  ],
  exports: [ApiKeysService, KeyAuthenticator],
})
export class ApiKeysModule {}
