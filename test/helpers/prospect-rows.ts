import { ProspectFields } from '../../src/modules/prospects/prospect-fields';

/** A prospect's stored fields: `name` and `fields`, every other field empty. */
export function prospectRow(name: string, fields: Partial<ProspectFields> = {}): ProspectFields {
  return {
    name,
    first_name: null,
    last_name: null,
    email: null,
    title: null,
    seniority: null,
    department: null,
    company_name: null,
    company_domain: null,
    industry: null,
    employee_count: null,
    annual_revenue: null,
    city: null,
    region: null,
    country: null,
    company_city: null,
    company_region: null,
    company_country: null,
    linkedin_url: null,
    ...fields,
  };
}
