import { Module } from '@nestjs/common';
import { ListsModule } from '../lists';
import { ContactsController } from './contacts.controller';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';
import { ListMembersController } from './list-members.controller';

/** Contacts and their deduplicated save; depends on lists (for memberships), never the reverse. */
@Module({
  imports: [ListsModule],
  controllers: [ContactsController, ListMembersController],
  providers: [ContactsService, ContactsRepository],
  exports: [ContactsService],
})
export class ContactsModule {}
