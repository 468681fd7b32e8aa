import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PER_PAGE = 100;

/** `page` (1-based) and `per_page` (1–100); out-of-range values are a 400, never clamped. */
export class PaginationQueryDto {
  /** @example 1 */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  /** @example 50 */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PER_PAGE)
  per_page: number = 50;
}

export class PageMetaDto {
  page!: number;
  per_page!: number;
  total!: number;
}

export function pageMeta(query: { page: number; per_page: number }, total: number): PageMetaDto {
  return { page: query.page, per_page: query.per_page, total };
}

/** SQL OFFSET for a page. */
export function pageOffset(query: { page: number; per_page: number }): number {
  return (query.page - 1) * query.per_page;
}
