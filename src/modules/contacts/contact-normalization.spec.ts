import { CONTACT_FIELD_NAMES, ContactValues } from './contact-fields';
import {
  contactFromItem,
  nameFromEmail,
  NormalizeOptions,
  patchContact,
  resolveNames,
  splitFullName,
} from './contact-normalization';
import { readContactPatch } from './contact-reading';

/** An item as a client sends it, read and normalised. */
const normalizeContact = (item: object, options: NormalizeOptions) =>
  contactFromItem(item, CONTACT_FIELD_NAMES, options);

const SAVE = { requireEmailOrLinkedin: true, nameField: 'name' };

describe('contact normalisation', () => {
  it('splits full names into first and last', () => {
    expect(splitFullName('Mary Ann  Smith')).toEqual({
      first_name: 'Mary',
      last_name: 'Ann Smith',
    });
    expect(splitFullName('Cher')).toEqual({ first_name: 'Cher', last_name: null });
  });

  it('derives a name from the email local part', () => {
    expect(nameFromEmail('john.smith@x.com')).toBe('John Smith');
    expect(nameFromEmail('mary_ann-lee+crm@x.com')).toBe('Mary Ann Lee');
    expect(nameFromEmail('jsmith42@x.com')).toBe('Jsmith');
    expect(nameFromEmail('1234@x.com')).toBe('1234');
  });

  it('fills full_name from first/last, first/last from full_name, or both from the email', () => {
    expect(resolveNames('John Smith', null, null, null)).toEqual({
      full_name: 'John Smith',
      first_name: 'John',
      last_name: 'Smith',
    });
    expect(resolveNames(null, 'John', 'Smith', null)).toEqual({
      full_name: 'John Smith',
      first_name: 'John',
      last_name: 'Smith',
    });
    expect(resolveNames(null, null, null, 'jane.doe@x.com')).toEqual({
      full_name: 'Jane Doe',
      first_name: 'Jane',
      last_name: 'Doe',
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
      full_name: 'John Smith',
      email: 'john@example.com',
      email_normalized: 'john@example.com',
      linkedin_url: 'https://linkedin.com/in/js',
      linkedin_url_normalized: 'linkedin.com/in/js',
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
    expect(normalizeContact({ full_name: 'Only A Name' }, single).contact?.full_name).toBe(
      'Only A Name',
    );
  });

  it('patches names consistently', () => {
    const current = normalizeContact({ full_name: 'John Smith', email: 'j@x.com' }, SAVE).contact!;
    expect(patchContact(current, readContactPatch({ full_name: 'Jane Doe' }).values)).toMatchObject(
      {
        full_name: 'Jane Doe',
        first_name: 'Jane',
        last_name: 'Doe',
      },
    );
    expect(patchContact(current, readContactPatch({ last_name: 'Jones' }).values)).toMatchObject({
      full_name: 'John Jones',
      first_name: 'John',
      last_name: 'Jones',
    });
    expect(patchContact(current, readContactPatch({ email: null }).values)).toEqual({
      email: null,
      email_normalized: null,
    });
    expect(
      patchContact(
        current,
        readContactPatch({ linkedin_url: 'https://de.linkedin.com/in/Anna-Müller/' }).values,
      ),
    ).toEqual({
      linkedin_url: 'https://linkedin.com/in/anna-m%C3%BCller',
      linkedin_url_normalized: 'linkedin.com/in/anna-müller',
    });
    expect(patchContact(current, readContactPatch({ linkedin_url: null }).values)).toEqual({
      linkedin_url: null,
      linkedin_url_normalized: null,
    });
    expect(patchContact(current, readContactPatch({}).values)).toEqual({});
  });
});

describe('contact normalisation, field by field', () => {
  const SINGLE = { requireEmailOrLinkedin: false, nameField: 'full_name' };

  it('accepts a contact with only a first name, or only a last name', () => {
    expect(normalizeContact({ first_name: 'Ann' }, SINGLE)).toEqual({
      contact: {
        full_name: 'Ann',
        first_name: 'Ann',
        last_name: null,
        email: null,
        email_normalized: null,
        phone: null,
        job_title: null,
        company_name: null,
        linkedin_url: null,
        linkedin_url_normalized: null,
      },
    });
    expect(normalizeContact({ last_name: 'Lee' }, SINGLE).contact).toMatchObject({
      full_name: 'Lee',
      first_name: null,
      last_name: 'Lee',
    });
    expect(
      normalizeContact({ first_name: 'Ann', linkedin_url: 'linkedin.com/in/ann' }, SAVE).contact,
    ).toMatchObject({ full_name: 'Ann', linkedin_url_normalized: 'linkedin.com/in/ann' });
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
        full_name: 'Ann Lee',
        first_name: 'Annie',
        last_name: null,
        email: 'ann@x.com',
        email_normalized: 'ann@x.com',
        phone: '+1 555',
        job_title: 'CEO',
        company_name: 'Acme',
        linkedin_url: 'https://linkedin.com/in/ann',
        linkedin_url_normalized: 'linkedin.com/in/ann',
      },
    });
  });

  it('names the email from its address when no name is given', () => {
    expect(normalizeContact({ email: 'ann.lee@x.com' }, SAVE).contact).toMatchObject({
      full_name: 'Ann Lee',
      first_name: 'Ann',
      last_name: 'Lee',
    });
    // A blank email gives no name and no key.
    expect(normalizeContact({ email: '' }, SINGLE).problems).toEqual({
      full_name: ['is required when neither first_name, last_name nor email is given'],
    });
  });

  it('reports the problems of the fields it reads, and checks nothing across them then', () => {
    expect(normalizeContact({ full_name: 'Ann', email: 'nope' }, SAVE)).toEqual({
      problems: { email: ['must be an email'] },
    });
    expect(normalizeContact({ phone: 7 }, SAVE)).toEqual({
      problems: { phone: ['must be a string'] },
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
      full_name: 'Ann Lee',
      first_name: 'Annie',
      last_name: null,
    });
    expect(resolveNames('Ann Lee', undefined, 'Leigh', 'x@y.com')).toEqual({
      full_name: 'Ann Lee',
      first_name: null,
      last_name: 'Leigh',
    });
    expect(resolveNames(null, 'Ann', null, 'bob.smith@x.com')).toEqual({
      full_name: 'Ann',
      first_name: 'Ann',
      last_name: null,
    });
    expect(resolveNames('', '', '', null)).toBeNull();
  });

  it('splits around any whitespace, ignoring it at the ends', () => {
    expect(splitFullName('  Ann \t Mary\nLee ')).toEqual({
      first_name: 'Ann',
      last_name: 'Mary Lee',
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
  // Built in each test (not once for the describe block), so that mutation testing counts what
  // building it covers under each test, not as code every test of the file must re-run for.
  let current: ContactValues;
  beforeEach(() => {
    current = normalizeContact(
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
  });

  it('changes phone, job title and company name, and clears them with null', () => {
    expect(
      patchContact(
        current,
        readContactPatch({ phone: '+44 20', job_title: 'CTO', company_name: 'Beta' }).values,
      ),
    ).toEqual({ phone: '+44 20', job_title: 'CTO', company_name: 'Beta' });
    expect(
      patchContact(
        current,
        readContactPatch({ phone: null, job_title: null, company_name: null }).values,
      ),
    ).toEqual({
      phone: null,
      job_title: null,
      company_name: null,
    });
  });

  it('changes the email and LinkedIn URL to their normalised forms', () => {
    expect(patchContact(current, readContactPatch({ email: ' Jane@Y.com ' }).values)).toEqual({
      email: 'jane@y.com',
      email_normalized: 'jane@y.com',
    });
    expect(
      patchContact(
        current,
        readContactPatch({ linkedin_url: 'https://www.linkedin.com/in/Jane/' }).values,
      ),
    ).toEqual({
      linkedin_url: 'https://linkedin.com/in/jane',
      linkedin_url_normalized: 'linkedin.com/in/jane',
    });
  });

  it('rebuilds the full name from new first or last names, keeping the other', () => {
    expect(patchContact(current, readContactPatch({ first_name: 'Jim' }).values)).toEqual({
      full_name: 'Jim Smith',
      first_name: 'Jim',
      last_name: 'Smith',
    });
    expect(patchContact(current, readContactPatch({ first_name: null }).values)).toEqual({
      full_name: 'Smith',
      first_name: null,
      last_name: 'Smith',
    });
    // Both cleared: the full name stays.
    expect(
      patchContact(current, readContactPatch({ first_name: null, last_name: null }).values),
    ).toEqual({
      full_name: 'John Smith',
      first_name: null,
      last_name: null,
    });
    // A full name given with them wins.
    expect(
      patchContact(current, readContactPatch({ full_name: 'Johnny S', first_name: 'Jim' }).values),
    ).toEqual({
      full_name: 'Johnny S',
      first_name: 'Jim',
      last_name: 'Smith',
    });
  });

  it('lists only the columns a PATCH gives, none left undefined', () => {
    // The service writes (and records an event) when any listed column differs from the stored
    // one: a column listed as undefined would turn a PATCH that changes nothing into a write.
    expect(patchContact(current, readContactPatch({ phone: '1' }).values)).toStrictEqual({
      phone: '1',
    });
    expect(patchContact(current, readContactPatch({ email: null }).values)).toStrictEqual({
      email: null,
      email_normalized: null,
    });
    expect(patchContact(current, readContactPatch({}).values)).toStrictEqual({});
  });

  it('leaves the names alone when no name is given', () => {
    expect(patchContact(current, readContactPatch({ full_name: '' }).values)).toEqual({});
    expect(
      patchContact(current, readContactPatch({ full_name: undefined, phone: '1' }).values),
    ).toEqual({ phone: '1' });
  });
});
