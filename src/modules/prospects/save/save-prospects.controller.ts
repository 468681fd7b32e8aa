import { Body, Controller, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { AuthorizeBody, CurrentPrincipal, Principal, RequireScopes } from '../../../common/auth';
import { Idempotent } from '../../../common/idempotency';
import {
  ContactsService,
  SAVED_CONTACT_EXAMPLE,
  SaveResultDto,
  SaveResultResponseDto,
} from '../../contacts';
import { FlatSearchDto, WorkflowSearchDto } from '../dto/search-request.dto';
import { MAX_LISTED_PER_SAVE, SaveProspectsDto, SaveSearchDto } from './dto/save-prospects.dto';
import {
  MAX_SEARCH_SAVE,
  SaveProspectsBody,
  SaveProspectsBodyPipe,
} from './save-prospects-body.pipe';
import { savePermissions } from './save-prospects.policy';
import { SavedSearchService } from './saved-search.service';

/** The example of the page this API comes from (with a real list id: a malformed one is a 404). */
const SEED_REQUEST = {
  prospects: [
    {
      name: 'John Smith',
      email: 'john@example.com',
      title: 'CEO',
      company_name: 'Acme Legal Corp',
      linkedin_url: 'https://linkedin.com/in/johnsmith',
    },
  ],
  list_id: '5b0c2f8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f',
};

const SEED_RESPONSE = {
  data: {
    created: 1,
    contacts: [
      {
        id: '789e0123-e45b-47c8-a901-234567890abc',
        // The seed page's contact; every field's example, so a new field is in it too.
        ...SAVED_CONTACT_EXAMPLE,
        created_at: '2026-11-26T09:30:00.000Z',
      },
    ],
    skipped: 0,
    duplicates: [],
    list_id: '5b0c2f8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f',
    added_to_list: 1,
  },
};

const LISTED = MAX_LISTED_PER_SAVE.toLocaleString('en-US');

@ApiTags('Prospects')
@ApiExtraModels(SaveProspectsDto, SaveSearchDto, WorkflowSearchDto, FlatSearchDto)
@Controller('v1/prospects')
export class SaveProspectsController {
  constructor(
    private readonly contacts: ContactsService,
    private readonly savedSearches: SavedSearchService,
  ) {}

  @Post('save')
  @Idempotent()
  @RequireScopes('contacts:write')
  @AuthorizeBody(savePermissions)
  @ApiOperation({
    summary: 'Save prospects, or the matches of a search, as contacts',
    description:
      'Saves 1–1,000 prospects (search results can be passed as they are) as contacts, ' +
      'deduplicated by normalised email (else LinkedIn URL) against the workspace and the request, ' +
      'under any concurrency. Duplicates are skipped and listed in `duplicates`. With `list_id` ' +
      '(needs `lists:write` too), every saved prospect, new or duplicate, is added to that list. ' +
      'All or nothing: one transaction.\n\n' +
      `Or saves a search in one call: \`{"search": <any search body>, "limit": 1–${MAX_SEARCH_SAVE.toLocaleString('en-US')}, "list_id"?}\` ` +
      '(instead of `prospects`; both together are a 400; `limit` is required) saves the first ' +
      '`limit` matches in search order, with the same dedupe, list, transaction and response; ' +
      "each match's `index` in `duplicates` is its position in search order, from 0. Needs " +
      `\`prospects:read\` as well. \`created\` and \`skipped\` count every match saved; \`contacts\` lists ` +
      `the first ${LISTED} contacts created and \`duplicates\` the first ${LISTED} duplicates ` +
      `(capped: read the rest with \`GET /v1/contacts\` or, with \`list_id\`, the list's members).`,
  })
  @ApiBody({
    schema: {
      oneOf: [{ $ref: getSchemaPath(SaveProspectsDto) }, { $ref: getSchemaPath(SaveSearchDto) }],
    },
    examples: {
      seed: { summary: 'One prospect into a list', value: SEED_REQUEST },
      search: {
        summary: 'The first 5,000 CEOs of law firms, into a list',
        value: {
          search: { query: { person_titles: ['CEO'], organization_industries: ['Legal'] } },
          limit: 5000,
          list_id: SEED_REQUEST.list_id,
        },
      },
    },
  })
  @ApiCreatedResponse({ type: SaveResultResponseDto, example: SEED_RESPONSE })
  @ApiNotFoundResponse({
    description:
      '`list_id` names no list of this workspace (malformed ids included); nothing is saved.',
  })
  async saveProspects(
    @CurrentPrincipal() principal: Principal,
    @Body(SaveProspectsBodyPipe) body: SaveProspectsBody,
  ): Promise<SaveResultResponseDto> {
    const workspaceId = principal.workspace.id;
    if (body.search === undefined) {
      const outcome = await this.contacts.saveProspects(workspaceId, body.prospects, body.list_id);
      return { data: SaveResultDto.from(outcome) };
    }
    const outcome = await this.savedSearches.save(
      workspaceId,
      body.search,
      body.limit,
      body.list_id,
    );
    return { data: listedAtMost(SaveResultDto.from(outcome), MAX_LISTED_PER_SAVE) };
  }
}

/** The result with its created contacts and duplicates listed up to `max` each; counts unchanged. */
function listedAtMost(result: SaveResultDto, max: number): SaveResultDto {
  return {
    ...result,
    contacts: result.contacts.slice(0, max),
    duplicates: result.duplicates.slice(0, max),
  };
}
