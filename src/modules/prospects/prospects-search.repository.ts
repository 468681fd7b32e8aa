import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProspectDto } from './dto/prospect.dto';
import { headcountBucket } from './headcount';
import { PROSPECT_COLUMNS, ProspectFields } from './prospect-fields';
import { revenueBucket } from './revenue';
import { SqlCondition } from './search/search-query';

type ProspectRow = ProspectFields & { id: string };

/** Revenue is a bigint, which the driver would return as text: every stored one is below 2^53. */
const SHOWN_COLUMNS = ['id', ...PROSPECT_COLUMNS]
  .map((column) =>
    column === 'annual_revenue' ? `p.${column}::float8 AS ${column}` : `p.${column}`,
  )
  .join(', ');

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

/**
 * How the first results are found. `walk`: follow the primary key in id order, testing each row,
 * until enough match; cheap when matches are frequent. `collect`: take every match from the
 * index and sort; cheap when they are rare. `planner`: let PostgreSQL pick.
 */
export type ListShape = 'walk' | 'collect' | 'planner';

/** The first ids of a search (packed 16 bytes each, in id order), its total, and the data version. */
export interface MatchListRow {
  version: string;
  total: number;
  ids: Buffer;
}

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

/**
 * The matching rows' `columns` (`p.id` among them) as a query over `p`, to be ordered by `p.id`
 * and limited.
 */
export function matchesQuery(condition: string, shape: ListShape, columns = 'p.id'): string {
  // OFFSET 0 keeps the planner from pushing the ORDER BY ... LIMIT into the scan (a walk).
  return shape === 'collect'
    ? `SELECT * FROM (SELECT ${columns} FROM prospects p WHERE ${condition} OFFSET 0) p`
    : `SELECT ${columns} FROM prospects p WHERE ${condition}`;
}

/** The SQL of prospect search: every query takes a condition over `prospects p` (search-query.ts). */
@Injectable()
export class ProspectsSearchRepository {
  constructor(private readonly dataSource: DataSource) {}

  async isEmpty(): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>('SELECT 1 FROM prospects LIMIT 1');
    return rows.length === 0;
  }

  /**
   * The first `depth` matching ids and the total, in one statement (so at one data version). When
   * fewer than `depth` match, they are all the matches and no separate count is needed.
   */
  async matchList(
    { sql, params }: SqlCondition,
    depth: number,
    shape: ListShape,
  ): Promise<MatchListRow> {
    const limit = `$${params.length + 1}::int`;
    const [row] = await this.dataSource.query<MatchListRow[]>(
      `WITH first AS MATERIALIZED (${matchesQuery(sql, shape)} ORDER BY p.id LIMIT ${limit})
       SELECT (SELECT version FROM prospect_data_version) AS version,
         CASE WHEN (SELECT count(*) FROM first) < ${limit} THEN (SELECT count(*) FROM first)
           ELSE (SELECT count(*) FROM prospects p WHERE ${sql}) END::int AS total,
         (SELECT decode(coalesce(string_agg(replace(id::text, '-', ''), '' ORDER BY id), ''), 'hex')
          FROM first) AS ids`,
      [...params, depth],
    );
    return row;
  }

  /** One page (`limit` results after `offset`) and the total, in one statement. */
  async pageAndTotal(
    { sql, params }: SqlCondition,
    limit: number,
    offset: number,
  ): Promise<{ prospects: ProspectDto[]; total: number }> {
    const rows = await this.dataSource.query<(ProspectRow & { total: number })[]>(
      `SELECT (SELECT count(*)::int FROM prospects p WHERE ${sql}) AS total, shown.*
       FROM (SELECT 1) one
       LEFT JOIN LATERAL (
         SELECT ${SHOWN_COLUMNS} FROM prospects p WHERE ${sql}
         ORDER BY p.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}
       ) shown ON true
       ORDER BY shown.id`,
      [...params, limit, offset],
    );
    return { prospects: shownProspects(rows), total: rows[0].total };
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

  /** The first `limit` matches in search order (by id), with what saving them needs, in one query. */
  matchesForSaving(
    { sql, params }: SqlCondition,
    limit: number,
    shape: ListShape,
  ): Promise<SaveItem[]> {
    const columns = ['id', ...SAVED_FIELDS].map((column) => `p.${column}`).join(', ');
    return this.dataSource.query<SaveItem[]>(
      `${matchesQuery(sql, shape, columns)} ORDER BY p.id LIMIT $${params.length + 1}`,
      [...params, limit],
    );
  }
}
