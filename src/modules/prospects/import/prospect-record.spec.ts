import { checkRecord } from './prospect-record';

describe('checkRecord', () => {
  const valid = { name: 'Ann Lee', email: 'ann@lee.com' };

  it('normalises what it keeps', () => {
    const { fields, warnings } = checkRecord({
      first_name: ' Ann ',
      last_name: 'Lee',
      email: ' Ann@Lee.COM ',
      title: 'Founder & CEO',
      department: 'Human Resources',
      company_domain: 'https://www.Lee.com/',
      employee_count: '1,200',
      annual_revenue: '$12,500,000',
      company_city: ' Chicago ',
      company_region: 'Illinois',
      company_country: 'United States',
      linkedin_url: 'linkedin.com/in/AnnLee/',
    });
    expect(fields).toMatchObject({
      name: 'Ann Lee',
      email: 'ann@lee.com',
      seniority: 'founder',
      department: 'human_resources',
      company_domain: 'lee.com',
      employee_count: 1200,
      annual_revenue: 12_500_000,
      company_city: 'Chicago',
      company_region: 'Illinois',
      company_country: 'United States',
      linkedin_url: 'https://linkedin.com/in/annlee',
    });
    expect(warnings).toEqual([]);
  });

  it('stores every real-world form of a LinkedIn URL as its canonical URL', () => {
    const stored = (url: string) =>
      checkRecord({ name: 'A', linkedin_url: url }).fields?.linkedin_url;
    expect(stored('https://de.linkedin.com/in/Anna-Müller-3b2a1c')).toBe(
      'https://linkedin.com/in/anna-m%C3%BCller-3b2a1c',
    );
    expect(stored('https://www.linkedin.com/in/john.smith-4a5b6c7d/')).toBe(
      'https://linkedin.com/in/john.smith-4a5b6c7d',
    );
    expect(stored('http://uk.linkedin.com/pub/old-profile-jones/12/345/678')).toBe(
      'https://linkedin.com/in/old-profile-jones-67834512',
    );
  });

  it('accepts numbers from JSON and leaves empty values empty', () => {
    expect(
      checkRecord({ ...valid, employee_count: 12, annual_revenue: 3_000_000, title: '' }).fields,
    ).toMatchObject({
      employee_count: 12,
      annual_revenue: 3_000_000,
      title: null,
      seniority: null,
    });
  });

  it.each([
    [{ email: 'ann@lee.com' }, 'no name (give name, or first_name and last_name)'],
    [{ name: { first: 'Ann' }, email: 'ann@lee.com' }, 'name must be text'],
    [{ name: 'Ann' }, 'no email or linkedin_url (one is needed to recognise the person)'],
    [{ ...valid, email: 'ann@' }, 'invalid email "ann@"'],
    [
      { name: 'Ann', linkedin_url: 'https://example.com/ann' },
      'invalid linkedin_url "https://example.com/ann"',
    ],
    [
      { name: 'Ann', email: 'ann@', linkedin_url: 'linkedin.com/company/x' },
      'invalid email "ann@"; invalid linkedin_url "linkedin.com/company/x"',
    ],
  ])('rejects %j: no name, or no identity it can read', (values, reason) => {
    expect(checkRecord(values as Record<string, unknown>)).toEqual({ reason });
  });

  it.each([
    [
      { linkedin_url: 'https://example.com/ann' },
      'linkedin_url',
      'invalid linkedin_url "https://example.com/ann"',
    ],
    [{ employee_count: 'many' }, 'employee_count', 'employee_count is not a whole number: "many"'],
    [{ employee_count: -3 }, 'employee_count', 'employee_count is not a whole number: "-3"'],
    [
      { annual_revenue: 'about 5M' },
      'annual_revenue',
      'annual_revenue is not an amount of dollars (such as 1200000, $1,200,000 or 1.2M): "about 5M"',
    ],
    [
      { annual_revenue: '-1000' },
      'annual_revenue',
      expect.stringMatching(/^annual_revenue is not an amount of dollars .*: "-1000"$/),
    ],
    [
      { seniority: 'boss' },
      'seniority',
      expect.stringMatching(/^unknown seniority "boss" \(one of owner/),
    ],
    [{ company_domain: 'nope' }, 'company_domain', 'invalid company_domain "nope"'],
    [{ department: '&&' }, 'department', 'invalid department "&&"'],
    [{ title: { a: 1 } }, 'title', 'title must be text'],
    [{ title: 'x'.repeat(301) }, 'title', 'title is longer than 300 characters'],
    [
      { company_name: 'x'.repeat(301) },
      'company_name',
      'company_name is longer than 300 characters',
    ],
    [{ city: 'x'.repeat(501) }, 'city', 'city is longer than 500 characters'],
    [{ city: 'Os\u0000lo' }, 'city', 'city contains a NUL character'],
    [{ first_name: ['Ann'] }, 'first_name', 'first_name must be text'],
  ])('keeps a row with %j, that field empty, and warns', (extra, field, reason) => {
    const check = checkRecord({ ...valid, ...extra });
    expect(check.warnings).toEqual([{ field, reason }]);
    expect(check.fields).toMatchObject({ name: 'Ann Lee', email: 'ann@lee.com', [field]: null });
  });

  it('takes names, titles and companies only as long as a saved contact holds them', () => {
    const longest = checkRecord({ ...valid, name: 'n'.repeat(200), title: 't'.repeat(300) });
    expect(longest.warnings).toEqual([]);
    expect(checkRecord({ ...valid, name: 'n'.repeat(201) })).toEqual({
      reason: 'name is longer than 200 characters',
    });
    const joined = {
      email: 'ann@lee.com',
      first_name: 'f'.repeat(150),
      last_name: 'l'.repeat(150),
    };
    expect(checkRecord(joined)).toEqual({
      reason: 'name (first_name and last_name together) is longer than 200 characters',
    });
  });

  it('keeps a row whose email it cannot read when its LinkedIn URL identifies the person', () => {
    const check = checkRecord({ name: 'Ann', email: 'ann@', linkedin_url: 'linkedin.com/in/ann' });
    expect(check.fields).toMatchObject({
      email: null,
      linkedin_url: 'https://linkedin.com/in/ann',
    });
    expect(check.warnings).toEqual([{ field: 'email', reason: 'invalid email "ann@"' }]);
  });

  it('infers the seniority from the title when the one given is unknown', () => {
    const check = checkRecord({ ...valid, title: 'Chief Executive Officer', seniority: 'boss' });
    expect(check.fields?.seniority).toBe('c_suite');
    expect(check.warnings?.map((warning) => warning.field)).toEqual(['seniority']);
  });
});
