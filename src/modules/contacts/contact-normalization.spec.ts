import {
  nameFromEmail,
  normalizeContact,
  patchContact,
  resolveNames,
  splitFullName,
} from './contact-normalization';

const SAVE = { requireEmailOrLinkedin: true, nameField: 'name' };

describe('contact normalisation', () => {
  it('splits full names into first and last', () => {
    expect(splitFullName('Mary Ann  Smith')).toEqual({ firstName: 'Mary', lastName: 'Ann Smith' });
    expect(splitFullName('Cher')).toEqual({ firstName: 'Cher', lastName: null });
  });

  it('derives a name from the email local part', () => {
    expect(nameFromEmail('john.smith@x.com')).toBe('John Smith');
    expect(nameFromEmail('mary_ann-lee+crm@x.com')).toBe('Mary Ann Lee');
    expect(nameFromEmail('jsmith42@x.com')).toBe('Jsmith');
    expect(nameFromEmail('1234@x.com')).toBe('1234');
  });

  it('fills full_name from first/last, first/last from full_name, or both from the email', () => {
    expect(resolveNames('John Smith', null, null, null)).toEqual({
      fullName: 'John Smith',
      firstName: 'John',
      lastName: 'Smith',
    });
    expect(resolveNames(null, 'John', 'Smith', null)).toEqual({
      fullName: 'John Smith',
      firstName: 'John',
      lastName: 'Smith',
    });
    expect(resolveNames(null, null, null, 'jane.doe@x.com')).toEqual({
      fullName: 'Jane Doe',
      firstName: 'Jane',
      lastName: 'Doe',
    });
    expect(resolveNames(undefined, undefined, undefined, null)).toBeNull();
  });

  it('normalises a prospect into the stored form', () => {
    const result = normalizeContact(
      {
        full_name: 'John Smith',
        email: ' JOHN@Example.com ',
        linkedin_url: 'www.linkedin.com/in/JS/',
      },
      SAVE,
    );
    expect(result.contact).toMatchObject({
      fullName: 'John Smith',
      email: 'john@example.com',
      emailNormalized: 'john@example.com',
      linkedinUrl: 'https://linkedin.com/in/js',
      linkedinUrlNormalized: 'linkedin.com/in/js',
    });
  });

  it('reports an item with neither email nor LinkedIn URL, or without any name', () => {
    expect(normalizeContact({ full_name: 'A' }, SAVE).problems).toEqual({
      email: [expect.stringContaining('required')],
    });
    expect(normalizeContact({ linkedin_url: 'linkedin.com/in/x' }, SAVE).problems).toEqual({
      name: [expect.stringContaining('required')],
    });
    const single = { requireEmailOrLinkedin: false, nameField: 'full_name' };
    expect(normalizeContact({ full_name: 'Only A Name' }, single).contact?.fullName).toBe(
      'Only A Name',
    );
  });

  it('patches names consistently', () => {
    const current = normalizeContact({ full_name: 'John Smith', email: 'j@x.com' }, SAVE).contact!;
    expect(patchContact(current, { full_name: 'Jane Doe' })).toMatchObject({
      fullName: 'Jane Doe',
      firstName: 'Jane',
      lastName: 'Doe',
    });
    expect(patchContact(current, { last_name: 'Jones' })).toMatchObject({
      fullName: 'John Jones',
      firstName: 'John',
      lastName: 'Jones',
    });
    expect(patchContact(current, { email: null })).toEqual({ email: null, emailNormalized: null });
    expect(
      patchContact(current, { linkedin_url: 'https://de.linkedin.com/in/Anna-Müller/' }),
    ).toEqual({
      linkedinUrl: 'https://linkedin.com/in/anna-m%C3%BCller',
      linkedinUrlNormalized: 'linkedin.com/in/anna-müller',
    });
    expect(patchContact(current, { linkedin_url: null })).toEqual({
      linkedinUrl: null,
      linkedinUrlNormalized: null,
    });
    expect(patchContact(current, {})).toEqual({});
  });
});

describe('contact normalisation, field by field', () => {
  const SINGLE = { requireEmailOrLinkedin: false, nameField: 'full_name' };

  it('accepts a contact with only a first name, or only a last name', () => {
    expect(normalizeContact({ first_name: 'Ann' }, SINGLE)).toEqual({
      contact: {
        fullName: 'Ann',
        firstName: 'Ann',
        lastName: null,
        email: null,
        emailNormalized: null,
        phone: null,
        jobTitle: null,
        companyName: null,
        linkedinUrl: null,
        linkedinUrlNormalized: null,
      },
    });
    expect(normalizeContact({ last_name: 'Lee' }, SINGLE).contact).toMatchObject({
      fullName: 'Lee',
      firstName: null,
      lastName: 'Lee',
    });
    expect(
      normalizeContact({ first_name: 'Ann', linkedin_url: 'linkedin.com/in/ann' }, SAVE).contact,
    ).toMatchObject({ fullName: 'Ann', linkedinUrlNormalized: 'linkedin.com/in/ann' });
  });

  it('keeps every field a client gives', () => {
    expect(
      normalizeContact(
        {
          full_name: 'Ann Lee',
          first_name: 'Annie',
          email: 'Ann@X.com',
          phone: '+1 555',
          job_title: 'CEO',
          company_name: 'Acme',
          linkedin_url: 'https://de.linkedin.com/in/ann/',
        },
        SAVE,
      ),
    ).toEqual({
      contact: {
        fullName: 'Ann Lee',
        firstName: 'Annie',
        lastName: null,
        email: 'ann@x.com',
        emailNormalized: 'ann@x.com',
        phone: '+1 555',
        jobTitle: 'CEO',
        companyName: 'Acme',
        linkedinUrl: 'https://linkedin.com/in/ann',
        linkedinUrlNormalized: 'linkedin.com/in/ann',
      },
    });
  });

  it('names the email from its address when no name is given', () => {
    expect(normalizeContact({ email: 'ann.lee@x.com' }, SAVE).contact).toMatchObject({
      fullName: 'Ann Lee',
      firstName: 'Ann',
      lastName: 'Lee',
    });
    // A blank email gives no name and no key.
    expect(normalizeContact({ email: '' }, SINGLE).problems).toEqual({
      full_name: ['is required when neither first_name, last_name nor email is given'],
    });
  });

  it("reports both problems of an empty item, under the caller's name field", () => {
    expect(normalizeContact({ phone: '+1 555' }, SAVE).problems).toEqual({
      email: ['is required when linkedin_url is not given'],
      name: ['is required when neither first_name, last_name nor email is given'],
    });
    expect(normalizeContact({}, SINGLE).problems).toEqual({
      full_name: ['is required when neither first_name, last_name nor email is given'],
    });
    // A single contact needs no email or LinkedIn URL.
    expect(normalizeContact({ first_name: 'Ann' }, SINGLE).problems).toBeUndefined();
  });

  it('keeps first and last names given alongside a full name', () => {
    expect(resolveNames('Ann Lee', 'Annie', null, null)).toEqual({
      fullName: 'Ann Lee',
      firstName: 'Annie',
      lastName: null,
    });
    expect(resolveNames('Ann Lee', undefined, 'Leigh', 'x@y.com')).toEqual({
      fullName: 'Ann Lee',
      firstName: null,
      lastName: 'Leigh',
    });
    expect(resolveNames(null, 'Ann', null, 'bob.smith@x.com')).toEqual({
      fullName: 'Ann',
      firstName: 'Ann',
      lastName: null,
    });
    expect(resolveNames('', '', '', null)).toBeNull();
  });

  it('splits around any whitespace, ignoring it at the ends', () => {
    expect(splitFullName('  Ann \t Mary\nLee ')).toEqual({
      firstName: 'Ann',
      lastName: 'Mary Lee',
    });
  });

  it('derives a name from the local part only, and uses the address when nothing is left', () => {
    expect(nameFromEmail('ann@lee.com')).toBe('Ann');
    expect(nameFromEmail('o.neil+x+y@x.com')).toBe('O Neil');
    expect(nameFromEmail('ÉLODIE.DUPONT@x.com')).toBe('Élodie Dupont');
    expect(nameFromEmail('+crm@x.com')).toBe('+crm@x.com');
    expect(nameFromEmail('a@b@x.com')).toBe('A B');
  });
});

describe('patchContact, field by field', () => {
  const current = normalizeContact(
    {
      full_name: 'John Smith',
      email: 'j@x.com',
      phone: '+1 555',
      job_title: 'CEO',
      company_name: 'Acme',
      linkedin_url: 'linkedin.com/in/js',
    },
    SAVE,
  ).contact!;

  it('changes phone, job title and company name, and clears them with null', () => {
    expect(
      patchContact(current, { phone: '+44 20', job_title: 'CTO', company_name: 'Beta' }),
    ).toEqual({ phone: '+44 20', jobTitle: 'CTO', companyName: 'Beta' });
    expect(patchContact(current, { phone: null, job_title: null, company_name: null })).toEqual({
      phone: null,
      jobTitle: null,
      companyName: null,
    });
  });

  it('changes the email and LinkedIn URL to their normalised forms', () => {
    expect(patchContact(current, { email: ' Jane@Y.com ' })).toEqual({
      email: 'jane@y.com',
      emailNormalized: 'jane@y.com',
    });
    expect(patchContact(current, { linkedin_url: 'https://www.linkedin.com/in/Jane/' })).toEqual({
      linkedinUrl: 'https://linkedin.com/in/jane',
      linkedinUrlNormalized: 'linkedin.com/in/jane',
    });
  });

  it('rebuilds the full name from new first or last names, keeping the other', () => {
    expect(patchContact(current, { first_name: 'Jim' })).toEqual({
      fullName: 'Jim Smith',
      firstName: 'Jim',
      lastName: 'Smith',
    });
    expect(patchContact(current, { first_name: null })).toEqual({
      fullName: 'Smith',
      firstName: null,
      lastName: 'Smith',
    });
    // Both cleared: the full name stays.
    expect(patchContact(current, { first_name: null, last_name: null })).toEqual({
      fullName: 'John Smith',
      firstName: null,
      lastName: null,
    });
    // A full name given with them wins.
    expect(patchContact(current, { full_name: 'Johnny S', first_name: 'Jim' })).toEqual({
      fullName: 'Johnny S',
      firstName: 'Jim',
      lastName: 'Smith',
    });
  });

  it('leaves the names alone when no name is given', () => {
    expect(patchContact(current, { full_name: '' })).toEqual({});
    expect(patchContact(current, { full_name: undefined, phone: '1' })).toEqual({ phone: '1' });
  });
});
