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
