import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ListsModule } from '../lists';
import { Contact } from './contact.entity';
import { ContactsController } from './contacts.controller';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';
import { ListMembersController } from './list-members.controller';

/** Contacts and their deduplicated save; depends on lists (for memberships), never the reverse. */
@Module({
  imports: [TypeOrmModule.forFeature([Contact]), ListsModule],
  controllers: [ContactsController, ListMembersController],
  providers: [ContactsService, ContactsRepository],
  exports: [ContactsService],
})
export class ContactsModule {}
