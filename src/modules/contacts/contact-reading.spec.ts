import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ApiError } from '../../common/errors/api-error';
import { linkedinKey, linkedinUrlForKey } from '../../common/identity';
import {
  CONTACT_FIELD_LIST,
  CONTACT_FIELD_NAMES,
  CONTACT_FIELDS,
  ContactField,
  COPIED_COLUMNS,
  PROSPECT_FIELD_LIMITS,
  PROSPECT_FIELD_NAMES,
  shownAs,
  specOf,
  STORED_COLUMNS,
} from './contact-fields';
import {
  readBodyObject,
  readContactItem,
  readContactPatch,
  readField,
  readItemArray,
  readOptionalString,
} from './contact-reading';
import { CreateContactDto, UpdateContactDto } from './dto/contact-input.dto';
import { ContactDto } from './dto/contact.dto';
import { SavedContactDto } from './dto/save-result.dto';
import { ProspectToSaveDto } from '../prospects/save/dto/save-prospects.dto';

/** A value of exactly `length` characters shaped as the field's format wants. */
function valueOfLength(field: ContactField, length: number): string {
  if (field === 'email') {
    // `a@b….b….com`: the domain in labels of at most 63 characters.
    const domain = 'b'.repeat(length - 'a@.com'.length).replace(/(.{62})./g, '$1.');
    return `a@${domain}.com`;
  }
  if (field === 'linkedin_url') {
    const prefix = 'https://linkedin.com/in/';
    return prefix + 'a'.repeat(length - prefix.length);
  }
  return 'x'.repeat(length);
}

/** What a thrown `ApiError` says: status, message and details, for one `toEqual`. */
function thrown(run: () => unknown): { status: number; message: string; details: unknown } {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { status: error.getStatus(), message: error.message, details: error.details };
  }
  throw new Error('expected an ApiError');
}

const ALL_FIELDS = CONTACT_FIELD_LIST;

/** A LinkedIn URL as read: its canonical form and its key. */
const linkedin = (url: string) => ({
  value: linkedinUrlForKey(linkedinKey(url)!),
  key: linkedinKey(url),
});

describe('reading contact fields', () => {
  it('reads text: absent stays absent, null and blank mean none, values are trimmed', () => {
    const rule = CONTACT_FIELDS.job_title;
    expect(readField(undefined, rule)).toEqual({ value: undefined });
    expect(readField(null, rule)).toEqual({ value: null });
    expect(readField('   ', rule)).toEqual({ value: null });
    expect(readField('  CEO ', rule)).toEqual({ value: 'CEO' });
    expect(readField(42, rule)).toEqual({ problem: 'must be a string' });
    expect(readField('x'.repeat(301), rule).problem).toMatch(/shorter than or equal to 300/);
    expect(readField('a\u0000b', rule).problem).toMatch(/NUL/);
  });

  it('reads a search result as a prospect, ignoring unknown fields', () => {
    const read = readContactItem(
      { id: 'x', name: ' Ann Lee ', title: 'CEO', email: 'ANN@x.example', seniority: 'c_suite' },
      PROSPECT_FIELD_NAMES,
    );
    expect(read).toEqual({
      values: {
        full_name: 'Ann Lee',
        job_title: 'CEO',
        email: 'ann@x.example',
        email_normalized: 'ann@x.example',
      },
      problems: {},
    });
    expect(
      readContactItem({ title: 'CEO', job_title: 'CTO' }, PROSPECT_FIELD_NAMES).values,
    ).toEqual({
      job_title: 'CTO',
    });
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
    const rule = CONTACT_FIELDS.linkedin_url;
    for (const url of [
      'https://de.linkedin.com/in/anna-müller-3b2a1c',
      'https://www.linkedin.com/in/john.smith-4a5b6c7d',
      'http://uk.linkedin.com/pub/old-profile-jones/12/345/678',
    ]) {
      expect(readField(url, rule)).toEqual(linkedin(url));
    }
    expect(readField('https://www.linkedin.com/company/acme', rule)).toEqual({
      problem: 'must be a LinkedIn profile URL',
    });
    // Read once, in stored form with its key: nothing downstream normalises it again.
    expect(readField(' Ann@X.example ', CONTACT_FIELDS.email)).toEqual({
      value: 'ann@x.example',
      key: 'ann@x.example',
    });
    expect(readField('ann@', CONTACT_FIELDS.email)).toEqual({ problem: 'must be an email' });
  });

  it('reads every contact field under its own name, linkedin_url included', () => {
    const item = {
      full_name: ' Ann Lee ',
      first_name: 'Ann',
      last_name: 'Lee',
      email: 'ann@x.example',
      phone: ' +1 555 0100 ',
      job_title: 'CEO',
      company_name: 'Acme',
      linkedin_url: 'linkedin.com/in/ann',
    };
    const stored = {
      ...item,
      full_name: 'Ann Lee',
      phone: '+1 555 0100',
      email_normalized: 'ann@x.example',
      linkedin_url: linkedin(item.linkedin_url).value,
      linkedin_url_normalized: linkedin(item.linkedin_url).key,
    };
    expect(readContactItem(item, CONTACT_FIELD_NAMES)).toEqual({ values: stored, problems: {} });
    // A search result: `name` and `title`, and the same names as a contact for the rest.
    expect(
      readContactItem(
        { ...item, full_name: undefined, job_title: undefined, name: 'Ann', title: 'CTO' },
        PROSPECT_FIELD_NAMES,
      ).values,
    ).toEqual({ ...stored, full_name: 'Ann', job_title: 'CTO' });
  });

  it('falls back to the next name of a field when the first is blank or null', () => {
    for (const job_title of [null, '  ', undefined]) {
      expect(readContactItem({ job_title, title: 'CEO' }, PROSPECT_FIELD_NAMES)).toEqual({
        values: { job_title: 'CEO' },
        problems: {},
      });
    }
    // Blank everywhere: given as none (a PATCH clears it); not given at all: left out.
    expect(readContactItem({ job_title: ' ', title: null }, PROSPECT_FIELD_NAMES).values).toEqual({
      job_title: null,
    });
    expect(readContactItem({ email: null }, CONTACT_FIELD_NAMES).values).toEqual({
      email: null,
      email_normalized: null,
    });
    expect(readContactItem({}, PROSPECT_FIELD_NAMES).values).toEqual({});
  });

  it('names each problem by the field name the client used, one message per field', () => {
    expect(readContactItem({ title: 7, job_title: 'x'.repeat(301) }, PROSPECT_FIELD_NAMES)).toEqual(
      {
        values: {},
        problems: {
          job_title: ['must be shorter than or equal to 300 characters'],
          title: ['must be a string'],
        },
      },
    );
    expect(readContactItem([], CONTACT_FIELD_NAMES).problems).toEqual({
      '': ['must be an object'],
    });
    expect(readContactItem(null, CONTACT_FIELD_NAMES).problems).toEqual({
      '': ['must be an object'],
    });
  });

  it.each(ALL_FIELDS.filter((field) => field !== 'email'))(
    'accepts %s at its length limit and refuses one character more',
    (field) => {
      const rule = CONTACT_FIELDS[field];
      const atLimit = valueOfLength(field, rule.maxLength);
      expect(atLimit).toHaveLength(rule.maxLength);
      const read = field === 'linkedin_url' ? linkedin(atLimit) : { value: atLimit };
      expect(readField(atLimit, rule)).toEqual(read);
      // Trimmed before it is measured.
      expect(readField(` ${atLimit} `, rule)).toEqual(read);
      expect(readField(valueOfLength(field, rule.maxLength + 1), rule)).toEqual({
        problem: `must be shorter than or equal to ${rule.maxLength} characters`,
      });
    },
  );

  it('measures an email before checking it is one', () => {
    // No email is longer than 254 characters (class-validator's rule): 320 is a bad email, 321
    // is too long.
    const rule = CONTACT_FIELDS.email;
    const longest = valueOfLength('email', 254);
    expect(longest).toHaveLength(254);
    expect(readField(longest, rule)).toEqual({ value: longest, key: longest });
    expect(readField(valueOfLength('email', 255), rule)).toEqual({ problem: 'must be an email' });
    expect(readField(valueOfLength('email', 320), rule)).toEqual({ problem: 'must be an email' });
    expect(readField(valueOfLength('email', 321), rule)).toEqual({
      problem: 'must be shorter than or equal to 320 characters',
    });
  });

  it('refuses NUL in any field, whatever its format', () => {
    for (const field of ALL_FIELDS) {
      const rule = CONTACT_FIELDS[field];
      expect(readField(`${valueOfLength(field, 30)}\0`, rule)).toEqual({
        problem: 'must not contain NUL characters',
      });
    }
  });

  it('checks formats only where the rule has one', () => {
    for (const field of ['full_name', 'phone', 'job_title', 'company_name'] as const) {
      expect(readField('not-an-email', CONTACT_FIELDS[field])).toEqual({
        value: 'not-an-email',
      });
    }
    expect(readField('ann@x.example', CONTACT_FIELDS.linkedin_url)).toEqual({
      problem: 'must be a LinkedIn profile URL',
    });
    expect(readField('linkedin.com/in/ann', CONTACT_FIELDS.email)).toEqual({
      problem: 'must be an email',
    });
  });
});

describe('the contact description, and what is derived from it', () => {
  async function schemas(): Promise<
    Record<string, { properties: Record<string, object>; required?: string[] }>
  > {
    @Module({})
    class EmptyModule {}
    const app = await NestFactory.create(EmptyModule, new FastifyAdapter(), {
      logger: false,
      preview: true,
    });
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build(), {
      extraModels: [
        CreateContactDto,
        UpdateContactDto,
        ContactDto,
        SavedContactDto,
        ProspectToSaveDto,
      ],
    });
    await app.close();
    return document.components!.schemas! as never;
  }

  it('documents each request field with its limit, and email as an email', async () => {
    const { CreateContactDto: create, ProspectToSaveDto: prospect } = await schemas();
    expect(create.required ?? []).toEqual([]);
    expect(Object.keys(create.properties)).toEqual(ALL_FIELDS);
    const prospectNames = ALL_FIELDS.flatMap((field) => PROSPECT_FIELD_NAMES[field]);
    expect(Object.keys(prospect.properties)).toEqual(prospectNames);
    expect(prospectNames).toEqual(expect.arrayContaining(['name', 'title', 'job_title']));
    for (const [schema, names] of [
      [create, CONTACT_FIELD_NAMES],
      [prospect, PROSPECT_FIELD_NAMES],
    ] as const) {
      for (const field of ALL_FIELDS) {
        const { maxLength, example } = specOf(field);
        for (const name of names[field]) {
          const property = schema.properties[name] as Record<string, unknown>;
          expect([name, property]).toEqual([
            name,
            expect.objectContaining({ type: 'string', nullable: true, maxLength, example }),
          ]);
          expect([name, property.format]).toEqual([name, field === 'email' ? 'email' : undefined]);
        }
      }
    }
  });

  it("shows every field in a contact, and the contract's fields in a saved one", async () => {
    const { ContactDto: contact, SavedContactDto: saved } = await schemas();
    // (`id`, `source` and the dates are in it too: documented by the DTO itself.)
    expect(Object.keys(contact.properties)).toEqual(expect.arrayContaining(ALL_FIELDS));
    expect(contact.required).toEqual(expect.arrayContaining(ALL_FIELDS));
    const savedFields = ALL_FIELDS.filter((field) => field !== 'phone');
    expect(Object.keys(saved.properties)).toEqual(expect.arrayContaining(savedFields));
    expect(saved.properties.phone).toBeUndefined();
  });

  it('derives from alwaysSet: never null in a view, never cleared by a PATCH', async () => {
    const { ContactDto: contact, UpdateContactDto: update } = await schemas();
    const alwaysSet = ALL_FIELDS.filter((field) => specOf(field).alwaysSet);
    expect(alwaysSet).toEqual(['full_name']);
    expect(Object.keys(update.properties)).toEqual(ALL_FIELDS);
    for (const field of ALL_FIELDS) {
      const kept = alwaysSet.includes(field);
      const shown = contact.properties[field] as Record<string, unknown>;
      const patched = update.properties[field] as Record<string, unknown>;
      expect([field, shown.nullable, patched.nullable, patched.minLength]).toEqual([
        field,
        kept ? undefined : true,
        kept ? undefined : true,
        kept ? 1 : undefined,
      ]);
    }
  });

  it('documents for each field an example it accepts, as it stores it', () => {
    for (const field of ALL_FIELDS) {
      const { example } = specOf(field);
      expect([field, readField(example, specOf(field))]).toEqual([
        field,
        expect.objectContaining({ value: example }),
      ]);
    }
  });

  it('sends a field stored as its own key (an email) once, and shows it as the key', () => {
    expect([...COPIED_COLUMNS]).toEqual([['email', 'email_normalized']]);
    const { email, linkedin_url: linkedin } = CONTACT_FIELDS;
    expect(shownAs(email.identity, 'ann@x.example')).toBe('ann@x.example');
    expect(shownAs(linkedin.identity, 'ann-lee')).toBe(linkedinUrlForKey('ann-lee'));
  });

  it('stores each field and the key of each identity, and limits what a prospect carries', () => {
    expect(STORED_COLUMNS).toEqual([...ALL_FIELDS, 'email_normalized', 'linkedin_url_normalized']);
    expect(PROSPECT_FIELD_LIMITS).toEqual({
      name: 200,
      first_name: 200,
      last_name: 200,
      email: 320,
      phone: 50,
      job_title: 300,
      title: 300,
      company_name: 300,
      linkedin_url: 500,
    });
  });

  it('reads a PATCH: full_name may change but not be cleared', () => {
    expect(readContactPatch({ full_name: ' Ann Lee ', phone: null })).toEqual({
      values: { full_name: 'Ann Lee', phone: null },
      problems: {},
    });
    for (const full_name of [null, '', '  ']) {
      expect(readContactPatch({ full_name }).problems).toEqual({
        full_name: ['must be a non-empty string'],
      });
    }
    expect(readContactPatch({ full_name: 7 }).problems).toEqual({
      full_name: ['must be a string'],
    });
    // Any other field may be cleared; an identity's key is cleared with it.
    for (const field of ALL_FIELDS.filter((field) => field !== 'full_name')) {
      const keyColumn = specOf(field).identity?.keyColumn;
      expect(readContactPatch({ [field]: null })).toEqual({
        values: { [field]: null, ...(keyColumn ? { [keyColumn]: null } : {}) },
        problems: {},
      });
    }
  });
});

describe('request body readers', () => {
  it('reads a JSON object body and refuses any other JSON value', () => {
    expect(readBodyObject({ prospects: [] })).toEqual({ prospects: [] });
    for (const body of [null, [], 'text', 3, undefined]) {
      expect(thrown(() => readBodyObject(body))).toEqual({
        status: 400,
        message: 'The request body must be a JSON object.',
        details: { body: ['must be a JSON object'] },
      });
    }
  });

  it('reads an array of 1 to max items, else a 400 naming the field', () => {
    expect(readItemArray({ contacts: [1] }, 'contacts', 3)).toEqual([1]);
    expect(readItemArray({ contacts: [1, 2, 3] }, 'contacts', 3)).toEqual([1, 2, 3]);
    expect(thrown(() => readItemArray({ contacts: [1, 2, 3, 4] }, 'contacts', 3))).toEqual({
      status: 400,
      message: 'contacts must contain no more than 3 elements.',
      details: { contacts: ['must contain no more than 3 elements'] },
    });
    expect(thrown(() => readItemArray({ contacts: [] }, 'contacts', 3))).toEqual({
      status: 400,
      message: 'contacts must contain at least 1 elements.',
      details: { contacts: ['must contain at least 1 elements'] },
    });
    for (const contacts of [undefined, null, {}, 'a']) {
      expect(thrown(() => readItemArray({ contacts }, 'contacts', 3))).toEqual({
        status: 400,
        message: 'contacts must be an array.',
        details: { contacts: ['must be an array'] },
      });
    }
  });

  it('reads an optional string, else a 400 naming the field', () => {
    expect(readOptionalString({ list_name: 'Leads' }, 'list_name')).toBe('Leads');
    expect(readOptionalString({ list_name: null }, 'list_name')).toBeNull();
    expect(readOptionalString({}, 'list_name')).toBeUndefined();
    for (const list_name of [1, [], {}, false]) {
      expect(thrown(() => readOptionalString({ list_name }, 'list_name'))).toEqual({
        status: 400,
        message: 'list_name must be a string.',
        details: { list_name: ['must be a string'] },
      });
    }
  });
});
