import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, RequireScopes } from '../../common/auth';
import {
  CURSOR_PAGING,
  cursorPageMeta,
  CursorPaginationQueryDto,
  ResourceIdPipe,
} from '../../common/http';
import { ListsService } from '../lists';
import { ContactsService } from './contacts.service';
import { ContactDto, ContactsPageResponseDto } from './dto/contact.dto';
import {
  AddListContactsDto,
  ListContactRemovedResponseDto,
  ListContactsAddedResponseDto,
} from './dto/list-members.dto';
import { Idempotent } from '../../common/idempotency';

const listId = new ResourceIdPipe('List');

/**
 * The members of a list. It lives in the contacts module because reading and adding members
 * are contacts queries; the lists module stays unaware of contacts.
 */
@ApiTags('Lists')
@Controller('v1/lists/:id/contacts')
export class ListMembersController {
  constructor(
    private readonly contacts: ContactsService,
    private readonly lists: ListsService,
  ) {}

  @Get()
  @RequireScopes('lists:read')
  @ApiOperation({
    summary: "List a list's contacts",
    description: `Newest contacts first. ${CURSOR_PAGING} \`meta.total\` is exact.`,
  })
  @ApiOkResponse({ type: ContactsPageResponseDto })
  async listMembers(
    @CurrentPrincipal() principal: Principal,
    @Param('id', listId) id: string,
    @Query() query: CursorPaginationQueryDto,
  ): Promise<ContactsPageResponseDto> {
    const page = await this.contacts.list(principal.workspace.id, {
      ...query,
      list_id: id,
      sort: '-created_at',
    });
    return {
      data: { contacts: page.contacts.map((c) => ContactDto.from(c)) },
      meta: cursorPageMeta(query, page.total, page.nextCursor),
    };
  }

  @Post()
  @Idempotent()
  @HttpCode(200)
  @RequireScopes('lists:write')
  @ApiOperation({
    summary: 'Add contacts to a list',
    description:
      'Contacts already in the list are skipped silently. Any id that is not a contact of this ' +
      'workspace: `404 not_found` naming it, and nothing is added.',
  })
  @ApiOkResponse({ type: ListContactsAddedResponseDto })
  async addMembers(
    @CurrentPrincipal() principal: Principal,
    @Param('id', listId) id: string,
    @Body() body: AddListContactsDto,
  ): Promise<ListContactsAddedResponseDto> {
    const { added, contactCount } = await this.contacts.addToList(
      principal.workspace.id,
      id,
      body.contact_ids,
    );
    return { data: { added, list_id: id, contact_count: contactCount } };
  }

  @Delete(':contact_id')
  @Idempotent()
  @RequireScopes('lists:write')
  @ApiOperation({
    summary: 'Remove a contact from a list',
    description: 'The contact itself stays. Not a member: `404 not_found`.',
  })
  @ApiOkResponse({ type: ListContactRemovedResponseDto })
  async removeMember(
    @CurrentPrincipal() principal: Principal,
    @Param('id', listId) id: string,
    @Param('contact_id', new ResourceIdPipe('Contact')) contactId: string,
  ): Promise<ListContactRemovedResponseDto> {
    await this.lists.removeMember(principal.workspace.id, id, contactId);
    return { data: { removed: true, list_id: id, contact_id: contactId } };
  }
}
