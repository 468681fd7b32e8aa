import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactList } from './list.entity';
import { ListsController } from './lists.controller';
import { ListsRepository } from './lists.repository';
import { ListsService } from './lists.service';

/** Lists and their memberships. Knows nothing of contacts beyond their ids. */
@Module({
  imports: [TypeOrmModule.forFeature([ContactList])],
  controllers: [ListsController],
  providers: [ListsService, ListsRepository],
  exports: [ListsService],
})
export class ListsModule {}
