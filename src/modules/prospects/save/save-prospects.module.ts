import { Module } from '@nestjs/common';
import { ContactsModule } from '../../contacts';
import { ProspectsModule } from '../prospects.module';
import { SaveProspectsController } from './save-prospects.controller';
import { SavedSearchService } from './saved-search.service';

/** `POST /v1/prospects/save`: prospects (or a search's matches) in, contacts out, through ContactsService. */
@Module({
  imports: [ContactsModule, ProspectsModule],
  controllers: [SaveProspectsController],
  providers: [SavedSearchService],
})
export class SaveProspectsModule {}
