/** The stored fields of a prospect, named as the columns, the import files and the API name them. */
export interface ProspectFields {
  name: string;
  first_name: string | null;
  last_name: string | null;
  /** Normalised: trimmed, lower-cased. */
  email: string | null;
  title: string | null;
  seniority: string | null;
  /** Normalised slug, e.g. `human_resources`. */
  department: string | null;
  company_name: string | null;
  /** Normalised host name, e.g. `acme.com`. */
  company_domain: string | null;
  industry: string | null;
  employee_count: number | null;
  /** Annual revenue of the company, in whole US dollars. */
  annual_revenue: number | null;
  /** Where the person is. */
  city: string | null;
  region: string | null;
  country: string | null;
  /** Where the company has its headquarters (may differ from where the person is). */
  company_city: string | null;
  company_region: string | null;
  company_country: string | null;
  /** The canonical profile URL, `https://linkedin.com/in/<slug>` (see common/identity). */
  linkedin_url: string | null;
}

/** Column order used by every batch writer (`unnest` of one array per column). */
export const PROSPECT_COLUMNS = [
  'name',
  'first_name',
  'last_name',
  'email',
  'title',
  'seniority',
  'department',
  'company_name',
  'company_domain',
  'industry',
  'employee_count',
  'annual_revenue',
  'city',
  'region',
  'country',
  'company_city',
  'company_region',
  'company_country',
  'linkedin_url',
] as const satisfies readonly (keyof ProspectFields)[];

export const COLUMN_TYPES: Record<(typeof PROSPECT_COLUMNS)[number], string> = {
  name: 'text',
  first_name: 'text',
  last_name: 'text',
  email: 'text',
  title: 'text',
  seniority: 'text',
  department: 'text',
  company_name: 'text',
  company_domain: 'text',
  industry: 'text',
  employee_count: 'int4',
  annual_revenue: 'int8',
  city: 'text',
  region: 'text',
  country: 'text',
  company_city: 'text',
  company_region: 'text',
  company_country: 'text',
  linkedin_url: 'text',
};
