import { ApiProperty } from '@nestjs/swagger';
import { PLANS, Plan } from '../../../config/app-config';
import { SCOPES } from '../../../common/auth';
import { RATE_LIMIT_TIERS } from '../api-key.entity';

export class MeWorkspaceDto {
  /** @example "3f1c2b8e-8a6d-4a57-9a43-0f1b7d9c2e11" */
  id!: string;
  /** @example "Acme Sales" */
  name!: string;
  @ApiProperty({ enum: PLANS, example: 'pro' })
  plan!: Plan;
}

export class MeKeyDto {
  /** @example "c2d7e9a4-3b1f-4c6e-8d5a-1f0e9b8c7a65" */
  id!: string;
  /** @example "CRM sync" */
  name!: string;
  /** First 12 characters of the secret, for recognising the key. @example "wbk_3kF9aQ2x" */
  prefix!: string;
  @ApiProperty({
    enum: SCOPES,
    isArray: true,
    example: ['prospects:read', 'contacts:read', 'lists:read'],
  })
  scopes!: string[];
  @ApiProperty({ enum: RATE_LIMIT_TIERS, example: 'standard' })
  rate_limit_tier!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2027-01-01T00:00:00.000Z',
  })
  expires_at!: string | null;
}

export class WindowUsageDto {
  /** @example 200 */
  limit!: number;
  /** Requests counted in this window, this one included. @example 12 */
  used!: number;
  /** @example 188 */
  remaining!: number;
  /** Unix seconds when the window resets. @example 1764151260 */
  reset!: number;
}

export class UsageDto {
  /** Null when no per-minute limit applies (unlimited plan, unmetered key). */
  @ApiProperty({ type: WindowUsageDto, nullable: true })
  minute!: WindowUsageDto | null;
  /** Null when no per-day limit applies. The day resets at 00:00 UTC. */
  @ApiProperty({ type: WindowUsageDto, nullable: true })
  day!: WindowUsageDto | null;
}

export class MeDto {
  workspace!: MeWorkspaceDto;
  key!: MeKeyDto;
  /** The workspace's current rate-limit usage, shared by all its keys. */
  usage!: UsageDto;
}

export class MeResponseDto {
  data!: MeDto;
}
