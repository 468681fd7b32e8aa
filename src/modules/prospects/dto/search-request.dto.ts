import { ApiPropertyOptional, OpenAPIObject } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { MAX_PER_PAGE } from '../../../common/http/pagination.dto';
import { normalizeDomain } from '../../../common/identity';
import { HEADCOUNT } from '../headcount';
import { RangeScale } from '../ranges';
import { REVENUE } from '../revenue';
import { parseSeniority, SENIORITIES, toSlug } from '../seniority';

type SchemaObject = Exclude<
  NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string],
  { $ref: string }
>;

/** At most this many values in one filter. */
export const MAX_FILTER_VALUES = 100;

const STRINGS = 'must be a string or an array of strings';

/** A filter given as one string or as a list of strings; both mean the same. */
const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? [value] : value;

/** Values of a word filter: 1–200 characters with a letter or digit (said in words: `\p{L}` is not portable). */
const WORD: FilterValues = {
  item: { type: 'string', minLength: 1, maxLength: 200 },
  rule: 'Each value has at most 200 characters, at least one of them a letter or digit.',
};

interface FilterValues {
  item: SchemaObject;
  rule?: string;
  maxItems?: number;
}

/**
 * A filter documented as the server reads it: one string or a list of strings (values are
 * OR'ed), each value as `item` says.
 */
const stringOrList = (
  description: string,
  example: string[],
  { item, rule, maxItems = MAX_FILTER_VALUES }: FilterValues = WORD,
) =>
  ApiPropertyOptional({
    description: [description, "One string or a list (values are OR'ed).", rule]
      .filter(Boolean)
      .join(' '),
    example,
    // A scalar `type` here (not the plugin's `string[]`, which would wrap `oneOf` in an array);
    // Nest drops `type` beside a declared `oneOf`.
    type: String,
    isArray: false,
    oneOf: [item, { type: 'array', items: item, maxItems }],
  });

const SENIORITY_VALUES: FilterValues = {
  item: { type: 'string', enum: [...SENIORITIES] },
  rule: 'Any case; `-` or spaces for `_` ("C-Suite").',
  maxItems: SENIORITIES.length,
};
/** A scale's values: twice its buckets, so that every bucket and as many ranges fit. */
const rangeValues = (scale: RangeScale): FilterValues => ({
  item: { type: 'string' },
  rule: `Ranges: ${scale.forms}.`,
  maxItems: scale.buckets.length * 2,
});
const HEADCOUNT_VALUES = rangeValues(HEADCOUNT);
const REVENUE_VALUES = rangeValues(REVENUE);
const DOMAIN_VALUES: FilterValues = {
  item: { type: 'string' },
  rule: 'Host names such as acme.com.',
};

/** A list of 1–200 character strings, each with at least one letter or digit (after `normalize`). */
function WordList(normalize?: (value: string) => string): PropertyDecorator {
  const transform = ({ value }: { value: unknown }): unknown => {
    const list = toList({ value });
    return normalize && Array.isArray(list)
      ? list.map((item: unknown) => (typeof item === 'string' ? normalize(item) : item))
      : list;
  };
  return (target, key) => {
    Transform(transform)(target, key);
    IsOptional()(target, key);
    IsArray({ message: STRINGS })(target, key);
    ArrayMaxSize(MAX_FILTER_VALUES)(target, key);
    IsString({ each: true, message: STRINGS })(target, key);
    MaxLength(200, { each: true })(target, key);
    HasLetterOrDigit({ each: true, message: '$property values must contain a letter or digit' })(
      target,
      key,
    );
  };
}

/**
 * A custom rule rather than `@Matches`: the swagger plugin would publish `Matches`' pattern, and
 * `\p{L}` is not portable JSON Schema (the documents say the rule in words instead).
 */
function HasLetterOrDigit(options: ValidationOptions): PropertyDecorator {
  const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
  return ValidateBy(
    {
      name: 'hasLetterOrDigit',
      validator: { validate: (value) => typeof value === 'string' && LETTER_OR_DIGIT.test(value) },
    },
    options,
  );
}

/** The values of a list that fail `valid`, quoted, for an error message. */
const offending = (list: unknown, valid: (value: unknown) => boolean): string =>
  (Array.isArray(list) ? list : [list])
    .filter((value) => !valid(value))
    .map((value) => JSON.stringify(value))
    .join(', ');

const isDomain = (value: unknown): boolean =>
  typeof value === 'string' && normalizeDomain(value) !== null;

/** Each value a bucket or a "min,max" range of `scale`; the message names the bad ones. */
function IsInScale(scale: RangeScale, what: string): PropertyDecorator {
  const valid = (value: unknown): boolean =>
    typeof value === 'string' && scale.parse(value) !== undefined;
  return ValidateBy(
    {
      name: 'isInScale',
      validator: {
        validate: valid,
        defaultMessage: (args) =>
          `has invalid ${what} ${offending(args?.value, valid)}; use ${scale.forms}`,
      },
    },
    { each: true },
  );
}

function IsDomainName(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDomainName',
      validator: {
        validate: isDomain,
        defaultMessage: (args) =>
          `has invalid domain ${offending(args?.value, isDomain)}; use host names such as acme.com`,
      },
    },
    options,
  );
}

/** Seniorities in any case, with `-` or spaces for `_` ("C-Suite" → c_suite); unknown values stay as given, to fail. */
const toSeniorities = ({ value }: { value: unknown }): unknown => {
  const list = toList({ value });
  return Array.isArray(list)
    ? list.map((item: unknown) =>
        typeof item === 'string' ? (parseSeniority(item) ?? item) : item,
      )
    : list;
};

function SeniorityList(): PropertyDecorator {
  return (target, key) => {
    Transform(toSeniorities)(target, key);
    IsOptional()(target, key);
    IsArray({ message: STRINGS })(target, key);
    ArrayMaxSize(SENIORITIES.length)(target, key);
    IsIn(SENIORITIES, {
      each: true,
      message: ({ value }) =>
        `has unknown seniority ${offending(value, (v) => (SENIORITIES as readonly unknown[]).includes(v))}; use one of: ${SENIORITIES.join(', ')}`,
    })(target, key);
  };
}

function RangeList(scale: RangeScale, what: string): PropertyDecorator {
  return (target, key) => {
    Transform(toList)(target, key);
    IsOptional()(target, key);
    IsArray({ message: STRINGS })(target, key);
    ArrayMaxSize(scale.buckets.length * 2)(target, key);
    IsInScale(scale, what)(target, key);
  };
}

function DomainList(): PropertyDecorator {
  return (target, key) => {
    Transform(toList)(target, key);
    IsOptional()(target, key);
    IsArray({ message: STRINGS })(target, key);
    ArrayMaxSize(MAX_FILTER_VALUES)(target, key);
    IsDomainName({ each: true })(target, key);
  };
}

const DEPARTMENTS =
  'Departments, e.g. "legal", "human_resources", "engineering", "executive" (case and spacing ignored: "Human Resources" is human_resources).';

/** An exclusion's description: it leaves out what its filter would find. */
const notMatching = (filter: string): string =>
  `Exclusion: leaves out every prospect that \`${filter}\` with any of these values would find (same whole-word matching).`;

/** `page` and `per_page` as JSON numbers (a string is a wrong type, not converted). */
export class SearchPageDto {
  /** 1-based. `page × per_page` may not exceed 10,000. @example 1 */
  @IsOptional()
  @IsInt()
  @Min(1)
  page?: number = 1;

  /** @example 50 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PER_PAGE)
  per_page?: number = 50;
}

/** The workflow form's `query` object (Apollo-style names). */
export class WorkflowQueryDto {
  @stringOrList('Job titles, matched on whole words.', ['CEO', 'General Counsel'])
  @WordList()
  person_titles?: string[];

  @stringOrList('Industries, matched on whole words ("Legal" finds "Legal Services").', ['Legal'])
  @WordList()
  organization_industries?: string[];

  @stringOrList('Places where the person is (city, region or country), matched on whole words.', [
    'United States',
  ])
  @WordList()
  person_locations?: string[];

  @stringOrList(
    "Places where the company has its headquarters (city, region or country), matched on whole words; may differ from the person's location.",
    ['New York'],
  )
  @WordList()
  organization_locations?: string[];

  @stringOrList('Seniorities.', ['c_suite', 'founder'], SENIORITY_VALUES)
  @SeniorityList()
  person_seniorities?: string[];

  @stringOrList(DEPARTMENTS, ['legal', 'human_resources'])
  @WordList(toSlug)
  person_departments?: string[];

  @stringOrList('Company headcounts.', ['51-200', '1000,'], HEADCOUNT_VALUES)
  @RangeList(HEADCOUNT, 'headcount')
  organization_num_employees_ranges?: string[];

  @stringOrList('Company annual revenues, in US dollars.', ['10M-50M', '5M,20M'], REVENUE_VALUES)
  @RangeList(REVENUE, 'revenue range')
  organization_revenue_ranges?: string[];

  @stringOrList('Company domains.', ['acme.com'], DOMAIN_VALUES)
  @DomainList()
  organization_domains?: string[];

  /** Free words; every word must appear in the name, title, company, industry or location. @example "legal tech" */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  q_keywords?: string;

  @stringOrList(notMatching('person_titles'), ['Intern', 'Assistant'])
  @WordList()
  not_person_titles?: string[];

  @stringOrList(notMatching('organization_industries'), ['Staffing and Recruiting'])
  @WordList()
  not_organization_industries?: string[];

  @stringOrList(notMatching('person_locations'), ['California'])
  @WordList()
  not_person_locations?: string[];

  @stringOrList(notMatching('organization_locations'), ['India'])
  @WordList()
  not_organization_locations?: string[];
}

/** Workflow form: `{"query": {...}, "page", "per_page"}`. */
export class WorkflowSearchDto extends SearchPageDto {
  @IsObject()
  @ValidateNested()
  @Type(() => WorkflowQueryDto)
  query!: WorkflowQueryDto;
}

/** Flat form, plus the legacy `query` (a title) and `jobTitles`. */
export class FlatSearchDto extends SearchPageDto {
  @stringOrList('Job titles, matched on whole words.', ['CEO'])
  @WordList()
  titles?: string[];

  @stringOrList('Industries, matched on whole words.', ['Legal'])
  @WordList()
  industry?: string[];

  @stringOrList('Places where the person is (city, region or country), matched on whole words.', [
    'London',
  ])
  @WordList()
  location?: string[];

  @stringOrList(
    "Places where the company has its headquarters (city, region or country), matched on whole words; may differ from the person's location.",
    ['London'],
  )
  @WordList()
  company_location?: string[];

  @stringOrList('Seniorities.', ['c_suite'], SENIORITY_VALUES)
  @SeniorityList()
  seniority?: string[];

  @stringOrList(DEPARTMENTS, ['legal'])
  @WordList(toSlug)
  department?: string[];

  @stringOrList('Company headcounts.', ['51-200'], HEADCOUNT_VALUES)
  @RangeList(HEADCOUNT, 'headcount')
  headcount?: string[];

  @stringOrList('Company annual revenues, in US dollars.', ['10M-50M'], REVENUE_VALUES)
  @RangeList(REVENUE, 'revenue range')
  revenue?: string[];

  @stringOrList('Company domains.', ['acme.com'], DOMAIN_VALUES)
  @DomainList()
  company_domains?: string[];

  @stringOrList('Free words; all words of one value must appear.', ['legal tech'])
  @WordList()
  keywords?: string[];

  /** Legacy form: a job title to search for (at most 200 characters, one a letter or digit). @example "CEO" */
  @IsOptional()
  @IsString({ message: 'query must be a string (a job title) or an object (the workflow form)' })
  @MaxLength(200)
  @HasLetterOrDigit({ message: 'query must contain a letter or digit' })
  query?: string;

  @stringOrList('Legacy form: job titles.', ['CEO'])
  @WordList()
  jobTitles?: string[];

  @stringOrList(notMatching('titles'), ['Intern'])
  @WordList()
  not_titles?: string[];

  @stringOrList(notMatching('industry'), ['Staffing and Recruiting'])
  @WordList()
  not_industry?: string[];

  @stringOrList(notMatching('location'), ['California'])
  @WordList()
  not_location?: string[];

  @stringOrList(notMatching('company_location'), ['India'])
  @WordList()
  not_company_location?: string[];
}
