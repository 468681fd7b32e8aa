import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const MAX_PER_PAGE = 100;

/** Far beyond any real listing; it keeps the row offset a safe integer for the database. */
export const MAX_PAGE = 10_000_000;

/** `page` (1-based) and `per_page` (1–100); out-of-range values are a 400, never clamped. */
export class PaginationQueryDto {
  @ApiPropertyOptional({
    default: 1,
    minimum: 1,
    maximum: MAX_PAGE,
    example: 1,
    description: '1-based page number',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: MAX_PER_PAGE, example: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PER_PAGE)
  per_page: number = 50;
}

export class PageMetaDto {
  /** @example 1 */
  page!: number;
  /** @example 50 */
  per_page!: number;
  /** @example 137 */
  total!: number;
}

export function pageMeta(query: { page: number; per_page: number }, total: number): PageMetaDto {
  return { page: query.page, per_page: query.per_page, total };
}

/** SQL OFFSET for a page. */
export function pageOffset(query: { page: number; per_page: number }): number {
  return (query.page - 1) * query.per_page;
}

/** Base of every paginated response: `{"data": ..., "meta": {page, per_page, total}}`. */
export abstract class PagedResponseDto {
  // Stated explicitly: ts-jest's swagger plugin pass cannot always resolve this import's type.
  @ApiProperty({ type: () => PageMetaDto })
  meta!: PageMetaDto;
}

/** `page` or `cursor`: a cursor page at any depth costs what the first page costs. */
export class CursorPaginationQueryDto extends PaginationQueryDto {
  /**
   * `meta.next_cursor` of the previous page, with the same sort and filters; replaces `page`.
   * @example "WzEsIkNRbjVHMWtkZzB4WCIsIjIwMjYtMTEtMjYgMDk6MzA6MDAuMTIzNDU2KzAwIiwiNzg5ZTAxMjMtZTQ1Yi00N2M4LWE5MDEtMjM0NTY3ODkwYWJjIl0.1c3OEEZZxw"
   */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

export const TOTAL_RELATIONS = ['eq', 'gte'] as const;
export type TotalRelation = (typeof TOTAL_RELATIONS)[number];

/** Exact totals up to this many; beyond it a filtered listing says "at least" (`gte`). */
export const EXACT_TOTAL_LIMIT = 10_000;

/** How cursor listings page and count, for their OpenAPI descriptions. */
export const CURSOR_PAGING =
  'Page with `page`, or with `cursor` (`meta.next_cursor` of the previous page, same sort and ' +
  'filters): a cursor page at any depth costs what the first page costs, and a walk by cursor ' +
  'sees every row that existed when it started exactly once, whatever is added meanwhile.';

export class CursorPageMetaDto {
  /** The page number asked for; null when the page was asked for by `cursor`. @example 1 */
  page!: number | null;
  /** @example 50 */
  per_page!: number;
  /** The number of matches: exact when `total_relation` is `eq`, a lower bound when `gte`. @example 137 */
  total!: number;
  /** `eq`: `total` is exact; `gte`: there are at least `total` (filtered listings past 10,000). */
  @ApiProperty({ enum: TOTAL_RELATIONS, example: 'eq' })
  total_relation!: TotalRelation;
  /**
   * Pass as `cursor` (with the same sort and filters) for the next page; null on the last page.
   * @example "WzEsIkNRbjVHMWtkZzB4WCIsIjIwMjYtMTEtMjYgMDk6MzA6MDAuMTIzNDU2KzAwIiwiNzg5ZTAxMjMtZTQ1Yi00N2M4LWE5MDEtMjM0NTY3ODkwYWJjIl0.1c3OEEZZxw"
   */
  next_cursor!: string | null;
}

/** Base of the listings that page by cursor too. */
export abstract class CursorPagedResponseDto {
  @ApiProperty({ type: () => CursorPageMetaDto })
  meta!: CursorPageMetaDto;
}

/** A counted total: exact, or a lower bound. */
export interface PageTotal {
  total: number;
  relation: TotalRelation;
}

/** Page meta whose total is exact up to EXACT_TOTAL_LIMIT and a lower bound beyond it. */
export class CountedPageMetaDto extends PageMetaDto {
  /** `eq`: `total` is exact; `gte`: there are at least `total` (more than 10,000 matches). */
  @ApiProperty({ enum: TOTAL_RELATIONS, example: 'eq' })
  total_relation!: TotalRelation;
}

/** Base of the page-numbered listings whose totals are bounded. */
export abstract class CountedPagedResponseDto {
  @ApiProperty({ type: () => CountedPageMetaDto })
  meta!: CountedPageMetaDto;
}

export function countedPageMeta(
  query: { page: number; per_page: number },
  total: PageTotal,
): CountedPageMetaDto {
  return { ...pageMeta(query, total.total), total_relation: total.relation };
}

export function cursorPageMeta(
  query: { page: number; per_page: number; cursor?: string },
  total: PageTotal,
  nextCursor: string | null,
): CursorPageMetaDto {
  return {
    page: query.cursor ? null : query.page,
    per_page: query.per_page,
    total: total.total,
    total_relation: total.relation,
    next_cursor: nextCursor,
  };
}
