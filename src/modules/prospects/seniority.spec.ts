import { parseSeniority, seniorityFromTitle, toSlug } from './seniority';

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
