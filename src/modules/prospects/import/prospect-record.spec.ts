import { checkRecord } from './prospect-record';

describe('checkRecord', () => {
  const valid = { name: 'Ann Lee', email: 'ann@lee.com' };

  it('normalises what it keeps', () => {
    const { fields } = checkRecord({
      first_name: ' Ann ',
      last_name: 'Lee',
      email: ' Ann@Lee.COM ',
      title: 'Founder & CEO',
      department: 'Human Resources',
      company_domain: 'https://www.Lee.com/',
      employee_count: '1,200',
      linkedin_url: 'linkedin.com/in/AnnLee/',
    });
    expect(fields).toMatchObject({
      name: 'Ann Lee',
      email: 'ann@lee.com',
      seniority: 'founder',
      department: 'human_resources',
      company_domain: 'lee.com',
      employee_count: 1200,
      linkedin_url: 'https://linkedin.com/in/annlee',
    });
  });

  it('accepts numbers from JSON and leaves empty values empty', () => {
    expect(checkRecord({ ...valid, employee_count: 12, title: '' }).fields).toMatchObject({
      employee_count: 12,
      title: null,
      seniority: null,
    });
  });

  it.each([
    [{ email: 'ann@lee.com' }, 'no name (give name, or first_name and last_name)'],
    [{ name: 'Ann' }, 'no email or linkedin_url (one is needed to recognise the person)'],
    [{ ...valid, email: 'ann@' }, 'invalid email "ann@"'],
    [
      { ...valid, linkedin_url: 'https://example.com/ann' },
      'invalid linkedin_url "https://example.com/ann"',
    ],
    [{ ...valid, employee_count: 'many' }, 'employee_count is not a whole number: "many"'],
    [{ ...valid, employee_count: -3 }, 'employee_count is not a whole number: "-3"'],
    [
      { ...valid, seniority: 'boss' },
      expect.stringMatching(/^unknown seniority "boss" \(one of owner/),
    ],
    [{ ...valid, company_domain: 'nope' }, 'invalid company_domain "nope"'],
    [{ ...valid, title: { a: 1 } }, 'title must be text'],
    [{ ...valid, title: 'x'.repeat(501) }, 'title is longer than 500 characters'],
  ])('rejects %j', (values, reason) => {
    expect(checkRecord(values as Record<string, unknown>).reason).toEqual(reason);
  });
});
