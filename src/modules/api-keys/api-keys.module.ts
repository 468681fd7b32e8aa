import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKey } from './api-key.entity';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { LastUsedRecorder } from './last-used.recorder';
import { MeController } from './me.controller';

@Module({
  imports: [TypeOrmModule.forFeature([ApiKey])],
  controllers: [MeController, ApiKeysController],
  providers: [ApiKeysService, LastUsedRecorder],
  exports: [ApiKeysService],
})
export class ApiKeysModule {}
