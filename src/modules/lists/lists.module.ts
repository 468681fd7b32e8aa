import { Module } from '@nestjs/common';
import { ListsController } from './lists.controller';
import { ListsRepository } from './lists.repository';
import { ListsService } from './lists.service';
import { EventsModule } from '../events';

/** Lists and their memberships. Knows nothing of contacts beyond their ids. */
@Module({
  controllers: [ListsController],
  imports: [EventsModule],
  providers: [ListsService, ListsRepository],
  exports: [ListsService],
})
export class ListsModule {}
