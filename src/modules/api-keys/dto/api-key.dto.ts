import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsIn,
  isISO8601,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { SCOPES_AND_BUNDLES } from '../../../common/auth';
import { NoNulBytes, PagedResponseDto } from '../../../common/http';
import { RATE_LIMIT_TIERS, RateLimitTier } from '../api-key.entity';

/**
 * A strict ISO 8601 date-time (a real calendar day, with a time) as a Date; anything else is left
 * as it is, for @IsDate to refuse. `new Date` alone would roll 2030-02-30 over to 2 March.
 */
export function toDateTime(value: unknown): unknown {
  return typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T/.test(value) &&
    isISO8601(value, { strict: true })
    ? new Date(value)
    : value;
}

export class CreateApiKeyDto {
  /** Unique among the workspace's active keys. @example "CRM sync" */
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @NoNulBytes()
  name!: string;

  @ApiProperty({
    description: 'Scopes or bundles (`read`, `write`, `admin`); none beyond the calling key’s own.',
    example: ['read', 'contacts:write'],
    enum: SCOPES_AND_BUNDLES,
    isArray: true,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  scopes!: string[];

  /** @example "Nightly export to the data warehouse" */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @NoNulBytes()
  description?: string;

  @ApiPropertyOptional({
    enum: RATE_LIMIT_TIERS,
    default: 'standard',
    example: 'standard',
    description: '`unmetered` keys skip rate limits; only an unmetered key may create one.',
  })
  @IsOptional()
  @IsIn(RATE_LIMIT_TIERS)
  rate_limit_tier?: RateLimitTier;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2027-01-01T00:00:00Z',
    description:
      'When the key stops working; absent or null: never. Required, and no later than its own, ' +
      'when the calling key expires: a key cannot create a key that outlives it.',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => toDateTime(value))
  @IsDate({ message: 'expires_at must be an ISO 8601 date-time, e.g. 2027-01-01T00:00:00Z' })
  expires_at?: Date;
}

export class ApiKeyDto {
  /** @example "c2d7e9a4-3b1f-4c6e-8d5a-1f0e9b8c7a65" */
  id!: string;
  /** @example "CRM sync" */
  name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Nightly export to the data warehouse' })
  description!: string | null;
  /** First 12 characters of the secret. @example "wbk_3kF9aQ2x" */
  prefix!: string;
  @ApiProperty({ example: ['prospects:read', 'contacts:read', 'lists:read'] })
  scopes!: string[];
  @ApiProperty({ enum: RATE_LIMIT_TIERS, example: 'standard' })
  rate_limit_tier!: RateLimitTier;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2027-01-01T00:00:00.000Z',
  })
  expires_at!: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null, // an active key
  })
  revoked_at!: string | null;
  /** Updated within seconds of use, not on every request. */
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2026-12-15T16:42:10.000Z',
  })
  last_used_at!: string | null;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-11-26T09:30:00.000Z' })
  created_at!: string;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'wbk_3kF9aQ2xV7pLm4Tn8RcWq1ZyHs6DjBf0GkXe5Ua9Mv2',
    description:
      'The secret, shown in this response only: store it now. Null in an idempotent replay.',
  })
  key!: string | null;
}

export class CreatedApiKeyResponseDto {
  data!: CreatedApiKeyDto;
}

export class ApiKeyListDto {
  api_keys!: ApiKeyDto[];
}

export class ApiKeyListResponseDto extends PagedResponseDto {
  data!: ApiKeyListDto;
}
