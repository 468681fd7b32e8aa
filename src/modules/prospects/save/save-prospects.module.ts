import { Module } from '@nestjs/common';
import { ContactsModule } from '../../contacts';
import { SaveProspectsController } from './save-prospects.controller';

/** `POST /v1/prospects/save`: prospects in, contacts out, through ContactsService. */
@Module({
  imports: [ContactsModule],
  controllers: [SaveProspectsController],
})
export class SaveProspectsModule {}
