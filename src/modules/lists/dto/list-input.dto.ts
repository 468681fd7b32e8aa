import { Transform } from 'class-transformer';
import { IsString, Length, ValidateIf } from 'class-validator';
import { CursorPaginationQueryDto, NoNulBytes, OptionalText } from '../../../common/http';

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

export class CreateListDto {
  /** 1–200 characters, trimmed; unique in the workspace, ignoring case. @example "Law Firm CEOs" */
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @NoNulBytes()
  name!: string;

  /** Up to 2,000 characters. @example "Q1 Campaign" */
  @OptionalText(2000)
  description?: string | null;
}

export class UpdateListDto {
  /** 1–200 characters, trimmed; unique in the workspace, ignoring case. @example "Law Firm CEOs" */
  @ValidateIf((_, value) => value !== undefined)
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @NoNulBytes()
  name?: string;

  /** Up to 2,000 characters; null clears it. @example "Q2 Campaign" */
  @OptionalText(2000)
  description?: string | null;
}

export class ListListsQueryDto extends CursorPaginationQueryDto {
  /** Part of the list name, any case. */
  @OptionalText(200)
  search?: string | null;
}
