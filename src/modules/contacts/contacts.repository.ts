import { Injectable } from '@nestjs/common';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { CursorPosition, EXACT_TOTAL_LIMIT, PageTotal } from '../../common/http';
import { containsPattern } from '../../database/like-pattern';
import { Transactions } from '../../database/transactions';
import { STORED_COLUMNS } from './contact-fields';
import { Contact, ContactSource } from './contact.entity';
import { ContactSort } from './dto/contact-input.dto';
import { PlannedContact } from './save-plan';

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

export interface InsertedContacts {
  ids: string[];
  /** `created_at` and `updated_at` of every inserted row: the transaction's `now()`. */
  at: Date;
}

export interface ExistingContacts {
  byEmail: Map<string, string>;
  byLinkedin: Map<string, string>;
}

/**
 * One set-based statement for the whole request: the rows travel as one array per column (a
 * constant number of parameters, whatever the row count), in the planned order; the columns are
 * the contact fields' (STORED_COLUMNS). `ON CONFLICT DO NOTHING` without a target covers both
 * partial unique indexes (email; LinkedIn for email-less rows) and, under concurrency, waits for a
 * conflicting transaction instead of failing. An email-less row whose LinkedIn URL already belongs
 * to a contact that has an email is a duplicate too (that case has no unique index, so it is
 * filtered here). The ids come back as one comma-separated string in one row: a row object and
 * two parsed dates per contact, or a parsed array, cost more.
 */
const INSERT_NEW_CONTACTS = `
  WITH inserted AS (
  INSERT INTO contacts (id, workspace_id, source, ${STORED_COLUMNS.join(', ')})
  SELECT i.id, $1, $2, ${STORED_COLUMNS.map((column) => `i.${column}`).join(', ')}
  FROM unnest($3::uuid[], ${STORED_COLUMNS.map((_, n) => `$${n + 4}::text[]`).join(', ')})
       WITH ORDINALITY AS i(id, ${STORED_COLUMNS.join(', ')}, ord)
  WHERE i.email_normalized IS NOT NULL OR i.linkedin_url_normalized IS NULL OR NOT EXISTS (
    SELECT 1 FROM contacts c
    WHERE c.workspace_id = $1 AND c.linkedin_url_normalized = i.linkedin_url_normalized)
  ORDER BY i.ord
  ON CONFLICT DO NOTHING
  RETURNING id)
  SELECT coalesce(string_agg(id::text, ','), '') AS ids, now() AS at FROM inserted`;

/**
 * The contacts table: entities by id, listings in any sort order with their totals (TypeORM's
 * query builder: the filters and sorts vary), and the save's set-based statements (raw SQL: the
 * fast path). Runs in the caller's transaction when there is one (see Transactions).
 */
@Injectable()
export class ContactsRepository {
  constructor(private readonly db: Transactions) {}

  private get contacts(): Repository<Contact> {
    return this.db.manager.getRepository(Contact);
  }

  findOwned(workspaceId: string, contactId: string): Promise<Contact | null> {
    return this.contacts.findOneBy({ id: contactId, workspace_id: workspaceId });
  }

  /** Writes the changed columns; throws the unique violations of the email and LinkedIn keys. */
  save(contact: Contact): Promise<Contact> {
    return this.contacts.save(contact);
  }

  /** False: no such contact in this workspace. Its memberships go with it (foreign key cascade). */
  async delete(workspaceId: string, contactId: string): Promise<boolean> {
    const result = await this.contacts.delete({ id: contactId, workspace_id: workspaceId });
    return Boolean(result.affected);
  }

  /**
   * Which of these ids are the workspace's contacts. KEY SHARE: a contact found here cannot be
   * deleted before the transaction ends (a membership written meanwhile stays valid).
   */
  async lockOwnedIds(workspaceId: string, contactIds: string[]): Promise<Set<string>> {
    const found: { id: string }[] = await this.db.manager.query(
      'SELECT id FROM contacts WHERE workspace_id = $1 AND id = ANY($2::uuid[]) FOR KEY SHARE',
      [workspaceId, contactIds],
    );
    return new Set(found.map((row) => row.id));
  }

  /** Inserts what no stored contact already is (see INSERT_NEW_CONTACTS), in the planned order. */
  async insertNew(
    workspaceId: string,
    rows: PlannedContact[],
    source: ContactSource,
  ): Promise<InsertedContacts> {
    const columns = STORED_COLUMNS.map((column) => rows.map((row) => row.contact[column]));
    const [inserted]: { ids: string; at: Date }[] = await this.db.manager.query(
      INSERT_NEW_CONTACTS,
      [workspaceId, source, rows.map((row) => row.id), ...columns],
    );
    return { ids: inserted.ids ? inserted.ids.split(',') : [], at: inserted.at };
  }

  /**
   * The ids of contacts already stored under these keys, in one query. A new statement sees every
   * row committed before it starts, including those a concurrent save committed while our INSERT
   * waited on them. For a LinkedIn URL the email-less contact wins, else the oldest.
   */
  async findByKeys(
    workspaceId: string,
    emails: string[],
    linkedinKeys: string[],
  ): Promise<ExistingContacts> {
    const rows: { id: string; email: string | null; linkedin: string | null }[] =
      await this.db.manager.query(
        `SELECT id, email_normalized AS email, linkedin_url_normalized AS linkedin
           FROM contacts
           WHERE workspace_id = $1
             AND (email_normalized = ANY($2::text[]) OR linkedin_url_normalized = ANY($3::text[]))
           ORDER BY email_normalized IS NULL DESC, created_at, id`,
        [workspaceId, emails, linkedinKeys],
      );
    const found: ExistingContacts = { byEmail: new Map(), byLinkedin: new Map() };
    for (const row of rows) {
      if (row.email) found.byEmail.set(row.email, row.id);
      if (row.linkedin && !found.byLinkedin.has(row.linkedin))
        found.byLinkedin.set(row.linkedin, row.id);
    }
    return found;
  }

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
