import { Module } from '@nestjs/common';
import { ListsController } from './lists.controller';
import { ListsRepository } from './lists.repository';
import { ListsService } from './lists.service';

/** Lists and their memberships. Knows nothing of contacts beyond their ids. */
@Module({
  controllers: [ListsController],
  providers: [ListsService, ListsRepository],
  exports: [ListsService],
})
export class ListsModule {}
