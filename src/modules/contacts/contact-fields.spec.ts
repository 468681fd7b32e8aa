import {
  CONTACT_FIELD_RULES,
  PROSPECT_FIELD_NAMES,
  readContactItem,
  readText,
} from './contact-fields';

describe('contact fields', () => {
  it('reads text: absent stays absent, null and blank mean none, values are trimmed', () => {
    const rule = CONTACT_FIELD_RULES.job_title;
    expect(readText(undefined, rule)).toEqual({ value: undefined });
    expect(readText(null, rule)).toEqual({ value: null });
    expect(readText('   ', rule)).toEqual({ value: null });
    expect(readText('  CEO ', rule)).toEqual({ value: 'CEO' });
    expect(readText(42, rule)).toEqual({ problem: 'must be a string' });
    expect(readText('x'.repeat(301), rule).problem).toMatch(/shorter than or equal to 300/);
    expect(readText('a\u0000b', rule).problem).toMatch(/NUL/);
  });

  it('reads a search result as a prospect, ignoring unknown fields', () => {
    const read = readContactItem(
      { id: 'x', name: ' Ann Lee ', title: 'CEO', email: 'ANN@x.example', seniority: 'c_suite' },
      PROSPECT_FIELD_NAMES,
    );
    expect(read).toEqual({
      input: { full_name: 'Ann Lee', job_title: 'CEO', email: 'ANN@x.example' },
      problems: {},
    });
    expect(readContactItem({ title: 'CEO', job_title: 'CTO' }, PROSPECT_FIELD_NAMES).input).toEqual(
      {
        job_title: 'CTO',
      },
    );
    expect(readContactItem('nope', PROSPECT_FIELD_NAMES).problems).toEqual({
      '': ['must be an object'],
    });
    expect(
      readContactItem({ email: 'not-an-email', name: 7 }, PROSPECT_FIELD_NAMES).problems,
    ).toEqual({
      email: ['must be an email'],
      name: ['must be a string'],
    });
  });

  it('accepts what the identity module reads, and refuses the rest naming the field', () => {
    const rule = CONTACT_FIELD_RULES.linkedin_url;
    for (const url of [
      'https://de.linkedin.com/in/anna-müller-3b2a1c',
      'https://www.linkedin.com/in/john.smith-4a5b6c7d',
      'http://uk.linkedin.com/pub/old-profile-jones/12/345/678',
    ]) {
      expect(readText(url, rule)).toEqual({ value: url });
    }
    expect(readText('https://www.linkedin.com/company/acme', rule)).toEqual({
      problem: 'must be a LinkedIn profile URL',
    });
    expect(readText(' Ann@X.example ', CONTACT_FIELD_RULES.email)).toEqual({
      value: 'Ann@X.example',
    });
    expect(readText('ann@', CONTACT_FIELD_RULES.email)).toEqual({ problem: 'must be an email' });
  });
});
