import { ApiProperty } from '@nestjs/swagger';
import { ContactText, MAX_CONTACTS_PER_REQUEST } from '../../../contacts';

/**
 * A prospect to save. A Prospect object from `POST /v1/prospects/search` is valid as it is:
 * fields not listed here (`id`, `seniority`, `headcount`, …) are ignored. Needs an `email` or a
 * `linkedin_url` to deduplicate on. Field lengths: names 200, titles and company 300, email 320,
 * URL 500, phone 50 characters.
 */
export class ProspectToSaveDto {
  /** Required unless first_name, last_name or email gives a name (`john.smith@…` → "John Smith"). @example "John Smith" */
  @ContactText('full_name') name?: string | null;
  /** @example "John" */
  @ContactText('first_name') first_name?: string | null;
  /** @example "Smith" */
  @ContactText('last_name') last_name?: string | null;
  /** Trimmed and lower-cased; the dedupe key. @example "john@example.com" */
  @ContactText('email') email?: string | null;
  /** Saved as the contact's job_title. @example "CEO" */
  @ContactText('job_title') title?: string | null;
  /** Same as `title`; wins when both are given. @example "CEO" */
  @ContactText('job_title') job_title?: string | null;
  /** @example "Acme Legal Corp" */
  @ContactText('company_name') company_name?: string | null;
  /**
   * The dedupe key of a prospect without email: a LinkedIn profile URL in any usual form, stored
   * as `https://linkedin.com/in/<slug>` (as `linkedin_url` of `POST /v1/contacts`).
   * @example "https://linkedin.com/in/johnsmith"
   */
  @ContactText('linkedin_url') linkedin_url?: string | null;
  /** @example "+1 555 0100" */
  @ContactText('phone') phone?: string | null;
}

/** The request body, for the OpenAPI document; `SaveProspectsBodyPipe` reads it. */
export class SaveProspectsDto {
  /** 1–1,000 prospects. */
  @ApiProperty({ type: () => [ProspectToSaveDto], minItems: 1, maxItems: MAX_CONTACTS_PER_REQUEST })
  prospects!: ProspectToSaveDto[];

  /**
   * A list of this workspace to add every saved prospect to, new or duplicate (needs
   * `lists:write`). Unknown, malformed or another workspace's: `404 not_found`, nothing saved.
   * @example "5b0c2f8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f"
   */
  list_id?: string | null;
}
