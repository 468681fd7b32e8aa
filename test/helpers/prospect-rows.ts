import { ProspectFields } from '../../src/modules/prospects/prospect-fields';
import { IndexRow } from '../../src/modules/prospects/search/search-index';

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

/** Prospect number `n` as the in-memory search index reads it: `fields`, every other field empty. */
export function indexRow(n: number, fields: Partial<IndexRow> = {}): IndexRow {
  return {
    id: `018f0000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
    title: null,
    industry: null,
    location: '  ',
    company_location: '  ',
    seniority: null,
    department: null,
    company_domain: null,
    employee_count: null,
    annual_revenue: null,
    ...fields,
  };
}
