import { Module } from '@nestjs/common';
import { ListsModule } from '../lists';
import { ContactsController } from './contacts.controller';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';
import { ListMembersController } from './list-members.controller';
import { EventsModule } from '../events';

/** Contacts and their deduplicated save; depends on lists (for memberships), never the reverse. */
@Module({
  imports: [ListsModule, EventsModule],
  controllers: [ContactsController, ListMembersController],
  providers: [ContactsService, ContactsRepository],
  exports: [ContactsService],
})
export class ContactsModule {}
