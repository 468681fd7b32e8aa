import { ApiProperty } from '@nestjs/swagger';
import { CursorPagedResponseDto, DateTimeProperty, isoDateTime } from '../../../common/http';
import { ListView } from '../lists.service';

export class ListDto {
  @ApiProperty({ example: '5b0c2f8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f' })
  id!: string;
  @ApiProperty({ example: 'Law Firm CEOs' })
  name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Q1 Campaign' })
  description!: string | null;
  @ApiProperty({ description: 'Members right now, counted when read.', example: 42 })
  contact_count!: number;
  @DateTimeProperty('2026-11-26T09:30:00.000Z')
  created_at!: string;
  @DateTimeProperty('2026-11-27T14:05:00.000Z')
  updated_at!: string;

  static from(list: ListView): ListDto {
    return {
      id: list.id,
      name: list.name,
      description: list.description,
      contact_count: list.contactCount,
      created_at: isoDateTime(list.createdAt),
      updated_at: isoDateTime(list.updatedAt),
    };
  }
}

export class ListResponseDto {
  data!: ListDto;
}

export class ListsPageDto {
  lists!: ListDto[];
}

export class ListsPageResponseDto extends CursorPagedResponseDto {
  data!: ListsPageDto;
}

export class DeletedListDto {
  /** @example true */
  deleted!: true;
  /** @example "5b0c2f8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f" */
  id!: string;
  /** Memberships deleted with the list; the contacts themselves stay. @example 42 */
  memberships_removed!: number;
}

export class DeletedListResponseDto {
  data!: DeletedListDto;
}
