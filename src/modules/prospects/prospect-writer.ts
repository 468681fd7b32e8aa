import { Injectable } from '@nestjs/common';
import { Transactions } from '../../database/transactions';
import { COLUMN_TYPES, PROSPECT_COLUMNS, ProspectFields } from './prospect-fields';
import { newProspectId } from './prospect-ids';

/** One array per column, for `INSERT ... SELECT FROM unnest(...)`: a batch in one statement. */
export function columnArrays(rows: readonly ProspectFields[]): unknown[][] {
  return PROSPECT_COLUMNS.map((column) => rows.map((row) => row[column]));
}

const unnestArgs = (first: number): string =>
  PROSPECT_COLUMNS.map((column, i) => `$${first + i}::${COLUMN_TYPES[column]}[]`).join(', ');

// Serialises imports of the same people from concurrent processes (pg_advisory_xact_lock key).
const IMPORT_LOCK = 1_764_160_000;

/**
 * The prospects' write repository: batches of prospects written with set-based statements
 * (never a statement per row), in raw SQL. Runs in the caller's transaction when there is one
 * (see Transactions). Search reads live with the search.
 */
@Injectable()
export class ProspectWriter {
  constructor(private readonly db: Transactions) {}

  /** Until the transaction ends, no other import writes prospects (across processes too). */
  async lockForImport(): Promise<void> {
    await this.db.manager.query('SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
  }

  /**
   * For each row, the stored person it is, or null: same LinkedIn URL, or else same email where
   * one side has no LinkedIn URL (the one with a LinkedIn URL last, then the lowest id).
   */
  async findKnownIds(rows: readonly ProspectFields[]): Promise<(string | null)[]> {
    const found = await this.db.manager.query<{ id: string | null }[]>(
      `SELECT coalesce(
         (SELECT p.id FROM prospects p WHERE p.linkedin_url = i.linkedin_url),
         (SELECT p.id FROM prospects p
          WHERE p.email = i.email AND (i.linkedin_url IS NULL OR p.linkedin_url IS NULL)
          ORDER BY p.linkedin_url IS NOT NULL, p.id LIMIT 1)) AS id
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS i(linkedin_url, email, n)
       ORDER BY i.n`,
      [rows.map((row) => row.linkedin_url), rows.map((row) => row.email)],
    );
    return found.map(({ id }) => id);
  }

  /** Inserts rows with given ids; people already present (same id or LinkedIn URL) are left alone. */
  async insertNew(rows: readonly (ProspectFields & { id: string })[]): Promise<number> {
    const [{ inserted }] = await this.db.manager.query<{ inserted: number }[]>(
      `WITH inserted AS (
         INSERT INTO prospects (id, ${PROSPECT_COLUMNS.join(', ')})
         SELECT * FROM unnest($1::uuid[], ${unnestArgs(2)})
         ON CONFLICT DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS inserted FROM inserted`,
      [rows.map((row) => row.id), ...columnArrays(rows)],
    );
    return inserted;
  }

  /** Inserts people not seen before, with new time-ordered ids. */
  async insert(rows: readonly ProspectFields[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.manager.query(
      `INSERT INTO prospects (id, ${PROSPECT_COLUMNS.join(', ')})
       SELECT * FROM unnest($1::uuid[], ${unnestArgs(2)})`,
      [rows.map(() => newProspectId()), ...columnArrays(rows)],
    );
  }

  /**
   * Updates known people by id. Empty incoming values never erase stored ones, so a file with
   * fewer columns refreshes what it has and leaves the rest.
   */
  async update(rows: readonly (ProspectFields & { id: string })[]): Promise<void> {
    if (rows.length === 0) return;
    const assignments = PROSPECT_COLUMNS.map((c) => `${c} = coalesce(u.${c}, p.${c})`).join(', ');
    await this.db.manager.query(
      `UPDATE prospects p SET ${assignments}, updated_at = now()
       FROM unnest($1::uuid[], ${unnestArgs(2)}) AS u(id, ${PROSPECT_COLUMNS.join(', ')})
       WHERE p.id = u.id`,
      [rows.map((row) => row.id), ...columnArrays(rows)],
    );
  }

  /** Brings the planner's statistics and the GIN indexes' pending entries up to date after a load. */
  async refreshStatistics(): Promise<void> {
    await this.db.manager.query('VACUUM (ANALYZE) prospects');
  }
}
