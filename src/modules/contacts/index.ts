/** The public entry of modules/contacts: Contacts and their deduplicated save; the save route of prospects uses ContactsService. */
export { PROSPECT_FIELD_LIMITS, PROSPECT_FIELD_NAMES } from './contact-fields';
export { readBodyObject, readItemArray, readOptionalString } from './contact-reading';
export { ContactsModule } from './contacts.module';
export { ContactsService } from './contacts.service';
export { ContactFieldInputs, SAVED_CONTACT_EXAMPLE } from './dto/contact-field-properties';
export { MAX_CONTACTS_PER_REQUEST } from './dto/contact-input.dto';
export { SaveResultDto, SaveResultResponseDto } from './dto/save-result.dto';
export type { SaveOutcome } from './save-plan';
