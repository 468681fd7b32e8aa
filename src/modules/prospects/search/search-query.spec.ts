import { parseHeadcount } from '../headcount';
import { parseRevenueRange } from '../revenue';
import { NO_FILTERS, ProspectSearchFilters } from './search-filters';
import { searchCondition } from './search-query';

const condition = (filters: Partial<ProspectSearchFilters>, common: string[] = []) =>
  searchCondition({ ...NO_FILTERS, ...filters }, (token) => common.includes(token));

/** The condition with its parameters written in place, to read as SQL. */
const inlined = (filters: Partial<ProspectSearchFilters>, common: string[] = []) => {
  const { sql, params } = condition(filters, common);
  return sql.replace(/\$(\d+)::[\w[\]]+/g, (_, n: string) => JSON.stringify(params[Number(n) - 1]));
};

describe('searchCondition', () => {
  it('matches everything without filters', () => {
    expect(condition({})).toEqual({ sql: 'true', params: [] });
  });

  it('puts every AND-ed word into one GIN containment', () => {
    const { sql, params } = condition({
      titles: ['CEO'],
      industries: ['Legal'],
      seniorities: ['c_suite'],
    });
    expect(sql).toBe('p.search_words @> $1::text[]');
    expect(params).toEqual([['t:ceo', 'i:legal', 's:c_suite']]);
  });

  it('checks a multi-word value as a phrase on the rows the index found', () => {
    expect(inlined({ titles: ['General Counsel'] })).toBe(
      'p.search_words @> ["t:general","t:counsel"] AND ' +
        'lower(p.title) ~ "(^|[^[:alnum:]])general[^[:alnum:]]+counsel([^[:alnum:]]|$)"',
    );
  });

  it('ORs the values of one filter', () => {
    expect(inlined({ titles: ['CEO', 'CFO', 'General Counsel'] })).toBe(
      '(p.search_words && ["t:ceo","t:cfo"] OR (p.search_words @> ["t:general","t:counsel"] AND ' +
        'lower(p.title) ~ "(^|[^[:alnum:]])general[^[:alnum:]]+counsel([^[:alnum:]]|$)"))',
    );
  });

  it('lets rare words drive the index and checks common ones on the candidate rows', () => {
    const sql = inlined({ titles: ['CEO'], locations: ['United States'] }, [
      'l:united',
      'l:states',
    ]);
    expect(sql).toMatch(
      /^p\.search_words @> \["t:ceo"\] AND lower\(\(coalesce\(p\.city.* ~ "\(\^\|\[\^\[:alnum:\]\]\)united/,
    );
    expect(sql).not.toContain('l:united');
  });

  it('checks a common single word as a whole word', () => {
    expect(inlined({ titles: ['CEO'], industries: ['Services'] }, ['i:services'])).toBe(
      'p.search_words @> ["t:ceo"] AND lower(p.industry) ~ "(^|[^[:alnum:]])services([^[:alnum:]]|$)"',
    );
  });

  it('uses common words in the index when nothing rarer can drive it', () => {
    expect(inlined({ locations: ['United States'] }, ['l:united', 'l:states'])).toMatch(
      /^p\.search_words @> \["l:united","l:states"\] AND/,
    );
  });

  it('needs every word of a keyword value, each in any field', () => {
    const { sql, params } = condition({ keywords: ['legal tech'] });
    expect(sql).toBe('p.search_words && $1::text[] AND p.search_words && $2::text[]');
    expect(params[0]).toEqual(['n:legal', 'c:legal', 't:legal', 'i:legal', 'l:legal']);
  });

  it('turns headcounts into bucket words, checking the edges of a range exactly', () => {
    const bucket = condition({ headcounts: [parseHeadcount('51-200')!] });
    expect(bucket).toEqual({ sql: 'p.search_words @> $1::text[]', params: [['h:51-200']] });
    const range = condition({ headcounts: [parseHeadcount('100,300')!] });
    expect(range.sql).toBe(
      'p.search_words && $1::text[] AND (p.employee_count >= $2::int4 AND p.employee_count <= $3::int4)',
    );
    expect(range.params).toEqual([['h:51-200', 'h:201-500'], 100, 300]);
  });

  it('checks a headcount range reaching 0 on the rows: a headcount of 0 has no bucket word', () => {
    expect(inlined({ titles: ['CEO'], headcounts: [parseHeadcount(',50')!] })).toBe(
      'p.search_words @> ["t:ceo"] AND (p.employee_count >= 0 AND p.employee_count <= 50)',
    );
    expect(inlined({ headcounts: [parseHeadcount('0,0')!, parseHeadcount('51-200')!] })).toBe(
      '((p.employee_count >= 0 AND p.employee_count <= 0) OR ' +
        '(p.employee_count >= 51 AND p.employee_count <= 200))',
    );
  });

  it('matches domains, seniorities and departments as whole values', () => {
    const { params } = condition({ domains: ['acme.com'], departments: ['legal'] });
    expect(params).toEqual([['d:legal', 'w:acme.com']]);
  });

  it("matches the company's headquarters on its own words, apart from the person's location", () => {
    const { sql, params } = condition({ locations: ['London'], companyLocations: ['New York'] });
    expect(params).toContainEqual(['l:london', 'o:new', 'o:york']);
    expect(sql).toContain("coalesce(p.company_city, '')");
  });

  it('turns revenues into bucket words, checking the edges of a range exactly', () => {
    const bucket = condition({ revenues: [parseRevenueRange('10M-50M')!] });
    expect(bucket).toEqual({ sql: 'p.search_words @> $1::text[]', params: [['r:10M-50M']] });
    const range = condition({ revenues: [parseRevenueRange('5M,20M')!] });
    expect(range.sql).toBe(
      'p.search_words && $1::text[] AND (p.annual_revenue >= $2::int8 AND p.annual_revenue <= $3::int8)',
    );
    expect(range.params).toEqual([['r:1M-10M', 'r:10M-50M'], 5_000_000, 20_000_000]);
  });

  it('leaves out rows any exclusion value matches, checked on the candidate rows', () => {
    expect(inlined({ titles: ['CEO'], notTitles: ['Co-CEO', 'Founder'] })).toBe(
      'p.search_words @> ["t:ceo"] AND ((p.search_words && ["t:founder"] OR ' +
        '(p.search_words @> ["t:co","t:ceo"] AND ' +
        'lower(p.title) ~ "(^|[^[:alnum:]])co[^[:alnum:]]+ceo([^[:alnum:]]|$)"))) IS NOT TRUE',
    );
    expect(inlined({ notIndustries: ['Legal'], notCompanyLocations: ['India'] })).toBe(
      '(p.search_words && ["i:legal"]) IS NOT TRUE AND (p.search_words && ["o:india"]) IS NOT TRUE',
    );
  });
});
