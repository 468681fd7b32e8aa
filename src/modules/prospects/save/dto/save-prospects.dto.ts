import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import {
  ContactFieldInputs,
  MAX_CONTACTS_PER_REQUEST,
  PROSPECT_FIELD_NAMES,
} from '../../../contacts';
import { FlatSearchDto, WorkflowSearchDto } from '../../dto/search-request.dto';
import { MAX_SEARCH_SAVE } from '../save-prospects-body.pipe';

/** The first this many contacts created and duplicates found are listed in a saved search's response. */
export const MAX_LISTED_PER_SAVE = 1_000;

/**
 * A prospect to save. A Prospect object from `POST /v1/prospects/search` is valid as it is:
 * fields not listed here (`id`, `seniority`, `headcount`, …) are ignored. Needs an `email` or a
 * `linkedin_url` to deduplicate on.
 */
export class ProspectToSaveDto extends ContactFieldInputs(PROSPECT_FIELD_NAMES) {}

/** What both forms of the body may add. */
class SaveIntoListDto {
  /**
   * A list of this workspace to add every saved prospect to, new or duplicate (needs
   * `lists:write`). Unknown, malformed or another workspace's: `404 not_found`, nothing saved.
   * @example "5b0c2f8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f"
   */
  list_id?: string | null;
}

/** The request body with prospects, for the OpenAPI document; `SaveProspectsBodyPipe` reads it. */
export class SaveProspectsDto extends SaveIntoListDto {
  /** 1–1,000 prospects. */
  @ApiProperty({ type: () => [ProspectToSaveDto], minItems: 1, maxItems: MAX_CONTACTS_PER_REQUEST })
  prospects!: ProspectToSaveDto[];
}

/** The request body with a search, for the OpenAPI document; `SaveProspectsBodyPipe` reads it. */
export class SaveSearchDto extends SaveIntoListDto {
  @ApiProperty({
    description:
      'Any body of `POST /v1/prospects/search` (workflow, flat or legacy form); its matches are ' +
      'saved in search order, from the first (`page` and `per_page` are checked as search ' +
      'checks them, and otherwise ignored). Its problems are reported under `search.`, e.g. ' +
      '`search.query.person_titles`. Not with `prospects`.',
    oneOf: [{ $ref: getSchemaPath(WorkflowSearchDto) }, { $ref: getSchemaPath(FlatSearchDto) }],
    example: { query: { person_titles: ['CEO'], organization_industries: ['Legal'] } },
  })
  search!: WorkflowSearchDto | FlatSearchDto;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: MAX_SEARCH_SAVE,
    example: 5000,
    description:
      `Required with \`search\`: how many matches to save, from the first; at most ${MAX_SEARCH_SAVE.toLocaleString('en-US')}. ` +
      'Fewer are saved when fewer match.',
  })
  limit!: number;
}
