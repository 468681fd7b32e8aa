import { ApiProperty } from '@nestjs/swagger';
import { CursorPagedResponseDto } from '../../../common/http';
import { CONTACT_SOURCES, ContactSource } from '../contact.entity';
import { ContactView } from '../save-plan';

export class ContactDto {
  /** @example "789e0123-e45b-47c8-a901-234567890abc" */
  id!: string;
  /** @example "John Smith" */
  full_name!: string;
  /** @example "John" */
  first_name!: string | null;
  /** @example "Smith" */
  last_name!: string | null;
  /** Normalised: trimmed, lower-cased. @example "john@example.com" */
  email!: string | null;
  /** @example "+1 555 0100" */
  phone!: string | null;
  /** @example "CEO" */
  job_title!: string | null;
  /** @example "Acme Legal Corp" */
  company_name!: string | null;
  /** @example "https://linkedin.com/in/johnsmith" */
  linkedin_url!: string | null;
  /** How the contact was created. */
  @ApiProperty({ enum: CONTACT_SOURCES, example: 'prospect_save' })
  source!: ContactSource;
  /** @example "2026-11-26T09:30:00.000Z" */
  created_at!: Date;
  /** @example "2026-11-27T14:05:00.000Z" */
  updated_at!: Date;

  static from(contact: ContactView): ContactDto {
    return {
      id: contact.id,
      full_name: contact.fullName,
      first_name: contact.firstName,
      last_name: contact.lastName,
      email: contact.email,
      phone: contact.phone,
      job_title: contact.jobTitle,
      company_name: contact.companyName,
      linkedin_url: contact.linkedinUrl,
      source: contact.source,
      created_at: contact.createdAt,
      updated_at: contact.updatedAt,
    };
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
