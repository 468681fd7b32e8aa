import { Module } from '@nestjs/common';
import { HttpDrain } from './http-drain';

/** How the service stops: the HTTP drain that comes before everything else (see HttpDrain). */
@Module({
  providers: [HttpDrain],
  exports: [HttpDrain],
})
export class ShutdownModule {}
