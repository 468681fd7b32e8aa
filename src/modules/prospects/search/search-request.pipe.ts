import { Injectable, PipeTransform } from '@nestjs/common';
import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ApiError } from '../../../common/errors/api-error';
import { validationException } from '../../../common/errors/validation';
import { normalizeDomain } from '../../../common/identity';
import { FlatSearchDto, WorkflowSearchDto } from '../dto/search-request.dto';
import { HEADCOUNT } from '../headcount';
import { NumberRange, RangeScale } from '../ranges';
import { REVENUE } from '../revenue';
import { Seniority } from '../seniority';
import { ProspectSearch, ProspectSearchFilters } from './search-filters';

/** The deepest result a search may reach: page × per_page. Deeper means narrowing the search. */
export const MAX_SEARCH_DEPTH = 10_000;
const DEFAULT_PER_PAGE = 50;

type BodyForms = 'any' | 'flat';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function validated<T extends object>(type: ClassConstructor<T>, body: object): T {
  const dto = plainToInstance(type, body);
  const errors = validateSync(dto, {
    whitelist: true,
    forbidUnknownValues: true,
    stopAtFirstError: true, // one message per field: a number is "not a list", not five problems
  });
  if (errors.length) throw validationException(errors);
  return dto;
}

const ranges = (scale: RangeScale, values: string[] | undefined): NumberRange[] =>
  (values ?? []).map((value) => scale.parse(value) as NumberRange);

const domains = (values: string[] | undefined): string[] =>
  (values ?? []).map((value) => normalizeDomain(value) as string);

function fromWorkflow({ query }: WorkflowSearchDto): ProspectSearchFilters {
  return {
    titles: query.person_titles ?? [],
    industries: query.organization_industries ?? [],
    locations: query.person_locations ?? [],
    companyLocations: query.organization_locations ?? [],
    keywords: query.q_keywords?.trim() ? [query.q_keywords] : [],
    seniorities: (query.person_seniorities ?? []) as Seniority[],
    departments: query.person_departments ?? [],
    headcounts: ranges(HEADCOUNT, query.organization_num_employees_ranges),
    revenues: ranges(REVENUE, query.organization_revenue_ranges),
    domains: domains(query.organization_domains),
    notTitles: query.not_person_titles ?? [],
    notIndustries: query.not_organization_industries ?? [],
    notLocations: query.not_person_locations ?? [],
    notCompanyLocations: query.not_organization_locations ?? [],
  };
}

function fromFlat(body: FlatSearchDto): ProspectSearchFilters {
  return {
    titles: [
      ...(body.titles ?? []),
      ...(body.jobTitles ?? []),
      ...(body.query ? [body.query] : []),
    ],
    industries: body.industry ?? [],
    locations: body.location ?? [],
    companyLocations: body.company_location ?? [],
    keywords: body.keywords ?? [],
    seniorities: (body.seniority ?? []) as Seniority[],
    departments: body.department ?? [],
    headcounts: ranges(HEADCOUNT, body.headcount),
    revenues: ranges(REVENUE, body.revenue),
    domains: domains(body.company_domains),
    notTitles: body.not_titles ?? [],
    notIndustries: body.not_industry ?? [],
    notLocations: body.not_location ?? [],
    notCompanyLocations: body.not_company_location ?? [],
  };
}

function assertWithinDepth({ page, per_page }: { page: number; per_page: number }): void {
  if (page * per_page <= MAX_SEARCH_DEPTH) return;
  const message = `page × per_page may not exceed ${MAX_SEARCH_DEPTH.toLocaleString('en-US')} (here ${page} × ${per_page}); narrow the search to reach further results.`;
  throw ApiError.validation(message, { page: [message] });
}

/**
 * Turns any of the search body forms into one `ProspectSearch`: a `query` object is the workflow
 * form; anything else is the flat form, where a string `query` or `jobTitles` are legacy titles.
 */
@Injectable()
export class SearchRequestPipe implements PipeTransform<unknown, ProspectSearch> {
  constructor(private readonly forms: BodyForms = 'any') {}

  transform(body: unknown): ProspectSearch {
    const plain = body ?? {};
    if (!isPlainObject(plain)) throw ApiError.validation('The request body must be a JSON object.');
    const workflow = this.forms === 'any' && isPlainObject(plain.query);
    const dto = workflow ? validated(WorkflowSearchDto, plain) : validated(FlatSearchDto, plain);
    // An explicit null is "not given", like an absent field.
    const paging = { page: dto.page ?? 1, per_page: dto.per_page ?? DEFAULT_PER_PAGE };
    assertWithinDepth(paging);
    return {
      filters: workflow ? fromWorkflow(dto as WorkflowSearchDto) : fromFlat(dto as FlatSearchDto),
      ...paging,
    };
  }
}
