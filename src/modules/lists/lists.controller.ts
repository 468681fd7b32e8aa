import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, RequireScopes } from '../../common/auth';
import { CURSOR_PAGING, cursorPageMeta, ResourceIdPipe } from '../../common/http';
import { CreateListDto, ListListsQueryDto, UpdateListDto } from './dto/list-input.dto';
import {
  DeletedListResponseDto,
  ListDto,
  ListResponseDto,
  ListsPageResponseDto,
} from './dto/list.dto';
import { ListsService } from './lists.service';
import { Idempotent } from '../../common/idempotency';

const listId = new ResourceIdPipe('List');

@ApiTags('Lists')
@Controller('v1/lists')
export class ListsController {
  constructor(private readonly lists: ListsService) {}

  @Post()
  @Idempotent()
  @RequireScopes('lists:write')
  @ApiOperation({
    summary: 'Create a list',
    description: 'Names are unique in the workspace, ignoring case: `409 duplicate_name`.',
  })
  @ApiCreatedResponse({ type: ListResponseDto })
  async createList(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateListDto,
  ): Promise<ListResponseDto> {
    const list = await this.lists.create(principal.workspace.id, {
      name: body.name,
      description: body.description ?? null,
    });
    return { data: ListDto.from(list) };
  }

  @Get()
  @RequireScopes('lists:read')
  @ApiOperation({
    summary: 'List the lists',
    description: `Newest first; \`search\` matches part of the name, ignoring case. ${CURSOR_PAGING} \`meta.total\` is exact.`,
  })
  @ApiOkResponse({ type: ListsPageResponseDto })
  async listLists(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListListsQueryDto,
  ): Promise<ListsPageResponseDto> {
    const page = await this.lists.list(principal.workspace.id, query);
    return {
      data: { lists: page.lists.map((l) => ListDto.from(l)) },
      meta: cursorPageMeta(query, { total: page.total, relation: 'eq' }, page.nextCursor),
    };
  }

  @Get(':id')
  @RequireScopes('lists:read')
  @ApiOperation({ summary: 'Get a list', description: 'With its current `contact_count`.' })
  @ApiOkResponse({ type: ListResponseDto })
  async getList(
    @CurrentPrincipal() principal: Principal,
    @Param('id', listId) id: string,
  ): Promise<ListResponseDto> {
    return { data: ListDto.from(await this.lists.get(principal.workspace.id, id)) };
  }

  @Patch(':id')
  @Idempotent()
  @RequireScopes('lists:write')
  @ApiOperation({
    summary: 'Rename or describe a list',
    description: 'Only the fields sent change. A name taken by another list: `409 duplicate_name`.',
  })
  @ApiOkResponse({ type: ListResponseDto })
  async updateList(
    @CurrentPrincipal() principal: Principal,
    @Param('id', listId) id: string,
    @Body() body: UpdateListDto,
  ): Promise<ListResponseDto> {
    return { data: ListDto.from(await this.lists.update(principal.workspace.id, id, body)) };
  }

  @Delete(':id')
  @Idempotent()
  @RequireScopes('lists:write')
  @ApiOperation({
    summary: 'Delete a list',
    description: 'Its memberships go with it; the contacts stay.',
  })
  @ApiOkResponse({ type: DeletedListResponseDto })
  async deleteList(
    @CurrentPrincipal() principal: Principal,
    @Param('id', listId) id: string,
  ): Promise<DeletedListResponseDto> {
    const removed = await this.lists.remove(principal.workspace.id, id);
    return { data: { deleted: true, id, memberships_removed: removed } };
  }
}
