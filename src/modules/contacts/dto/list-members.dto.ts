import { ArrayMaxSize, ArrayMinSize, IsArray, IsString } from 'class-validator';
import { MAX_CONTACTS_PER_REQUEST } from './contact-input.dto';

export class AddListContactsDto {
  /**
   * 1–1,000 contact ids of this workspace; any other id is a 404 and nothing is added.
   * @example ["789e0123-e45b-47c8-a901-234567890abc", "9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"]
   */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CONTACTS_PER_REQUEST)
  @IsString({ each: true })
  contact_ids!: string[];
}

export class ListContactsAddedDto {
  /** Contacts newly added; those already in the list are skipped silently. @example 2 */
  added!: number;
  /** @example "5b0c2f8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f" */
  list_id!: string;
  /** Members of the list after the add. @example 42 */
  contact_count!: number;
}

export class ListContactsAddedResponseDto {
  data!: ListContactsAddedDto;
}

export class ListContactRemovedDto {
  /** @example true */
  removed!: true;
  /** @example "5b0c2f8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f" */
  list_id!: string;
  /** @example "789e0123-e45b-47c8-a901-234567890abc" */
  contact_id!: string;
}

export class ListContactRemovedResponseDto {
  data!: ListContactRemovedDto;
}
