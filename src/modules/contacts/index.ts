/** The public entry of modules/contacts: Contacts and their deduplicated save; the save route of prospects uses ContactsService. */
export {
  CONTACT_FIELD_RULES,
  ContactText,
  readBodyObject,
  readItemArray,
  readOptionalString,
} from './contact-fields';
export { ContactsModule } from './contacts.module';
export { ContactsService } from './contacts.service';
export { MAX_CONTACTS_PER_REQUEST } from './dto/contact-input.dto';
export { SaveResultDto, SaveResultResponseDto } from './dto/save-result.dto';
export type { SaveOutcome } from './save-plan';
