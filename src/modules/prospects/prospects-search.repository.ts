import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProspectDto } from './dto/prospect.dto';
import { headcountBucket } from './headcount';
import { PROSPECT_COLUMNS, ProspectFields } from './prospect-fields';
import { revenueBucket } from './revenue';
import { IndexRow } from './search/search-index';
import { PLACE_TEXTS, SqlCondition } from './search/search-query';
import { EXACT_TOTAL_LIMIT, PageTotal } from '../../common/http';

type ProspectRow = ProspectFields & { id: string };

/** Revenue is a bigint, which the driver would return as text: every stored one is below 2^53. */
const SHOWN_COLUMNS = ['id', ...PROSPECT_COLUMNS]
  .map((column) =>
    column === 'annual_revenue' ? `p.${column}::float8 AS ${column}` : `p.${column}`,
  )
  .join(', ');

/** The data version: moved in the same transaction as every write to prospects. */
const DATA_VERSION_SQL = 'SELECT version FROM prospect_data_version';

/** The fields of a prospect that `POST /v1/prospects/save` reads, under the names it reads them by. */
const SAVED_FIELDS = [
  'name',
  'first_name',
  'last_name',
  'email',
  'title',
  'company_name',
  'linkedin_url',
] as const satisfies readonly (keyof ProspectFields)[];

/** A prospect as `POST /v1/prospects/save` takes it. */
export type SaveItem = Pick<ProspectFields, (typeof SAVED_FIELDS)[number]> & { id: string };

/** The first ids of a search (packed 16 bytes each, in id order), its total, and the data version. */
export interface MatchListRow {
  version: string;
  total: PageTotal;
  ids: Buffer;
}

/**
 * How a search reads its matches. The planner's guesses at how many rows a set of words matches
 * are off by 100–1,000× (the words of a title go together), and a wrong guess cost seconds, so
 * the shape is ours:
 *
 * - `collect`: up to EXACT_TOTAL_LIMIT + 1 matches, wherever they lie, through the search index
 *   (a bitmap scan: each page visited once, in physical order). Their count is the exact total
 *   when there are at most EXACT_TOTAL_LIMIT, and then their smallest ids are the first results;
 *   else it proves there are more, and the total is a lower bound (`gte`).
 * - `walk`: only past EXACT_TOTAL_LIMIT matches, the first results in id order are found by
 *   walking the primary key and testing each row until enough match. Matches are then at least
 *   1 % of a million rows, so it tests about `depth × rows ÷ matches` rows; and it never walks
 *   past the depth-th smallest id that collect found (the first results are all at or below it).
 *
 * Each statement runs with the planner settings that leave it that one plan, inside a read-only
 * REPEATABLE READ transaction, so that the statements of one search also see one snapshot. A
 * disabled plan type still counts 10^10 in the plan's cost, which would trigger JIT compilation
 * (~350 ms here), so JIT is off too: none of these statements runs long enough to gain from it.
 */
const PLAN_SETTINGS = {
  collect: {
    enable_seqscan: 'off',
    enable_indexscan: 'off',
    enable_bitmapscan: 'on',
    jit: 'off',
    // Room for an exact bitmap of a word on 150,000 rows: a lossy one rechecks every row of its
    // pages (measured at 1,000,000 prospects, "Manager": 179 → 156 ms). Quoted: a SET value.
    work_mem: "'16MB'",
  },
  walk: { enable_seqscan: 'off', enable_indexscan: 'on', enable_bitmapscan: 'off', jit: 'off' },
  lookup: { enable_seqscan: 'on', enable_indexscan: 'on', enable_bitmapscan: 'on', jit: 'off' },
} as const;

export type PlanShape = keyof typeof PLAN_SETTINGS;

/** The `id` column of a subquery's rows packed in id order, 16 bytes each. */
const PACKED_IDS = `decode(coalesce(string_agg(replace(id::text, '-', ''), '' ORDER BY id), ''), 'hex')`;

/** The collect's common part: `columns` of up to EXACT_TOTAL_LIMIT + 1 matches, as `hits`. */
const hits = (columns: string, condition: string): string =>
  `WITH hits AS MATERIALIZED (
      SELECT ${columns} FROM prospects p WHERE ${condition} LIMIT ${EXACT_TOTAL_LIMIT + 1})`;

/**
 * Up to EXACT_TOTAL_LIMIT + 1 matches through the index: the data version, how many were found,
 * the first `$depth` ids in order, and the depth-th smallest id (which bounds a walk).
 */
export function collectSql(condition: string, params: number): string {
  const depth = `$${params + 1}::int`;
  return `${hits('p.id', condition)}
    SELECT (${DATA_VERSION_SQL}) AS version,
      (SELECT count(*) FROM hits)::int AS found,
      (SELECT ${PACKED_IDS} FROM (SELECT id FROM hits ORDER BY id LIMIT ${depth}) first) AS ids,
      (SELECT id FROM hits ORDER BY id OFFSET ${depth} - 1 LIMIT 1) AS bound`;
}

/** The first `$depth` matching ids in id order, walking the primary key up to `$bound`. */
export function walkSql(condition: string, params: number): string {
  return `SELECT ${PACKED_IDS} AS ids FROM (
      SELECT p.id FROM prospects p WHERE (${condition}) AND p.id <= $${params + 2}::uuid
      ORDER BY p.id LIMIT $${params + 1}::int) first`;
}

/** The columns save reads, as a subquery's select list. */
const SAVE_COLUMNS = ['id', ...SAVED_FIELDS].map((column) => `p.${column}`).join(', ');

/**
 * `collect` for saving: the matches' save columns are read in the same visit, so the first
 * `$depth` of them (by id) come back with the count; they are the answer when the count is exact.
 */
export function collectForSavingSql(condition: string, params: number): string {
  return `${hits(SAVE_COLUMNS, condition)}
    SELECT (SELECT count(*) FROM hits)::int AS found,
      (SELECT coalesce(json_agg(first ORDER BY first.id), '[]') FROM (
         SELECT * FROM hits ORDER BY id LIMIT $${params + 1}::int) first) AS items`;
}

/** `walk` for saving: the first `$depth` matches by id with their save columns, up to `$bound`. */
export function walkForSavingSql(condition: string, params: number): string {
  return `SELECT ${SAVE_COLUMNS} FROM prospects p
    WHERE (${condition}) AND p.id <= $${params + 2}::uuid ORDER BY p.id LIMIT $${params + 1}::int`;
}

type Query = <T>(sql: string, params: unknown[], shape: PlanShape) => Promise<T[]>;

/** The rows the in-memory search index holds (search-index.ts), after the id `$1`, in id order. */
const INDEX_ROWS_SQL = `
  SELECT p.id, p.title, p.industry, ${PLACE_TEXTS.location} AS location,
    ${PLACE_TEXTS.companyLocation} AS company_location, p.seniority, p.department,
    p.company_domain, p.employee_count, p.annual_revenue::float8 AS annual_revenue
  FROM prospects p WHERE p.id > $1::uuid ORDER BY p.id LIMIT $2::int`;

const BEFORE_EVERY_ID = '00000000-0000-0000-0000-000000000000';

/** Rows per statement when the index is read: a few megabytes each. */
const INDEX_BATCH_ROWS = 50_000;

/** Distinct texts per statement when they are split into words. */
const WORD_LIST_BATCH = 10_000;

const joined = (...parts: (string | null)[]): string | null =>
  parts.filter(Boolean).join(', ') || null;

export function toProspectDto(row: ProspectRow): ProspectDto {
  return {
    id: row.id,
    name: row.name,
    first_name: row.first_name,
    last_name: row.last_name,
    email: row.email,
    title: row.title,
    seniority: row.seniority,
    department: row.department,
    company_name: row.company_name,
    company_domain: row.company_domain,
    industry: row.industry,
    employee_count: row.employee_count,
    headcount: headcountBucket(row.employee_count),
    annual_revenue: row.annual_revenue,
    revenue_range: revenueBucket(row.annual_revenue),
    location: joined(row.city, row.region, row.country),
    city: row.city,
    region: row.region,
    country: row.country,
    company_location: joined(row.company_city, row.company_region, row.company_country),
    company_city: row.company_city,
    company_region: row.company_region,
    company_country: row.company_country,
    linkedin_url: row.linkedin_url,
  };
}

/**
 * The prospects of a `LEFT JOIN LATERAL (...) shown` result: its first row carries the other
 * columns even when no prospect is shown, with every prospect column null.
 */
function shownProspects(rows: ProspectRow[]): ProspectDto[] {
  return rows.filter((row) => row.id !== null).map(toProspectDto);
}

/** The SQL of prospect search: every query takes a condition over `prospects p` (search-query.ts). */
@Injectable()
export class ProspectsSearchRepository {
  constructor(private readonly dataSource: DataSource) {}

  async isEmpty(): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>('SELECT 1 FROM prospects LIMIT 1');
    return rows.length === 0;
  }

  /** The first `depth` matching ids in order and the total (exact up to EXACT_TOTAL_LIMIT), at one snapshot. */
  matchList(condition: SqlCondition, depth: number): Promise<MatchListRow> {
    return this.snapshot((query) => readMatchList(query, condition, depth));
  }

  /**
   * Results `start` to `end` of the search and its total, all at one snapshot: for when writes keep
   * landing between a match list and its page.
   */
  pageAndTotal(
    condition: SqlCondition,
    depth: number,
    pageIds: (list: MatchListRow) => string[],
  ): Promise<{ prospects: ProspectDto[]; total: PageTotal }> {
    return this.snapshot(async (query) => {
      const list = await readMatchList(query, condition, depth);
      const rows = await query<ProspectRow>(
        `SELECT ${SHOWN_COLUMNS} FROM prospects p WHERE p.id = ANY($1::uuid[]) ORDER BY p.id`,
        [pageIds(list)],
        'lookup',
      );
      return { prospects: rows.map(toProspectDto), total: list.total };
    });
  }

  /** The prospects of these ids (none: the version alone), with the data version they were read at. */
  async byIds(ids: string[]): Promise<{ version: string; prospects: ProspectDto[] }> {
    const rows = await this.dataSource.query<(ProspectRow & { data_version: string })[]>(
      `SELECT v.version AS data_version, shown.*
       FROM prospect_data_version v
       LEFT JOIN LATERAL (
         SELECT ${SHOWN_COLUMNS} FROM prospects p WHERE p.id = ANY($1::uuid[])
       ) shown ON true`,
      [ids],
    );
    return { version: rows[0].data_version, prospects: shownProspects(rows) };
  }

  /**
   * The first `limit` matches in search order (by id), with what saving them needs, at one
   * snapshot: each match is visited once when there are at most EXACT_TOTAL_LIMIT (the collect
   * reads the save columns), else the walk reads them (see PLAN_SETTINGS).
   */
  matchesForSaving({ sql, params }: SqlCondition, limit: number): Promise<SaveItem[]> {
    return this.snapshot(async (query) => {
      const [{ found, items }] = await query<{ found: number; items: SaveItem[] }>(
        collectForSavingSql(sql, params.length),
        [...params, limit],
        'collect',
      );
      if (found <= EXACT_TOTAL_LIMIT) return items;
      // More matches than the collect kept: its `limit`-th smallest id bounds the walk.
      return query<SaveItem>(
        walkForSavingSql(sql, params.length),
        [...params, limit, items[limit - 1].id],
        'walk',
      );
    });
  }

  /** The data version: it moves with every write to prospects. */
  async dataVersion(): Promise<string> {
    const [{ version }] = await this.dataSource.query<{ version: string }[]>(DATA_VERSION_SQL);
    return version;
  }

  /**
   * Every prospect's indexed fields, in id order, in batches to `receive` with the data version of
   * their snapshot, which it returns too. The snapshot stays open only while the rows are read;
   * `receive` may throw to stop (the rest is not read).
   */
  async readIndexRows(receive: (rows: IndexRow[], version: string) => void): Promise<string> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.query(BEGIN_SNAPSHOT);
      const [{ version }] = (await runner.query(DATA_VERSION_SQL)) as {
        version: string;
      }[];
      let after = BEFORE_EVERY_ID;
      for (;;) {
        const rows = (await runner.query(INDEX_ROWS_SQL, [after, INDEX_BATCH_ROWS])) as IndexRow[];
        if (rows.length > 0) receive(rows, version);
        if (rows.length < INDEX_BATCH_ROWS) break;
        after = rows[rows.length - 1].id;
      }
      await runner.query('COMMIT');
      return version;
    } catch (error) {
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Each text's words, as `prospect_words` (migration 1764160000000) makes `search_words`. */
  async wordLists(texts: string[]): Promise<string[][]> {
    const lists: string[][] = [];
    for (let at = 0; at < texts.length; at += WORD_LIST_BATCH) {
      const rows = await this.dataSource.query<{ words: string[] }[]>(
        `SELECT prospect_words(t) AS words FROM unnest($1::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n`,
        [texts.slice(at, at + WORD_LIST_BATCH)],
      );
      lists.push(...rows.map((row) => row.words));
    }
    return lists;
  }

  /**
   * Runs `work` in a read-only REPEATABLE READ transaction, each statement after its plan settings.
   * The transaction begins with the first settings, in the same round trip: a search whose
   * matches one statement finds takes three (begin and settings, the statement, commit).
   */
  private async snapshot<T>(work: (query: Query) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    let begun = false;
    const query: Query = async <R>(sql: string, params: unknown[], shape: PlanShape) => {
      const settings = planSettings(shape);
      await runner.query(begun ? settings : `${BEGIN_SNAPSHOT}; ${settings}`);
      begun = true;
      return runner.query(sql, params) as Promise<R[]>;
    };
    try {
      const result = await work(query);
      if (begun) await runner.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that broke is released broken; the pool drops it.
      if (begun) await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}

const BEGIN_SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/** `SET LOCAL` statements for each shape, sent as one simple query (one round trip). */
const PLAN_SETTINGS_SQL = Object.fromEntries(
  Object.entries(PLAN_SETTINGS).map(([shape, settings]) => [
    shape,
    Object.entries(settings)
      .map(([name, value]) => `SET LOCAL ${name} = ${value}`)
      .join('; '),
  ]),
) as Record<PlanShape, string>;

export function planSettings(shape: PlanShape): string {
  return PLAN_SETTINGS_SQL[shape];
}

async function readMatchList(
  query: Query,
  { sql, params }: SqlCondition,
  depth: number,
): Promise<MatchListRow> {
  const [collected] = await query<{ version: string; found: number; ids: Buffer; bound: string }>(
    collectSql(sql, params.length),
    [...params, depth],
    'collect',
  );
  const { version, found, ids, bound } = collected;
  if (found <= EXACT_TOTAL_LIMIT) return { version, total: { total: found, relation: 'eq' }, ids };
  const [walked] = await query<{ ids: Buffer }>(
    walkSql(sql, params.length),
    [...params, depth, bound],
    'walk',
  );
  return { version, total: { total: EXACT_TOTAL_LIMIT, relation: 'gte' }, ids: walked.ids };
}
