import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CursorPosition } from '../../common/http';
import { containsPattern } from '../../database/like-pattern';

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

/** Reads of lists as the API shows them (raw SQL: the member count is a subquery per list). */
@Injectable()
export class ListsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findView(workspaceId: string, listId: string): Promise<ListView | undefined> {
    const [row]: ListRow[] = await this.dataSource.query(
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
    const rows: ListRow[] = await this.dataSource.query(
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
    const [{ total }]: { total: string }[] = await this.dataSource.query(
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
