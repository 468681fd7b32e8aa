import { ApiProperty } from '@nestjs/swagger';
import { DateTimeProperty, isoDateTime } from '../../../common/http';
import { ContactRecord } from '../contact-record';
import { DuplicateItem, SaveOutcome } from '../save-plan';
import { ContactFieldViews, copyFields, SAVED_CONTACT_FIELDS } from './contact-field-properties';

/** A contact created by a save. */
export class SavedContactDto extends ContactFieldViews(SAVED_CONTACT_FIELDS) {
  @ApiProperty({ example: '789e0123-e45b-47c8-a901-234567890abc' })
  id!: string;
  @DateTimeProperty('2026-11-26T09:30:00.000Z')
  created_at!: string;

  static from(contact: ContactRecord): SavedContactDto {
    const view = copyFields({ id: contact.id } as SavedContactDto, contact, SAVED_CONTACT_FIELDS);
    view.created_at = isoDateTime(contact.created_at);
    return view;
  }
}

/** An item that was not created because its contact already exists. */
export class DuplicateDto {
  /** Position of the item in the request. @example 3 */
  index!: number;
  /** The item's email, normalised. @example "john@example.com" */
  email!: string | null;
  /** The item's LinkedIn URL, normalised. @example "https://linkedin.com/in/johnsmith" */
  linkedin_url!: string | null;
  /**
   * The contact it matched: one already in the workspace, or one an earlier item of the same request created or matched.
   * @example "789e0123-e45b-47c8-a901-234567890abc"
   */
  existing_contact_id!: string;

  static from(duplicate: DuplicateItem): DuplicateDto {
    return {
      index: duplicate.index,
      email: duplicate.email,
      linkedin_url: duplicate.linkedinUrl,
      existing_contact_id: duplicate.existingContactId,
    };
  }
}

export class SaveResultDto {
  /** Contacts created by this request. @example 1 */
  created!: number;
  /** The contacts created by this request, in request order. */
  contacts!: SavedContactDto[];
  /** Items skipped as duplicates (`created + skipped` = the number of items). @example 0 */
  skipped!: number;
  duplicates!: DuplicateDto[];
  /** The list every saved item (new or duplicate) is now a member of, or null. @example "5b0c2f8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f" */
  list_id!: string | null;
  /** Memberships this request created: contacts that were already in the list are not counted. @example 1 */
  added_to_list!: number;

  static from(outcome: SaveOutcome): SaveResultDto {
    return {
      created: outcome.created.length,
      contacts: outcome.created.map((c) => SavedContactDto.from(c)),
      skipped: outcome.duplicates.length,
      duplicates: outcome.duplicates.map((d) => DuplicateDto.from(d)),
      list_id: outcome.listId,
      added_to_list: outcome.addedToList,
    };
  }
}

export class SaveResultResponseDto {
  data!: SaveResultDto;
}
