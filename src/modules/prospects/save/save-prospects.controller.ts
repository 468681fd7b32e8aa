import { Body, Controller, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthorizeBody, CurrentPrincipal, Principal, RequireScopes } from '../../../common/auth';
import { ContactsService, SaveResultDto, SaveResultResponseDto } from '../../contacts';
import { SaveProspectsDto } from './dto/save-prospects.dto';
import { SaveProspectsBody, SaveProspectsBodyPipe } from './save-prospects-body.pipe';
import { listWriteForListId } from './save-prospects.policy';
import { Idempotent } from '../../../common/idempotency';

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
        full_name: 'John Smith',
        first_name: 'John',
        last_name: 'Smith',
        email: 'john@example.com',
        job_title: 'CEO',
        company_name: 'Acme Legal Corp',
        linkedin_url: 'https://linkedin.com/in/johnsmith',
        created_at: '2026-11-26T09:30:00.000Z',
      },
    ],
    skipped: 0,
    duplicates: [],
    list_id: '5b0c2f8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f',
    added_to_list: 1,
  },
};

@ApiTags('Prospects')
@Controller('v1/prospects')
export class SaveProspectsController {
  constructor(private readonly contacts: ContactsService) {}

  @Post('save')
  @Idempotent()
  @RequireScopes('contacts:write')
  @AuthorizeBody(listWriteForListId)
  @ApiOperation({
    summary: 'Save prospects as contacts',
    description:
      'Saves 1–1,000 prospects (search results can be passed as they are) as contacts, ' +
      'deduplicated by normalised email (else LinkedIn URL) against the workspace and the request, ' +
      'under any concurrency. Duplicates are skipped and listed in `duplicates`. With `list_id` ' +
      '(needs `lists:write` too), every saved prospect, new or duplicate, is added to that list. ' +
      'All or nothing: one transaction.',
  })
  @ApiBody({
    type: SaveProspectsDto,
    examples: { seed: { summary: 'One prospect into a list', value: SEED_REQUEST } },
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
    const outcome = await this.contacts.saveProspects(
      principal.workspace.id,
      body.prospects,
      body.list_id,
    );
    return { data: SaveResultDto.from(outcome) };
  }
}
