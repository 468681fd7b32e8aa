import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KeyAuthenticator } from '../../common/auth';
import { ApiKey } from './api-key.entity';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { LastUsedRecorder } from './last-used.recorder';
import { MeController } from './me.controller';

@Module({
  imports: [TypeOrmModule.forFeature([ApiKey])],
  controllers: [MeController, ApiKeysController],
  providers: [
    ApiKeysService,
    LastUsedRecorder,
    // The global guard (common/auth) knows callers through this, never through this module.
    { provide: KeyAuthenticator, useExisting: ApiKeysService },
  ],
  exports: [ApiKeysService, KeyAuthenticator],
})
export class ApiKeysModule {}
