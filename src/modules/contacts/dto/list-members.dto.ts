import { ArrayMaxSize, ArrayMinSize, IsArray, IsString } from 'class-validator';
import { MAX_CONTACTS_PER_REQUEST } from './contact-input.dto';

export class AddListContactsDto {
  /** 1–1,000 contact ids of this workspace; any other id is a 404 and nothing is added. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CONTACTS_PER_REQUEST)
  @IsString({ each: true })
  contact_ids!: string[];
}

export class ListContactsAddedDto {
  /** Contacts newly added; those already in the list are skipped silently. @example 2 */
  added!: number;
  list_id!: string;
  /** Members of the list after the add. @example 42 */
  contact_count!: number;
}

export class ListContactsAddedResponseDto {
  data!: ListContactsAddedDto;
}

export class ListContactRemovedDto {
  removed!: true;
  list_id!: string;
  contact_id!: string;
}

export class ListContactRemovedResponseDto {
  data!: ListContactRemovedDto;
}
