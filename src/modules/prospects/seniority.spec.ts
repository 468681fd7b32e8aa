import { parseSeniority, SENIORITIES, seniorityFromTitle, toSlug } from './seniority';

describe('seniority', () => {
  it.each([
    ['c_suite', 'c_suite'],
    ['C-Suite', 'c_suite'],
    ['VP', 'vp'],
    ['Vice President', 'vp'],
    ['entry level', 'entry'],
    ['cxo', 'c_suite'],
  ])('reads %j as %j', (value, expected) => {
    expect(parseSeniority(value)).toBe(expected);
  });

  it('knows nothing else', () => {
    expect(parseSeniority('ceo')).toBeUndefined();
    expect(parseSeniority('')).toBeUndefined();
  });

  it.each([
    ['Founder & CEO', 'founder'],
    ['Co-CEO', 'c_suite'],
    ['Chief Financial Officer', 'c_suite'],
    ['Managing Partner', 'partner'],
    ['SVP Finance', 'vp'],
    ['General Counsel', 'head'],
    ['Head of Legal', 'head'],
    ['Sales Director', 'director'],
    ['Office Manager', 'manager'],
    ['Senior Counsel', 'senior'],
    ['Legal Intern', 'intern'],
    ['Paralegal', 'entry'],
  ])('infers %j → %j', (title, expected) => {
    expect(seniorityFromTitle(title)).toBe(expected);
  });

  it('slugs departments', () => {
    expect(toSlug(' Human Resources ')).toBe('human_resources');
    expect(toSlug('R&D')).toBe('r_d');
  });
});

describe('seniority, every level and synonym', () => {
  it('reads each level as itself, and each synonym as its level', () => {
    for (const level of SENIORITIES) {
      expect(parseSeniority(level.toUpperCase().replace('_', ' '))).toBe(level);
    }
    expect(
      ['C-Level', 'CXO', 'Executive', 'Vice-President', 'Junior', 'Entry_Level'].map(
        parseSeniority,
      ),
    ).toEqual(['c_suite', 'c_suite', 'c_suite', 'vp', 'entry', 'entry']);
    expect(parseSeniority('toString')).toBeUndefined();
    expect(parseSeniority('hasOwnProperty')).toBeUndefined();
  });

  it('slugs with one underscore between words and none at the ends', () => {
    expect(toSlug('__Sales &  Marketing!!')).toBe('sales_marketing');
    expect(toSlug('--VP--')).toBe('vp');
    expect(toSlug('Ärzte & Pflege')).toBe('ärzte_pflege');
    expect(toSlug('IT 2')).toBe('it_2');
  });

  it.each([
    ['Owner', 'owner'],
    ['Proprietor & Chef', 'owner'],
    ['Cofounder', 'founder'],
    ['Co-founder and CTO', 'founder'],
    ...['CEO', 'CFO', 'COO', 'CTO', 'CMO', 'CIO', 'CRO', 'CHRO', 'CPO', 'CISO'].map(
      (title) => [`${title}, Acme`, 'c_suite'] as [string, string],
    ),
    ['Chief of Staff', 'c_suite'],
    ['President', 'c_suite'],
    ['VP Engineering', 'vp'],
    ['EVP', 'vp'],
    ['AVP Claims', 'vp'],
    ['Supervisor', 'manager'],
    ['Summer Internship', 'intern'],
    ['Trainee Lawyer', 'intern'],
    ['Lead Intern', 'intern'],
    ['Sr. Associate', 'senior'],
    ['Team Lead', 'senior'],
    ['Principal Engineer', 'senior'],
    ['Staff Accountant', 'senior'],
    ['Senior Manager', 'manager'],
    ['Director of Ownership Programs', 'director'],
    ['Headhunter', 'entry'],
    ['Internal Auditor', 'entry'],
    ['Leader', 'entry'],
    ['Vice-Chair', 'entry'],
    ['Ceosomething', 'entry'],
  ])('infers %j → %j, whole words only', (title, expected) => {
    expect(seniorityFromTitle(title)).toBe(expected);
  });
});

describe('seniorityFromTitle, vice presidents', () => {
  it.each([
    ['Vice President, Sales', 'vp'],
    ['Vice-President Operations', 'vp'],
    ['Senior Vice President', 'vp'],
    ['President', 'c_suite'],
    ['President & Vice Chair', 'c_suite'],
  ])('infers %j → %j: a vice president is not the president', (title, expected) => {
    expect(seniorityFromTitle(title)).toBe(expected);
  });
});
