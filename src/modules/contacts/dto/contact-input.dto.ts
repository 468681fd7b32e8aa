import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { CursorPaginationQueryDto, OptionalText } from '../../../common/http';
import { CONTACT_FIELD_NAMES } from '../contact-fields';
import { ContactFieldInputs } from './contact-field-properties';

export const MAX_CONTACTS_PER_REQUEST = 1000;

/** `2026-01-31`, or with a time: `2026-01-31T12:00:00Z` (what PostgreSQL reads as an instant). */
const CALENDAR_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;
const CALENDAR_DATE_TIME_MESSAGE = (field: string) =>
  `${field} must be an ISO 8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z`;

/** The request body, for the OpenAPI document; `readContactItem` reads it. */
export class CreateContactDto extends ContactFieldInputs(CONTACT_FIELD_NAMES) {}

/** The request body, for the OpenAPI document; `readContactPatch` reads it. */
export class UpdateContactDto extends ContactFieldInputs(CONTACT_FIELD_NAMES, 'patch') {}

/** The request body, for the OpenAPI document; `BulkContactsBodyPipe` reads it. */
export class BulkContactsDto {
  /** 1–1,000 contacts, deduplicated like `POST /v1/prospects/save`. */
  @ApiProperty({ type: () => [CreateContactDto], minItems: 1, maxItems: MAX_CONTACTS_PER_REQUEST })
  contacts!: CreateContactDto[];
}

export const CONTACT_SORTS = [
  'created_at',
  '-created_at',
  'updated_at',
  '-updated_at',
  'full_name',
  '-full_name',
] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

export class ListContactsQueryDto extends CursorPaginationQueryDto {
  /** Part of the name or email, any case. */
  @OptionalText(200) search?: string | null;

  /** Only members of this list (unknown, malformed or another workspace's: 404). */
  @IsOptional() @IsString() list_id?: string;

  /**
   * Only contacts created after this instant: an ISO 8601 calendar date or date-time.
   * @example "2026-01-01T00:00:00Z"
   */
  @IsOptional()
  @Matches(CALENDAR_DATE_TIME, { message: CALENDAR_DATE_TIME_MESSAGE('created_after') })
  @IsISO8601({ strict: true }, { message: CALENDAR_DATE_TIME_MESSAGE('created_after') })
  created_after?: string;

  /** Field to sort on, `-` for descending; ties are broken by id. */
  @IsOptional() @IsIn(CONTACT_SORTS) sort?: ContactSort = '-created_at';
}
