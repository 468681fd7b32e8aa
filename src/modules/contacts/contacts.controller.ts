import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Principal, RequireScopes } from '../../common/auth';
import {
  CURSOR_PAGING,
  cursorPageMeta,
  EXACT_TOTAL_LIMIT,
  ResourceIdPipe,
} from '../../common/http';
import { BulkContactsBody, BulkContactsBodyPipe, ContactBodyPipe } from './contact-body.pipes';
import { ContactsService } from './contacts.service';
import {
  BulkContactsDto,
  CreateContactDto,
  ListContactsQueryDto,
  UpdateContactDto,
} from './dto/contact-input.dto';
import {
  ContactDto,
  ContactResponseDto,
  ContactsPageResponseDto,
  ContactWithListsResponseDto,
  DeletedContactResponseDto,
} from './dto/contact.dto';
import { SaveResultDto, SaveResultResponseDto } from './dto/save-result.dto';
import { Idempotent } from '../../common/idempotency';

const contactId = new ResourceIdPipe('Contact');

@ApiTags('Contacts')
@Controller('v1/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @RequireScopes('contacts:read')
  @ApiOperation({
    summary: 'List contacts',
    description:
      'Newest first unless `sort` says otherwise. `search` matches part of the name or email; ' +
      '`list_id` keeps the members of one list; `created_after` is exclusive. ' +
      `${CURSOR_PAGING} \`meta.total\` is exact for the whole workspace and for a list's members; ` +
      `with \`search\` or \`created_after\` it is exact up to ${EXACT_TOTAL_LIMIT.toLocaleString('en-US')}, ` +
      `beyond that it is ${EXACT_TOTAL_LIMIT.toLocaleString('en-US')} with \`total_relation: "gte"\` (at least).`,
  })
  @ApiOkResponse({ type: ContactsPageResponseDto })
  @ApiNotFoundResponse({
    description: '`list_id` names no list of this workspace (malformed ids included).',
  })
  async listContacts(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListContactsQueryDto,
  ): Promise<ContactsPageResponseDto> {
    const page = await this.contacts.list(principal.workspace.id, query);
    return {
      data: { contacts: page.contacts.map((c) => ContactDto.from(c)) },
      meta: cursorPageMeta(query, page.total, page.nextCursor),
    };
  }

  @Get(':id')
  @RequireScopes('contacts:read')
  @ApiOperation({ summary: 'Get a contact', description: 'With the lists it belongs to.' })
  @ApiOkResponse({ type: ContactWithListsResponseDto })
  async getContact(
    @CurrentPrincipal() principal: Principal,
    @Param('id', contactId) id: string,
  ): Promise<ContactWithListsResponseDto> {
    const { contact, lists } = await this.contacts.get(principal.workspace.id, id);
    return { data: { ...ContactDto.from(contact), lists } };
  }

  @Post()
  @Idempotent()
  @RequireScopes('contacts:write')
  @ApiOperation({
    summary: 'Create a contact',
    description:
      'Needs `full_name`, `first_name`/`last_name` or `email` (a name is derived from the email). ' +
      'A contact with the same email (or, without email, LinkedIn URL) already there: ' +
      '`409 duplicate_contact` with `details.existing_contact_id`.',
  })
  @ApiBody({ type: CreateContactDto })
  @ApiCreatedResponse({ type: ContactResponseDto })
  async createContact(
    @CurrentPrincipal() principal: Principal,
    @Body(ContactBodyPipe) body: Record<string, unknown>,
  ): Promise<ContactResponseDto> {
    return { data: ContactDto.from(await this.contacts.create(principal.workspace.id, body)) };
  }

  @Post('bulk')
  @Idempotent()
  @RequireScopes('contacts:write')
  @ApiOperation({
    summary: 'Create up to 1,000 contacts',
    description:
      'Deduplicated and atomic like `POST /v1/prospects/save`, with the same response; ' +
      'duplicates are skipped, not errors.',
  })
  @ApiBody({ type: BulkContactsDto })
  @ApiCreatedResponse({ type: SaveResultResponseDto })
  async bulkCreateContacts(
    @CurrentPrincipal() principal: Principal,
    @Body(BulkContactsBodyPipe) body: BulkContactsBody,
  ): Promise<SaveResultResponseDto> {
    const outcome = await this.contacts.saveBulk(principal.workspace.id, body.contacts);
    return { data: SaveResultDto.from(outcome) };
  }

  @Patch(':id')
  @Idempotent()
  @RequireScopes('contacts:write')
  @ApiOperation({
    summary: 'Update a contact',
    description:
      'Only the fields sent change; `null` clears one. An email another contact has: ' +
      '`409 duplicate_contact`.',
  })
  @ApiBody({ type: UpdateContactDto })
  @ApiOkResponse({ type: ContactResponseDto })
  async updateContact(
    @CurrentPrincipal() principal: Principal,
    @Param('id', contactId) id: string,
    @Body(ContactBodyPipe) body: Record<string, unknown>,
  ): Promise<ContactResponseDto> {
    return { data: ContactDto.from(await this.contacts.update(principal.workspace.id, id, body)) };
  }

  @Delete(':id')
  @Idempotent()
  @RequireScopes('contacts:write')
  @ApiOperation({ summary: 'Delete a contact', description: 'Its list memberships go with it.' })
  @ApiOkResponse({ type: DeletedContactResponseDto })
  async deleteContact(
    @CurrentPrincipal() principal: Principal,
    @Param('id', contactId) id: string,
  ): Promise<DeletedContactResponseDto> {
    await this.contacts.remove(principal.workspace.id, id);
    return { data: { deleted: true, id } };
  }
}
