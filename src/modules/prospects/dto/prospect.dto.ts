import { ApiProperty } from '@nestjs/swagger';
import { CountedPagedResponseDto } from '../../../common/http/pagination.dto';
import { HEADCOUNT_BUCKETS } from '../headcount';
import { REVENUE_BUCKETS } from '../revenue';
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
  @ApiProperty({
    type: 'integer',
    format: 'int64',
    nullable: true,
    example: 24_000_000,
    description: "The company's annual revenue, in US dollars.",
  })
  annual_revenue!: number | null;
  @ApiProperty({
    enum: REVENUE_BUCKETS,
    nullable: true,
    example: '10M-50M',
    description:
      'The bucket of annual_revenue (from its lower figure up to, not including, its upper one).',
  })
  revenue_range!: string | null;
  /** Where the person is: city, region and country, joined. @example "Chicago, Illinois, United States" */
  location!: string | null;
  /** @example "Chicago" */
  city!: string | null;
  /** @example "Illinois" */
  region!: string | null;
  /** @example "United States" */
  country!: string | null;
  /**
   * Where the company has its headquarters (which may not be where the person is): city, region
   * and country, joined. @example "New York, New York, United States"
   */
  company_location!: string | null;
  /** @example "New York" */
  company_city!: string | null;
  /** @example "New York" */
  company_region!: string | null;
  /** @example "United States" */
  company_country!: string | null;
  /** @example "https://linkedin.com/in/john-smith-1-a3f" */
  linkedin_url!: string | null;
}

export class ProspectListDto {
  @ApiProperty({ type: [ProspectDto] })
  prospects!: ProspectDto[];
}

export class ProspectSearchResponseDto extends CountedPagedResponseDto {
  data!: ProspectListDto;
}
