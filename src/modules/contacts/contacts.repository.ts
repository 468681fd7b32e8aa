import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { CursorPosition, EXACT_TOTAL_LIMIT, PageTotal } from '../../common/http';
import { containsPattern } from '../../database/like-pattern';
import { Contact } from './contact.entity';
import { ContactSort } from './dto/contact-input.dto';

/** What narrows a contact listing (all optional; none: the whole workspace). */
export interface ContactFilters {
  search?: string | null;
  list_id?: string;
  created_after?: string;
}

/** One page: by offset (`page`) or after a position (`cursor`), `limit` rows at most. */
export interface ContactPageRequest extends ContactFilters {
  sort: ContactSort;
  limit: number;
  offset?: number;
  after?: CursorPosition;
}

export interface ContactRow {
  contact: Contact;
  /** The row's sort key as PostgreSQL renders it: a cursor position that loses no precision. */
  key: string;
}

/** Sort keys; each has an index on (workspace_id, key, id), so a page by position is a seek. */
const SORT_KEYS: Record<string, string> = {
  created_at: 'c.created_at',
  updated_at: 'c.updated_at',
  full_name: 'lower(c.full_name)',
};

/** Cast back from the text a cursor carries, so the comparison uses the index's type. */
const KEY_TYPES: Record<string, string> = {
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
  full_name: 'text',
};

/** Reads of the contacts table for listings: pages in any sort order, and their totals. */
@Injectable()
export class ContactsRepository {
  constructor(@InjectRepository(Contact) private readonly contacts: Repository<Contact>) {}

  /** Rows in sort order, ties broken by id; a position continues exactly after its row. */
  async page(workspaceId: string, request: ContactPageRequest): Promise<ContactRow[]> {
    const field = request.sort.replace('-', '');
    const descending = request.sort.startsWith('-');
    const key = SORT_KEYS[field];
    const builder = this.filtered(workspaceId, request)
      .addSelect(`${key}::text`, 'page_key')
      .orderBy(key, descending ? 'DESC' : 'ASC')
      .addOrderBy('c.id', descending ? 'DESC' : 'ASC')
      .limit(request.limit);
    if (request.after) {
      // A row comparison matches the index order (key, id): the page starts with an index seek.
      builder.andWhere(
        `(${key}, c.id) ${descending ? '<' : '>'} (CAST(:afterKey AS ${KEY_TYPES[field]}), CAST(:afterId AS uuid))`,
        { afterKey: request.after.key, afterId: request.after.id },
      );
    }
    if (request.offset) builder.offset(request.offset);
    const { entities, raw } = await builder.getRawAndEntities<{ page_key: string }>();
    return entities.map((contact, i) => ({ contact, key: raw[i].page_key }));
  }

  /** The workspace's number of contacts, kept with the data by triggers: a read of a few rows. */
  async countAll(workspaceId: string): Promise<number> {
    const [{ contacts }]: { contacts: string }[] = await this.contacts.query(
      'SELECT coalesce(sum(contacts), 0) AS contacts FROM workspace_contact_counts WHERE workspace_id = $1',
      [workspaceId],
    );
    return Number(contacts);
  }

  /** Exact up to EXACT_TOTAL_LIMIT, then a lower bound: a count never visits more rows than that. */
  async countFiltered(workspaceId: string, filters: ContactFilters): Promise<PageTotal> {
    const [matches, parameters] = this.filtered(workspaceId, filters)
      .select('1')
      .limit(EXACT_TOTAL_LIMIT + 1)
      .getQueryAndParameters();
    const [{ total }]: { total: string }[] = await this.contacts.query(
      `SELECT count(*) AS total FROM (${matches}) AS matches`,
      parameters,
    );
    const counted = Number(total);
    return counted > EXACT_TOTAL_LIMIT
      ? { total: EXACT_TOTAL_LIMIT, relation: 'gte' }
      : { total: counted, relation: 'eq' };
  }

  private filtered(workspaceId: string, filters: ContactFilters): SelectQueryBuilder<Contact> {
    const query = this.contacts
      .createQueryBuilder('c')
      .where('c.workspace_id = :workspaceId', { workspaceId });
    if (filters.search) {
      query.andWhere('(c.full_name ILIKE :pattern OR c.email_normalized ILIKE :pattern)', {
        pattern: containsPattern(filters.search),
      });
    }
    if (filters.list_id) {
      // The membership table is read here by name: the list filter is part of a contacts query.
      query.andWhere(
        'EXISTS (SELECT 1 FROM list_memberships m WHERE m.list_id = :listId AND m.contact_id = c.id)',
        { listId: filters.list_id },
      );
    }
    if (filters.created_after) {
      query.andWhere('c.created_at > :createdAfter', { createdAfter: filters.created_after });
    }
    return query;
  }
}
