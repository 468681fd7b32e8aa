import { Injectable } from '@nestjs/common';
import { CursorPosition, EXACT_TOTAL_LIMIT, PageTotal } from '../../common/http';
import { textArrayLiteral } from '../../database/array-literal';
import { containsPattern } from '../../database/like-pattern';
import { Transactions } from '../../database/transactions';
import { COPIED_COLUMNS, STORED_COLUMNS } from './contact-fields';
import { ContactRecord, ContactSource } from './contact-record';
import { ContactPatch } from './contact-reading';
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
  contact: ContactRecord;
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
/** The columns the save sends as arrays: a column that copies another is not sent twice. */
const SENT_COLUMNS = STORED_COLUMNS.filter((column) => !COPIED_COLUMNS.has(column));

const INSERT_NEW_CONTACTS = `
  WITH inserted AS (
  INSERT INTO contacts (id, workspace_id, source, ${STORED_COLUMNS.join(', ')})
  SELECT i.id, $1, $2, ${STORED_COLUMNS.map((column) => `i.${COPIED_COLUMNS.get(column) ?? column}`).join(', ')}
  FROM unnest($3::uuid[], ${SENT_COLUMNS.map((_, n) => `$${n + 4}::text[]`).join(', ')})
       WITH ORDINALITY AS i(id, ${SENT_COLUMNS.join(', ')}, ord)
  WHERE i.email_normalized IS NOT NULL OR i.linkedin_url_normalized IS NULL OR NOT EXISTS (
    SELECT 1 FROM contacts c
    WHERE c.workspace_id = $1 AND c.linkedin_url_normalized = i.linkedin_url_normalized)
  ORDER BY i.ord
  ON CONFLICT DO NOTHING
  RETURNING id)
  SELECT coalesce(string_agg(id::text, ','), '') AS ids, now() AS at FROM inserted`;

/**
 * Each key looked up on its own through its index (LIMIT 1 keeps each lateral look-up a
 * parameterised index scan). Planned without statistics (a new database, a table that has just
 * grown), `email_normalized = ANY($2)` read the whole workspace instead: 18 ms against 0.6 for 100
 * emails among 90,000 contacts; 9 % of the API side's database time in the save benchmark.
 */
const FIND_BY_KEYS = `
  SELECT 'email' AS kind, k.key, found.id
    FROM unnest($2::text[]) AS k(key)
    CROSS JOIN LATERAL (
      SELECT c.id FROM contacts c
      WHERE c.workspace_id = $1 AND c.email_normalized = k.key
      LIMIT 1) AS found
  UNION ALL
  SELECT 'linkedin', k.key, found.id
    FROM unnest($3::text[]) AS k(key)
    CROSS JOIN LATERAL (
      SELECT c.id FROM contacts c
      WHERE c.workspace_id = $1 AND c.linkedin_url_normalized = k.key
      ORDER BY c.email_normalized IS NULL DESC, c.created_at, c.id
      LIMIT 1) AS found`;

/** Every column a response shows, in the shape of a `ContactRecord`. */
const RECORD_COLUMNS = ['id', 'source', 'created_at', 'updated_at', ...STORED_COLUMNS]
  .map((column) => `c.${column}`)
  .join(', ');

/**
 * The conditions of a contacts query and their parameters; `$${params.push(value)}` numbers each
 * parameter as it is added (as the lists repository does).
 */
interface Filter {
  conditions: string[];
  params: unknown[];
}

/**
 * The contacts table, in raw SQL: rows come back as `ContactRecord`s as they are (the columns are
 * named as the API's fields), listings in any sort order with bounded totals, and the save's
 * set-based statements. Runs in the caller's transaction when there is one (see Transactions).
 */
@Injectable()
export class ContactsRepository {
  constructor(private readonly db: Transactions) {}

  async findOwned(workspaceId: string, contactId: string): Promise<ContactRecord | null> {
    const [row]: ContactRecord[] = await this.db.manager.query(
      `SELECT ${RECORD_COLUMNS} FROM contacts c WHERE c.id = $1 AND c.workspace_id = $2`,
      [contactId, workspaceId],
    );
    return row ?? null;
  }

  /**
   * Writes the changed columns (only columns of STORED_COLUMNS) and a new `updated_at`; throws
   * the unique violations of the email and LinkedIn keys. Null: no such contact.
   */
  async update(
    workspaceId: string,
    contactId: string,
    changes: ContactPatch,
  ): Promise<ContactRecord | null> {
    const params: unknown[] = [contactId, workspaceId];
    const assignments = STORED_COLUMNS.filter((column) => changes[column] !== undefined).map(
      (column) => `${column} = $${params.push(changes[column])}`,
    );
    const { rows } = await this.db.write<ContactRecord>(
      `UPDATE contacts c SET ${[...assignments, 'updated_at = now()'].join(', ')}
         WHERE c.id = $1 AND c.workspace_id = $2
         RETURNING ${RECORD_COLUMNS}`,
      params,
    );
    return rows[0] ?? null;
  }

  /** False: no such contact in this workspace. Its memberships go with it (foreign key cascade). */
  async delete(workspaceId: string, contactId: string): Promise<boolean> {
    const { affected } = await this.db.write(
      'DELETE FROM contacts WHERE id = $1 AND workspace_id = $2',
      [contactId, workspaceId],
    );
    return affected > 0;
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
    const columns = SENT_COLUMNS.map((column) =>
      textArrayLiteral(rows.map((row) => row.contact[column])),
    );
    const ids = textArrayLiteral(rows.map((row) => row.id));
    const [inserted]: { ids: string; at: Date }[] = await this.db.manager.query(
      INSERT_NEW_CONTACTS,
      [workspaceId, source, ids, ...columns],
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
    const rows: { kind: 'email' | 'linkedin'; key: string; id: string }[] =
      await this.db.manager.query(FIND_BY_KEYS, [
        workspaceId,
        textArrayLiteral(emails),
        textArrayLiteral(linkedinKeys),
      ]);
    const found: ExistingContacts = { byEmail: new Map(), byLinkedin: new Map() };
    for (const row of rows) {
      (row.kind === 'email' ? found.byEmail : found.byLinkedin).set(row.key, row.id);
    }
    return found;
  }

  /** Rows in sort order, ties broken by id; a position continues exactly after its row. */
  async page(workspaceId: string, request: ContactPageRequest): Promise<ContactRow[]> {
    const field = request.sort.replace('-', '');
    const descending = request.sort.startsWith('-');
    const key = SORT_KEYS[field];
    const { conditions, params } = this.filtered(workspaceId, request);
    if (request.after) {
      // A row comparison matches the index order (key, id): the page starts with an index seek.
      conditions.push(
        `(${key}, c.id) ${descending ? '<' : '>'} ` +
          `(CAST($${params.push(request.after.key)} AS ${KEY_TYPES[field]}), ` +
          `CAST($${params.push(request.after.id)} AS uuid))`,
      );
    }
    const direction = descending ? 'DESC' : 'ASC';
    // Written as numbers (validated integers), so the planner costs the plan for this very limit.
    const offset = request.offset ? ` OFFSET ${Math.trunc(request.offset)}` : '';
    const rows: (ContactRecord & { page_key: string })[] = await this.db.manager.query(
      `SELECT ${RECORD_COLUMNS}, ${key}::text AS page_key FROM contacts c
         WHERE ${conditions.join(' AND ')}
         ORDER BY ${key} ${direction}, c.id ${direction}
         LIMIT ${Math.trunc(request.limit)}${offset}`,
      params,
    );
    // The row is the record as it is (its extra page_key goes unseen: views copy named fields);
    // a rest-spread to drop it cost ~10 µs a row in V8.
    return rows.map((row) => ({ contact: row, key: row.page_key }));
  }

  /** The workspace's number of contacts, kept with the data by triggers: a read of a few rows. */
  async countAll(workspaceId: string): Promise<number> {
    const [{ contacts }]: { contacts: string }[] = await this.db.manager.query(
      'SELECT coalesce(sum(contacts), 0) AS contacts FROM workspace_contact_counts WHERE workspace_id = $1',
      [workspaceId],
    );
    return Number(contacts);
  }

  /** Exact up to EXACT_TOTAL_LIMIT, then a lower bound: a count never visits more rows than that. */
  async countFiltered(workspaceId: string, filters: ContactFilters): Promise<PageTotal> {
    const { conditions, params } = this.filtered(workspaceId, filters);
    const [{ total }]: { total: string }[] = await this.db.manager.query(
      `SELECT count(*) AS total FROM (
         SELECT 1 FROM contacts c WHERE ${conditions.join(' AND ')}
         LIMIT ${EXACT_TOTAL_LIMIT + 1}) AS matches`,
      params,
    );
    const counted = Number(total);
    return counted > EXACT_TOTAL_LIMIT
      ? { total: EXACT_TOTAL_LIMIT, relation: 'gte' }
      : { total: counted, relation: 'eq' };
  }

  private filtered(workspaceId: string, filters: ContactFilters): Filter {
    const params: unknown[] = [workspaceId];
    const conditions = ['c.workspace_id = $1'];
    if (filters.search) conditions.push(searchCondition(filters.search, params));
    if (filters.list_id) {
      // The membership table is read here by name: the list filter is part of a contacts query.
      conditions.push(
        `EXISTS (SELECT 1 FROM list_memberships m
                  WHERE m.list_id = $${params.push(filters.list_id)} AND m.contact_id = c.id)`,
      );
    }
    if (filters.created_after) {
      conditions.push(`c.created_at > $${params.push(filters.created_after)}`);
    }
    return { conditions, params };
  }
}

/** What separates the name from the email in `search_text` (migration ContactsSearchText). */
const SEARCH_TEXT_SEPARATOR = '\x1f';

/**
 * The name or the email contains `search`, case-insensitively: exactly `full_name ILIKE p OR
 * email_normalized ILIKE p` (ILIKE lower-cases both sides), read from the one indexed column that
 * holds both lower-cased. A match cannot cross the separator unless the search holds one; such a
 * search tests the two columns apart.
 */
function searchCondition(search: string, params: unknown[]): string {
  const pattern = `$${params.push(containsPattern(search))}`;
  return search.includes(SEARCH_TEXT_SEPARATOR)
    ? `(c.full_name ILIKE ${pattern} OR c.email_normalized ILIKE ${pattern})`
    : `c.search_text LIKE lower(${pattern})`;
}
