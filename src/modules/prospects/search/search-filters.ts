import { EmployeeRange } from '../headcount';
import { NumberRange } from '../ranges';
import { Seniority } from '../seniority';

/**
 * One search, whichever body form it came in. Values inside a filter are OR'ed, filters are
 * AND'ed; an empty list means "no condition".
 */
export interface ProspectSearchFilters {
  /** Whole words, case-insensitive; a multi-word value must appear as that phrase. */
  titles: string[];
  industries: string[];
  /** Where the person is. */
  locations: string[];
  /** Where the company has its headquarters. */
  companyLocations: string[];
  /** Every word of a value must appear somewhere in name, title, company, industry or location. */
  keywords: string[];
  seniorities: Seniority[];
  /** Department slugs, e.g. `human_resources`. */
  departments: string[];
  headcounts: EmployeeRange[];
  /** Annual revenue ranges, in US dollars. */
  revenues: NumberRange[];
  /** Normalised company domains, e.g. `acme.com`. */
  domains: string[];
  /** Exclusions, whole words like their filters: a prospect matching any value is left out. */
  notTitles: string[];
  notIndustries: string[];
  notLocations: string[];
  notCompanyLocations: string[];
}

export interface ProspectSearch {
  filters: ProspectSearchFilters;
  page: number;
  per_page: number;
}

export const NO_FILTERS: ProspectSearchFilters = {
  titles: [],
  industries: [],
  locations: [],
  companyLocations: [],
  keywords: [],
  seniorities: [],
  departments: [],
  headcounts: [],
  revenues: [],
  domains: [],
  notTitles: [],
  notIndustries: [],
  notLocations: [],
  notCompanyLocations: [],
};
