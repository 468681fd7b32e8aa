import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateIf,
} from 'class-validator';
import { CursorPaginationQueryDto, NoNulBytes, OptionalText } from '../../../common/http';
import { CONTACT_FIELD_RULES, ContactText } from '../contact-fields';

export const MAX_CONTACTS_PER_REQUEST = 1000;

/** `2026-01-31`, or with a time: `2026-01-31T12:00:00Z` (what PostgreSQL reads as an instant). */
const CALENDAR_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;
const CALENDAR_DATE_TIME_MESSAGE = (field: string) =>
  `${field} must be an ISO 8601 date or date-time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z`;

export class CreateContactDto {
  /**
   * Required unless first_name, last_name or email gives a name (from the email's local part:
   * `john.smith@…` → "John Smith"). Split into first/last name when those are not given.
   * @example "John Smith"
   */
  @ContactText('full_name') full_name?: string | null;
  /** @example "John" */
  @ContactText('first_name') first_name?: string | null;
  /** @example "Smith" */
  @ContactText('last_name') last_name?: string | null;
  /** Trimmed and lower-cased; unique in the workspace. @example "john@example.com" */
  @ContactText('email') email?: string | null;
  /** @example "+1 555 0100" */
  @ContactText('phone') phone?: string | null;
  /** @example "CEO" */
  @ContactText('job_title') job_title?: string | null;
  /** @example "Acme Legal Corp" */
  @ContactText('company_name') company_name?: string | null;
  /**
   * A LinkedIn profile URL in any usual form: `www.` or a country subdomain, with or without
   * `https://`, a query string, a raw or percent-encoded slug, a legacy `/pub/name/x/y/z` URL.
   * Stored as `https://linkedin.com/in/<slug>`, the slug lower-cased (non-ASCII letters
   * percent-encoded). Other LinkedIn pages (a company, a post) are refused.
   * @example "https://linkedin.com/in/johnsmith"
   */
  @ContactText('linkedin_url') linkedin_url?: string | null;
}

export class UpdateContactDto extends PartialType(OmitType(CreateContactDto, ['full_name'])) {
  /** Given alone, it is split into first/last name again. Cannot be cleared. @example "John Smith" */
  @ValidateIf((_, value) => value !== undefined)
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: '$property must be a non-empty string' })
  @Length(1, CONTACT_FIELD_RULES.full_name.maxLength)
  @NoNulBytes()
  full_name?: string;
}

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
