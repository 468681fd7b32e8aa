import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { COLUMN_TYPES, PROSPECT_COLUMNS, ProspectFields } from './prospect-fields';
import { newProspectId } from './prospect-ids';

/** One array per column, for `INSERT ... SELECT FROM unnest(...)`: a batch in one statement. */
export function columnArrays(rows: readonly ProspectFields[]): unknown[][] {
  return PROSPECT_COLUMNS.map((column) => rows.map((row) => row[column]));
}

const unnestArgs = (first: number): string =>
  PROSPECT_COLUMNS.map((column, i) => `$${first + i}::${COLUMN_TYPES[column]}[]`).join(', ');

/** Writes batches of prospects with set-based statements (never a statement per row). */
@Injectable()
export class ProspectWriter {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts rows with given ids; people already present (same id or LinkedIn URL) are left alone. */
  async insertNew(rows: readonly (ProspectFields & { id: string })[]): Promise<number> {
    const [{ inserted }] = await this.dataSource.query<{ inserted: number }[]>(
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

  /** Inserts people not seen before, in the caller's transaction, with new time-ordered ids. */
  async insert(manager: EntityManager, rows: readonly ProspectFields[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO prospects (id, ${PROSPECT_COLUMNS.join(', ')})
       SELECT * FROM unnest($1::uuid[], ${unnestArgs(2)})`,
      [rows.map(() => newProspectId()), ...columnArrays(rows)],
    );
  }

  /**
   * Updates known people by id. Empty incoming values never erase stored ones, so a file with
   * fewer columns refreshes what it has and leaves the rest.
   */
  async update(
    manager: EntityManager,
    rows: readonly (ProspectFields & { id: string })[],
  ): Promise<void> {
    if (rows.length === 0) return;
    const assignments = PROSPECT_COLUMNS.map((c) => `${c} = coalesce(u.${c}, p.${c})`).join(', ');
    await manager.query(
      `UPDATE prospects p SET ${assignments}, updated_at = now()
       FROM unnest($1::uuid[], ${unnestArgs(2)}) AS u(id, ${PROSPECT_COLUMNS.join(', ')})
       WHERE p.id = u.id`,
      [rows.map((row) => row.id), ...columnArrays(rows)],
    );
  }

  /** Brings the planner's statistics and the GIN indexes' pending entries up to date after a load. */
  async refreshStatistics(): Promise<void> {
    await this.dataSource.query('VACUUM (ANALYZE) prospects');
  }
}
