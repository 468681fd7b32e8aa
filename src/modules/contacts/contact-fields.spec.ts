import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ApiError } from '../../common/errors/api-error';
import {
  CONTACT_FIELD_NAMES,
  CONTACT_FIELD_RULES,
  ContactField,
  PROSPECT_FIELD_NAMES,
  readBodyObject,
  readContactItem,
  readItemArray,
  readOptionalString,
  readText,
} from './contact-fields';
import { CreateContactDto } from './dto/contact-input.dto';

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

const ALL_FIELDS = Object.keys(CONTACT_FIELD_RULES) as ContactField[];

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
    expect(readContactItem(item, CONTACT_FIELD_NAMES)).toEqual({
      input: { ...item, full_name: 'Ann Lee', phone: '+1 555 0100' },
      problems: {},
    });
    // A search result: `name` and `title`, and the same names as a contact for the rest.
    expect(
      readContactItem(
        { ...item, full_name: undefined, job_title: undefined, name: 'Ann', title: 'CTO' },
        PROSPECT_FIELD_NAMES,
      ).input,
    ).toEqual({ ...item, full_name: 'Ann', job_title: 'CTO', phone: '+1 555 0100' });
  });

  it('falls back to the next name of a field when the first is blank or null', () => {
    for (const job_title of [null, '  ', undefined]) {
      expect(readContactItem({ job_title, title: 'CEO' }, PROSPECT_FIELD_NAMES)).toEqual({
        input: { job_title: 'CEO' },
        problems: {},
      });
    }
    // Blank everywhere: the field is left out, not stored as null.
    expect(readContactItem({ job_title: ' ', title: null }, PROSPECT_FIELD_NAMES).input).toEqual(
      {},
    );
  });

  it('names each problem by the field name the client used, one message per field', () => {
    expect(readContactItem({ title: 7, job_title: 'x'.repeat(301) }, PROSPECT_FIELD_NAMES)).toEqual(
      {
        input: {},
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
      const rule = CONTACT_FIELD_RULES[field];
      const atLimit = valueOfLength(field, rule.maxLength);
      expect(atLimit).toHaveLength(rule.maxLength);
      expect(readText(atLimit, rule)).toEqual({ value: atLimit });
      // Trimmed before it is measured.
      expect(readText(` ${atLimit} `, rule)).toEqual({ value: atLimit });
      expect(readText(valueOfLength(field, rule.maxLength + 1), rule)).toEqual({
        problem: `must be shorter than or equal to ${rule.maxLength} characters`,
      });
    },
  );

  it('measures an email before checking it is one', () => {
    // No email is longer than 254 characters (class-validator's rule): 320 is a bad email, 321
    // is too long.
    const rule = CONTACT_FIELD_RULES.email;
    const longest = valueOfLength('email', 254);
    expect(longest).toHaveLength(254);
    expect(readText(longest, rule)).toEqual({ value: longest });
    expect(readText(valueOfLength('email', 255), rule)).toEqual({ problem: 'must be an email' });
    expect(readText(valueOfLength('email', 320), rule)).toEqual({ problem: 'must be an email' });
    expect(readText(valueOfLength('email', 321), rule)).toEqual({
      problem: 'must be shorter than or equal to 320 characters',
    });
  });

  it('refuses NUL in any field, whatever its format', () => {
    for (const field of ALL_FIELDS) {
      const rule = CONTACT_FIELD_RULES[field];
      expect(readText(`${valueOfLength(field, 30)}\0`, rule)).toEqual({
        problem: 'must not contain NUL characters',
      });
    }
  });

  it('checks formats only where the rule has one', () => {
    for (const field of ['full_name', 'phone', 'job_title', 'company_name'] as const) {
      expect(readText('not-an-email', CONTACT_FIELD_RULES[field])).toEqual({
        value: 'not-an-email',
      });
    }
    expect(readText('ann@x.example', CONTACT_FIELD_RULES.linkedin_url)).toEqual({
      problem: 'must be a LinkedIn profile URL',
    });
    expect(readText('linkedin.com/in/ann', CONTACT_FIELD_RULES.email)).toEqual({
      problem: 'must be an email',
    });
  });
});

describe('contact DTO fields (ContactText)', () => {
  const problems = (body: object) =>
    Object.fromEntries(
      validateSync(plainToInstance(CreateContactDto, body)).map((e) => [
        e.property,
        Object.values(e.constraints ?? {}),
      ]),
    );

  it('trims, turns blanks into null, and accepts a valid contact', () => {
    const dto = plainToInstance(CreateContactDto, {
      full_name: '  Ann Lee ',
      phone: '   ',
      email: 'ann@x.example',
      linkedin_url: 'linkedin.com/in/ann',
    });
    expect(dto).toMatchObject({ full_name: 'Ann Lee', phone: null });
    expect(validateSync(dto)).toEqual([]);
  });

  it('refuses what the field rules refuse, with the same messages', () => {
    expect(
      problems({
        email: 'ann@',
        linkedin_url: 'https://linkedin.com/company/acme',
        job_title: 'x'.repeat(301),
        company_name: 42,
        phone: 'a\0b',
      }),
    ).toEqual({
      email: ['email must be an email'],
      linkedin_url: ['linkedin_url must be a LinkedIn profile URL'],
      job_title: ['job_title must be shorter than or equal to 300 characters'],
      company_name: ['company_name must be a string'],
      phone: ['phone must not contain NUL characters'],
    });
  });

  it('documents each field with its limit, and email as an email', async () => {
    @Module({})
    class EmptyModule {}
    const app = await NestFactory.create(EmptyModule, new FastifyAdapter(), {
      logger: false,
      preview: true,
    });
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build(), {
      extraModels: [CreateContactDto],
    });
    await app.close();
    const schema = document.components!.schemas!.CreateContactDto as {
      properties: Record<string, object>;
      required?: string[];
    };
    expect(schema.required ?? []).toEqual([]);
    expect(Object.keys(schema.properties).sort()).toEqual([...ALL_FIELDS].sort());
    for (const field of ALL_FIELDS) {
      // `npm test` compiles with the swagger plugin, which adds descriptions and examples.
      const property = schema.properties[field] as Record<string, unknown>;
      const { maxLength, format } = CONTACT_FIELD_RULES[field];
      expect([field, property]).toEqual([
        field,
        expect.objectContaining({ type: 'string', nullable: true, maxLength }),
      ]);
      expect([field, property.format]).toEqual([field, format === 'email' ? 'email' : undefined]);
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
