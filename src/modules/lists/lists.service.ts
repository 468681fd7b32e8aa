import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ApiError } from '../../common/errors';
import { cutPage, pageStart, queryFingerprint } from '../../common/http';
import { isUniqueViolation } from '../../database/postgres-errors';
import { Transactions } from '../../database/transactions';
import { EventsService, listEvent, membersEvent } from '../events';
import { ListFields, ListsRepository, ListView } from './lists.repository';

export type { ListFields, ListView };

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
    private readonly lists: ListsRepository,
    private readonly transactions: Transactions,
    private readonly events: EventsService,
  ) {}

  create(workspaceId: string, fields: Required<ListFields>): Promise<ListView> {
    return uniqueName(fields.name, () =>
      this.transactions.run(async () => {
        const list = await this.lists.insert(workspaceId, fields);
        await this.events.record(workspaceId, [listEvent('list.created', list.id)]);
        return list;
      }),
    );
  }

  /** Newest first, by `page` or by `cursor`; the first row of the next page tells whether there is one. */
  async list(workspaceId: string, query: ListPageQuery): Promise<ListPage> {
    const fingerprint = queryFingerprint({ search: query.search });
    const [rows, total] = await Promise.all([
      this.lists.page(workspaceId, { search: query.search, ...pageStart(query, fingerprint) }),
      this.lists.count(workspaceId, query.search),
    ]);
    const { shown, nextCursor } = cutPage(rows, query, fingerprint, (row) => ({
      key: row.key,
      id: row.list.id,
    }));
    return { lists: shown.map((row) => row.list), total, nextCursor };
  }

  async get(workspaceId: string, listId: string): Promise<ListView> {
    const list = await this.lists.findView(workspaceId, listId);
    if (!list) throw ApiError.notFound('List', listId);
    return list;
  }

  async update(workspaceId: string, listId: string, fields: ListFields): Promise<ListView> {
    const found = await uniqueName(fields.name, () =>
      this.transactions.run(async () => {
        const updated = await this.lists.update(workspaceId, listId, fields);
        if (updated) await this.events.record(workspaceId, [listEvent('list.updated', listId)]);
        return updated;
      }),
    );
    if (!found) throw ApiError.notFound('List', listId);
    return this.get(workspaceId, listId);
  }

  /** Deletes the list and its memberships (the contacts stay); returns how many memberships went. */
  remove(workspaceId: string, listId: string): Promise<number> {
    return this.transactions.run(async () => {
      const removed = await this.lists.deleteWithMemberships(workspaceId, listId);
      if (removed === null) throw ApiError.notFound('List', listId);
      await this.events.record(workspaceId, [listEvent('list.deleted', listId)]);
      return removed;
    });
  }

  async assertExists(workspaceId: string, listId: string): Promise<void> {
    if (!isUUID(listId) || !(await this.lists.exists(workspaceId, listId))) {
      throw ApiError.notFound('List', listId);
    }
  }

  /**
   * Inside the caller's transaction (Transactions.run), before anything is written: the list
   * must be this workspace's, and it cannot be deleted until the transaction ends.
   */
  async lockForMembership(workspaceId: string, listId: string): Promise<void> {
    if (!isUUID(listId) || !(await this.lists.lockForMembership(workspaceId, listId))) {
      throw ApiError.notFound('List', listId);
    }
  }

  /**
   * Adds contacts (already checked to be the list's workspace's) in one statement, in the
   * caller's transaction; members already there are skipped. Sorted, so concurrent adds lock rows
   * in the same order. Records the change; returns how many memberships were created.
   */
  async addMembers(workspaceId: string, listId: string, contactIds: string[]): Promise<number> {
    if (contactIds.length === 0) return 0;
    const added = await this.lists.insertMembers(listId, [...new Set(contactIds)].sort());
    await this.events.record(workspaceId, membersEvent('list.contacts_added', listId, added));
    return added.length;
  }

  /** The list's number of members (in the caller's transaction, when there is one). */
  countMembers(listId: string): Promise<number> {
    return this.lists.countMembers(listId);
  }

  async removeMember(workspaceId: string, listId: string, contactId: string): Promise<void> {
    await this.assertExists(workspaceId, listId);
    await this.transactions.run(async () => {
      if (!(await this.lists.deleteMember(listId, contactId))) {
        throw new ApiError('not_found', `Contact ${contactId} is not a member of list ${listId}.`);
      }
      await this.events.record(
        workspaceId,
        membersEvent('list.contacts_removed', listId, [contactId]),
      );
    });
  }

  /** The lists a contact belongs to, by name. */
  listsOfContact(contactId: string): Promise<{ id: string; name: string }[]> {
    return this.lists.listsOfContact(contactId);
  }
}

/** A list name is unique in its workspace: the database says so, the API says `duplicate_name`. */
async function uniqueName<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, 'lists_workspace_name_key')) {
      throw new ApiError('duplicate_name', `A list named "${name}" already exists.`);
    }
    throw error;
  }
}
