import { Injectable } from '@nestjs/common';
import { CursorPosition } from '../../common/http';
import { textArrayLiteral } from '../../database/array-literal';
import { containsPattern } from '../../database/like-pattern';
import { Transactions } from '../../database/transactions';

/** A list as the API shows it: its contact count is counted when read, so it is always true. */
export interface ListView {
  id: string;
  name: string;
  description: string | null;
  contactCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A list and its position in the newest-first order (`created_at` as text keeps microseconds). */
export interface ListViewRow {
  list: ListView;
  key: string;
}

export interface ListPageRequest {
  search?: string | null;
  limit: number;
  offset?: number;
  after?: CursorPosition;
}

interface ListRow {
  id: string;
  name: string;
  description: string | null;
  contact_count: number;
  created_at: Date;
  updated_at: Date;
  page_key: string;
}

const LIST_COLUMNS = `l.id, l.name, l.description, l.created_at, l.updated_at,
  l.created_at::text AS page_key,
  (SELECT count(*) FROM list_memberships m WHERE m.list_id = l.id)::int AS contact_count`;

const toView = (row: ListRow): ListView => ({
  id: row.id,
  name: row.name,
  description: row.description,
  contactCount: row.contact_count,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export interface ListFields {
  name?: string;
  description?: string | null;
}

/**
 * The lists table and its memberships (one aggregate), in raw SQL: the member count is a
 * subquery per list, and memberships are written set-based. Runs in the caller's transaction
 * when there is one (see Transactions).
 */
@Injectable()
export class ListsRepository {
  constructor(private readonly db: Transactions) {}

  /** Throws the unique violation `lists_workspace_name_key` for a name already taken. */
  async insert(workspaceId: string, fields: Required<ListFields>): Promise<ListView> {
    const [row]: ListRow[] = await this.db.manager.query(
      `INSERT INTO lists AS l (workspace_id, name, description) VALUES ($1, $2, $3)
       RETURNING ${LIST_COLUMNS}`,
      [workspaceId, fields.name, fields.description],
    );
    return toView(row);
  }

  /**
   * Changes the given fields; `updated_at` moves only when a value does. False: no such list.
   * Throws the unique violation `lists_workspace_name_key` for a name already taken.
   */
  async update(workspaceId: string, listId: string, fields: ListFields): Promise<boolean> {
    const { affected } = await this.db.write(
      `UPDATE lists SET name = n.name, description = n.description,
         updated_at = CASE WHEN (lists.name, lists.description) IS DISTINCT FROM (n.name, n.description)
                      THEN now() ELSE lists.updated_at END
       FROM (SELECT coalesce($3, l.name) AS name,
                    CASE WHEN $4 THEN $5 ELSE l.description END AS description
             FROM lists l WHERE l.id = $1) AS n
       WHERE lists.id = $1 AND lists.workspace_id = $2`,
      [
        listId,
        workspaceId,
        fields.name ?? null,
        fields.description !== undefined,
        fields.description ?? null,
      ],
    );
    return affected > 0;
  }

  async exists(workspaceId: string, listId: string): Promise<boolean> {
    const found: unknown[] = await this.db.manager.query(
      'SELECT 1 FROM lists WHERE id = $1 AND workspace_id = $2',
      [listId, workspaceId],
    );
    return found.length > 0;
  }

  /**
   * FOR UPDATE waits for saves adding to this list, so that the memberships deleted with it are
   * all of them. Returns how many memberships went, or null when there is no such list.
   */
  async deleteWithMemberships(workspaceId: string, listId: string): Promise<number | null> {
    const [list]: unknown[] = await this.db.manager.query(
      'SELECT id FROM lists WHERE id = $1 AND workspace_id = $2 FOR UPDATE',
      [listId, workspaceId],
    );
    if (!list) return null;
    const { affected } = await this.db.write('DELETE FROM list_memberships WHERE list_id = $1', [
      listId,
    ]);
    await this.db.write('DELETE FROM lists WHERE id = $1', [listId]);
    return affected;
  }

  /**
   * KEY SHARE: the list cannot be deleted until the transaction ends, and other saves into the
   * same list are not blocked. False: not this workspace's list.
   */
  async lockForMembership(workspaceId: string, listId: string): Promise<boolean> {
    const found: unknown[] = await this.db.manager.query(
      'SELECT 1 FROM lists WHERE id = $1 AND workspace_id = $2 FOR KEY SHARE',
      [listId, workspaceId],
    );
    return found.length > 0;
  }

  /**
   * One statement; members already there are skipped. The ids must be sorted, so that concurrent
   * adds lock rows in the same order. Returns the ids of the contacts that became members.
   */
  async insertMembers(listId: string, sortedContactIds: string[]): Promise<string[]> {
    const added: { contact_id: string }[] = await this.db.manager.query(
      `INSERT INTO list_memberships (list_id, contact_id)
       SELECT $1, c.id FROM unnest($2::uuid[]) WITH ORDINALITY AS c(id, ord) ORDER BY c.ord
       ON CONFLICT DO NOTHING RETURNING contact_id`,
      [listId, textArrayLiteral(sortedContactIds)],
    );
    return added.map((row) => row.contact_id);
  }

  async countMembers(listId: string): Promise<number> {
    const [{ members }]: { members: number }[] = await this.db.manager.query(
      'SELECT count(*)::int AS members FROM list_memberships WHERE list_id = $1',
      [listId],
    );
    return members;
  }

  /** False: the contact was not a member. */
  async deleteMember(listId: string, contactId: string): Promise<boolean> {
    const { affected } = await this.db.write(
      'DELETE FROM list_memberships WHERE list_id = $1 AND contact_id = $2',
      [listId, contactId],
    );
    return affected > 0;
  }

  /** The lists a contact belongs to, by name. */
  listsOfContact(contactId: string): Promise<{ id: string; name: string }[]> {
    return this.db.manager.query(
      `SELECT l.id, l.name FROM lists l JOIN list_memberships m ON m.list_id = l.id
       WHERE m.contact_id = $1 ORDER BY lower(l.name), l.id`,
      [contactId],
    );
  }

  async findView(workspaceId: string, listId: string): Promise<ListView | undefined> {
    const [row]: ListRow[] = await this.db.manager.query(
      `SELECT ${LIST_COLUMNS} FROM lists l WHERE l.id = $1 AND l.workspace_id = $2`,
      [listId, workspaceId],
    );
    return row && toView(row);
  }

  /** Newest first, ties broken by id; a position continues exactly after its list. */
  async page(workspaceId: string, request: ListPageRequest): Promise<ListViewRow[]> {
    const { where, params } = this.filter(workspaceId, request.search);
    let conditions = where;
    if (request.after) {
      conditions += ` AND (l.created_at, l.id) < ($${params.push(request.after.key)}::timestamptz, $${params.push(request.after.id)}::uuid)`;
    }
    const rows: ListRow[] = await this.db.manager.query(
      `SELECT ${LIST_COLUMNS} FROM lists l WHERE ${conditions}
       ORDER BY l.created_at DESC, l.id DESC
       LIMIT $${params.push(request.limit)} OFFSET $${params.push(request.offset ?? 0)}`,
      params,
    );
    return rows.map((row) => ({ list: toView(row), key: row.page_key }));
  }

  /** Exact: a workspace's lists are few, and their index answers the count. */
  async count(workspaceId: string, search?: string | null): Promise<number> {
    const { where, params } = this.filter(workspaceId, search);
    const [{ total }]: { total: string }[] = await this.db.manager.query(
      `SELECT count(*) AS total FROM lists l WHERE ${where}`,
      params,
    );
    return Number(total);
  }

  private filter(workspaceId: string, search?: string | null) {
    const params: unknown[] = [workspaceId];
    let where = 'l.workspace_id = $1';
    if (search) where += ` AND l.name ILIKE $${params.push(containsPattern(search))}`;
    return { where, params };
  }
}
