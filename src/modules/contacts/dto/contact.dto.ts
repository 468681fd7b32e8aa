import { ApiProperty } from '@nestjs/swagger';
import { CursorPagedResponseDto, DateTimeProperty, isoDateTime } from '../../../common/http';
import { CONTACT_FIELD_LIST } from '../contact-fields';
import { CONTACT_SOURCES, ContactRecord, ContactSource } from '../contact-record';
import { ContactFieldViews, copyFields } from './contact-field-properties';

export class ContactDto extends ContactFieldViews(CONTACT_FIELD_LIST) {
  @ApiProperty({ example: '789e0123-e45b-47c8-a901-234567890abc' })
  id!: string;
  /** How the contact was created. */
  @ApiProperty({ enum: CONTACT_SOURCES, example: 'prospect_save' })
  source!: ContactSource;
  @DateTimeProperty('2026-11-26T09:30:00.000Z')
  created_at!: string;
  @DateTimeProperty('2026-11-27T14:05:00.000Z')
  updated_at!: string;

  static from(contact: ContactRecord): ContactDto {
    const view = copyFields({ id: contact.id } as ContactDto, contact, CONTACT_FIELD_LIST);
    view.source = contact.source;
    view.created_at = isoDateTime(contact.created_at);
    view.updated_at = isoDateTime(contact.updated_at);
    return view;
  }
}

export class ListRefDto {
  /** @example "5b0c2f8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f" */
  id!: string;
  /** @example "Law Firm CEOs" */
  name!: string;
}

export class ContactWithListsDto extends ContactDto {
  /** The lists this contact is in, by name. */
  lists!: ListRefDto[];
}

export class ContactResponseDto {
  data!: ContactDto;
}

export class ContactWithListsResponseDto {
  data!: ContactWithListsDto;
}

export class ContactsPageDto {
  contacts!: ContactDto[];
}

export class ContactsPageResponseDto extends CursorPagedResponseDto {
  data!: ContactsPageDto;
}

export class DeletedContactDto {
  /** @example true */
  deleted!: true;
  /** @example "789e0123-e45b-47c8-a901-234567890abc" */
  id!: string;
}

export class DeletedContactResponseDto {
  data!: DeletedContactDto;
}
