import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { ApiError } from '../../common/errors';
import { cutPage, pageStart, queryFingerprint } from '../../common/http';
import { isUniqueViolation } from '../../database/postgres-errors';
import { ListMembership } from './list-membership.entity';
import { ContactList } from './list.entity';
import { ListsRepository, ListView } from './lists.repository';

export type { ListView };

export interface ListFields {
  name?: string;
  description?: string | null;
}

export interface ListPageQuery {
  page: number;
  per_page: number;
  cursor?: string;
  search?: string | null;
}

export interface ListPage {
  lists: ListView[];
  total: number;
  nextCursor: string | null;
}

@Injectable()
export class ListsService {
  constructor(
    @InjectRepository(ContactList) private readonly lists: Repository<ContactList>,
    private readonly dataSource: DataSource,
    private readonly listsRepository: ListsRepository,
  ) {}

  async create(workspaceId: string, fields: Required<ListFields>): Promise<ListView> {
    const list = await this.saveUnique(
      this.lists.create({ workspaceId, name: fields.name, description: fields.description }),
    );
    return { ...list, contactCount: 0 };
  }

  /** Newest first, by `page` or by `cursor`; the first row of the next page tells whether there is one. */
  async list(workspaceId: string, query: ListPageQuery): Promise<ListPage> {
    const fingerprint = queryFingerprint({ search: query.search });
    const [rows, total] = await Promise.all([
      this.listsRepository.page(workspaceId, {
        search: query.search,
        ...pageStart(query, fingerprint),
      }),
      this.listsRepository.count(workspaceId, query.search),
    ]);
    const { shown, nextCursor } = cutPage(rows, query, fingerprint, (row) => ({
      key: row.key,
      id: row.list.id,
    }));
    return { lists: shown.map((row) => row.list), total, nextCursor };
  }

  async get(workspaceId: string, listId: string): Promise<ListView> {
    const list = await this.listsRepository.findView(workspaceId, listId);
    if (!list) throw ApiError.notFound('List', listId);
    return list;
  }

  async update(workspaceId: string, listId: string, fields: ListFields): Promise<ListView> {
    const list = await this.lists.findOneBy({ id: listId, workspaceId });
    if (!list) throw ApiError.notFound('List', listId);
    if (fields.name !== undefined) list.name = fields.name;
    if (fields.description !== undefined) list.description = fields.description;
    await this.saveUnique(list);
    return this.get(workspaceId, listId);
  }

  /** Deletes the list and its memberships (the contacts stay); returns how many memberships went. */
  remove(workspaceId: string, listId: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // FOR UPDATE waits for saves adding to this list, so the count below is exact.
      const [list]: unknown[] = await manager.query(
        'SELECT id FROM lists WHERE id = $1 AND workspace_id = $2 FOR UPDATE',
        [listId, workspaceId],
      );
      if (!list) throw ApiError.notFound('List', listId);
      const removed = await manager.delete(ListMembership, { listId });
      await manager.delete(ContactList, { id: listId });
      return removed.affected ?? 0;
    });
  }

  async assertExists(workspaceId: string, listId: string): Promise<void> {
    if (!isUUID(listId) || !(await this.lists.existsBy({ id: listId, workspaceId }))) {
      throw ApiError.notFound('List', listId);
    }
  }

  /**
   * Inside the caller's transaction, before anything is written: the list must be this
   * workspace's. The KEY SHARE lock keeps it from being deleted until the transaction ends,
   * without blocking other saves into the same list.
   */
  async lockForMembership(
    manager: EntityManager,
    workspaceId: string,
    listId: string,
  ): Promise<void> {
    const found: unknown[] = isUUID(listId)
      ? await manager.query(
          'SELECT 1 FROM lists WHERE id = $1 AND workspace_id = $2 FOR KEY SHARE',
          [listId, workspaceId],
        )
      : [];
    if (found.length === 0) throw ApiError.notFound('List', listId);
  }

  /**
   * Adds contacts (already checked to be the list's workspace's) in one statement; members
   * already there are skipped. Sorted, so concurrent adds lock rows in the same order.
   * Returns how many memberships were created.
   */
  async addMembers(manager: EntityManager, listId: string, contactIds: string[]): Promise<number> {
    if (contactIds.length === 0) return 0;
    const sorted = [...new Set(contactIds)].sort();
    const added: unknown[] = await manager.query(
      `INSERT INTO list_memberships (list_id, contact_id)
       SELECT $1, c.id FROM unnest($2::uuid[]) WITH ORDINALITY AS c(id, ord) ORDER BY c.ord
       ON CONFLICT DO NOTHING RETURNING contact_id`,
      [listId, sorted],
    );
    return added.length;
  }

  /** The list's number of members (in the caller's transaction, when one is given). */
  countMembers(listId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.count(ListMembership, { where: { listId } });
  }

  async removeMember(workspaceId: string, listId: string, contactId: string): Promise<void> {
    await this.assertExists(workspaceId, listId);
    const removed = await this.dataSource.manager.delete(ListMembership, { listId, contactId });
    if (!removed.affected) {
      throw new ApiError('not_found', `Contact ${contactId} is not a member of list ${listId}.`);
    }
  }

  /** The lists a contact belongs to, by name. */
  listsOfContact(contactId: string): Promise<{ id: string; name: string }[]> {
    return this.dataSource.query(
      `SELECT l.id, l.name FROM lists l JOIN list_memberships m ON m.list_id = l.id
       WHERE m.contact_id = $1 ORDER BY lower(l.name), l.id`,
      [contactId],
    );
  }

  private async saveUnique(list: ContactList): Promise<ContactList> {
    try {
      return await this.lists.save(list);
    } catch (error) {
      if (isUniqueViolation(error, 'lists_workspace_name_key')) {
        throw new ApiError('duplicate_name', `A list named "${list.name}" already exists.`);
      }
      throw error;
    }
  }
}
