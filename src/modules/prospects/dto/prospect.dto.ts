import { ApiProperty } from '@nestjs/swagger';
import { PagedResponseDto } from '../../../common/http/pagination.dto';
import { HEADCOUNT_BUCKETS } from '../headcount';
import { SENIORITIES } from '../seniority';

/** A person from the prospect database; valid as it is as an item of `POST /v1/prospects/save`. */
export class ProspectDto {
  /** @example "0b0f5d6e-5f43-4f1c-9a55-7c2a86f1f3f0" */
  id!: string;
  /** @example "John Smith" */
  name!: string;
  /** @example "John" */
  first_name!: string | null;
  /** @example "Smith" */
  last_name!: string | null;
  /** Lower-cased. @example "john.smith@hartwellcole.com" */
  email!: string | null;
  /** @example "CEO & Founder" */
  title!: string | null;
  @ApiProperty({ enum: SENIORITIES, nullable: true, example: 'founder' })
  seniority!: string | null;
  /** @example "legal" */
  department!: string | null;
  /** @example "Hartwell & Cole LLP" */
  company_name!: string | null;
  /** @example "hartwellcole.com" */
  company_domain!: string | null;
  /** @example "Legal Services" */
  industry!: string | null;
  /** @example 120 */
  employee_count!: number | null;
  @ApiProperty({
    enum: HEADCOUNT_BUCKETS,
    nullable: true,
    example: '51-200',
    description: 'The bucket of employee_count.',
  })
  headcount!: string | null;
  /** City, region and country, joined. @example "Chicago, Illinois, United States" */
  location!: string | null;
  /** @example "Chicago" */
  city!: string | null;
  /** @example "Illinois" */
  region!: string | null;
  /** @example "United States" */
  country!: string | null;
  /** @example "https://linkedin.com/in/john-smith-1-a3f" */
  linkedin_url!: string | null;
}

export class ProspectListDto {
  @ApiProperty({ type: [ProspectDto] })
  prospects!: ProspectDto[];
}

export class ProspectSearchResponseDto extends PagedResponseDto {
  data!: ProspectListDto;
}
