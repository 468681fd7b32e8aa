import {
  nameFromEmail,
  normalizeContact,
  normalizeEmail,
  normalizeLinkedinUrl,
  patchContact,
  resolveNames,
  splitFullName,
} from './contact-normalization';

const SAVE = { requireEmailOrLinkedin: true, nameField: 'name' };

describe('contact normalisation', () => {
  it('normalises emails by trimming and lower-casing', () => {
    expect(normalizeEmail('  JOHN@Example.com ')).toBe('john@example.com');
  });

  it.each([
    ['https://linkedin.com/in/johnsmith', 'linkedin.com/in/johnsmith'],
    ['http://www.LinkedIn.com/in/JohnSmith/', 'linkedin.com/in/johnsmith'],
    ['www.linkedin.com/in/johnsmith?utm_source=x#top', 'linkedin.com/in/johnsmith'],
    ['linkedin.com/in/johnsmith//', 'linkedin.com/in/johnsmith'],
    [' https://uk.linkedin.com/in/johnsmith ', 'linkedin.com/in/johnsmith'],
    ['https://www.linkedin.com/company/acme/', 'linkedin.com/company/acme'],
  ])('normalises the LinkedIn URL %s', (raw, expected) => {
    expect(normalizeLinkedinUrl(raw)).toBe(expected);
  });

  it.each([
    'https://example.com/in/johnsmith',
    'https://linkedin.com.evil.com/in/x',
    'https://notlinkedin.com/in/x',
    'https://linkedin.com/',
    'ftp://linkedin.com/in/x',
    'not a url at all',
  ])('rejects %s as a LinkedIn URL', (raw) => {
    expect(normalizeLinkedinUrl(raw)).toBeNull();
  });

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
    expect(patchContact(current, {})).toEqual({});
  });
});
