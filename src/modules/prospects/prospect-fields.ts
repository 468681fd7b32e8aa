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
  city: string | null;
  region: string | null;
  country: string | null;
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
  'city',
  'region',
  'country',
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
  city: 'text',
  region: 'text',
  country: 'text',
  linkedin_url: 'text',
};
