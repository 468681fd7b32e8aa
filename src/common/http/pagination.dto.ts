import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

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
