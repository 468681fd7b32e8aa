import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { ApiError } from '../../common/errors';
import { TrimToNull } from '../../common/http';
import { linkedinKey, normalizeEmail } from '../../common/identity';
import { ContactInput } from './contact-normalization';

export interface TextRule {
  /** Longest accepted value, in characters, after trimming. */
  maxLength: number;
  format?: 'email' | 'linkedin';
}

/** The one statement of what each contact field accepts; DTOs and the bulk reader both use it. */
export const CONTACT_FIELD_RULES: Record<keyof ContactInput, TextRule> = {
  full_name: { maxLength: 200 },
  first_name: { maxLength: 200 },
  last_name: { maxLength: 200 },
  email: { maxLength: 320, format: 'email' },
  phone: { maxLength: 50 },
  job_title: { maxLength: 300 },
  company_name: { maxLength: 300 },
  linkedin_url: { maxLength: 500, format: 'linkedin' },
};

export type ContactField = keyof ContactInput;

/**
 * The names a client uses for each contact field, first match wins. Prospects (search results)
 * say `name` and `title`; `job_title` is accepted too.
 */
export type FieldNames = Record<ContactField, readonly string[]>;

export const CONTACT_FIELD_NAMES: FieldNames = {
  full_name: ['full_name'],
  first_name: ['first_name'],
  last_name: ['last_name'],
  email: ['email'],
  phone: ['phone'],
  job_title: ['job_title'],
  company_name: ['company_name'],
  linkedin_url: ['linkedin_url'],
};

export const PROSPECT_FIELD_NAMES: FieldNames = {
  ...CONTACT_FIELD_NAMES,
  full_name: ['name'],
  job_title: ['job_title', 'title'],
};

/** What is wrong with a trimmed, non-empty value, or null. Messages match class-validator's. */
export function textProblem(value: string, rule: TextRule): string | null {
  if (value.length > rule.maxLength) {
    return `must be shorter than or equal to ${rule.maxLength} characters`;
  }
  // PostgreSQL refuses NUL in text: caught here it is a 400, not a 500.
  if (value.includes('\0')) return 'must not contain NUL characters';
  // The identity module's own rules, so what is accepted here is what gets a key.
  if (rule.format === 'email' && normalizeEmail(value) === null) return 'must be an email';
  if (rule.format === 'linkedin' && linkedinKey(value) === null) {
    return 'must be a LinkedIn profile URL';
  }
  return null;
}

type ReadText = { value: string | null | undefined; problem?: undefined } | { problem: string };

/** One optional field as sent: absent stays undefined, null and blank mean "none", else trimmed. */
export function readText(raw: unknown, rule: TextRule): ReadText {
  if (raw === undefined || raw === null) return { value: raw };
  if (typeof raw !== 'string') return { problem: 'must be a string' };
  const value = raw.trim();
  if (value === '') return { value: null };
  const problem = textProblem(value, rule);
  return problem ? { problem } : { value };
}

export interface ReadItem {
  input: ContactInput;
  /** Keyed by the field name the client used. */
  problems: Record<string, string[]>;
}

/**
 * Reads one item of a save or bulk request without class-transformer/class-validator, which
 * cost ~0.1 ms per item (the whole budget of a 1,000-item save). Unknown fields are ignored.
 */
export function readContactItem(item: unknown, names: FieldNames): ReadItem {
  const problems: Record<string, string[]> = {};
  const input: ContactInput = {};
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return { input, problems: { '': ['must be an object'] } };
  }
  const fields = item as Record<string, unknown>;
  for (const field of Object.keys(names) as ContactField[]) {
    for (const name of names[field]) {
      const read = readText(fields[name], CONTACT_FIELD_RULES[field]);
      if (read.problem !== undefined) problems[name] = [read.problem];
      else if (input[field] == null && read.value != null) input[field] = read.value;
    }
  }
  return { input, problems };
}

/** A DTO property for one contact field: documented and validated by `CONTACT_FIELD_RULES`. */
export function ContactText(field: ContactField): PropertyDecorator {
  const rule = CONTACT_FIELD_RULES[field];
  return applyDecorators(
    ApiPropertyOptional({
      type: String,
      nullable: true,
      maxLength: rule.maxLength,
      ...(rule.format === 'email' ? { format: 'email' } : {}),
    }),
    IsOptional(),
    TrimToNull(),
    ValidateBy({
      name: 'contactText',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !textProblem(value, rule),
        defaultMessage: (args) =>
          `$property ${typeof args?.value === 'string' ? textProblem(args.value, rule) : 'must be a string'}`,
      },
    }),
  );
}

/** The body of a save or bulk request, read by hand (see `readContactItem` for why). */
export function readBodyObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw ApiError.validation('The request body must be a JSON object.', {
      body: ['must be a JSON object'],
    });
  }
  return body as Record<string, unknown>;
}

/** `body[field]`: an array of 1 to `max` items, else a 400 naming the field. */
export function readItemArray(
  body: Record<string, unknown>,
  field: string,
  max: number,
): unknown[] {
  const items = body[field];
  const problem = !Array.isArray(items)
    ? 'must be an array'
    : items.length < 1
      ? 'must contain at least 1 elements'
      : items.length > max
        ? `must contain no more than ${max} elements`
        : null;
  if (problem) throw ApiError.validation(`${field} ${problem}.`, { [field]: [problem] });
  return items as unknown[];
}

/** `body[field]`: absent, null or a string, else a 400 naming the field. */
export function readOptionalString(
  body: Record<string, unknown>,
  field: string,
): string | null | undefined {
  const value = body[field];
  if (value === undefined || value === null || typeof value === 'string') return value;
  throw ApiError.validation(`${field} must be a string.`, { [field]: ['must be a string'] });
}
