import { ApiError } from '../../common/errors';
import {
  CONTACT_FIELD_LIST,
  CONTACT_FIELD_NAMES,
  ContactFieldSpec,
  ContactValues,
  FieldNames,
  shownAs,
  specOf,
} from './contact-fields';

/**
 * What a request gives of a contact, already checked and in stored form (an email lower-cased,
 * a LinkedIn URL canonical, with their keys): `undefined` not given, `null` given as none.
 */
export type ContactPatch = { [K in keyof ContactValues]?: string | null };

type FieldRead =
  { value: string | null | undefined; key?: string; problem?: undefined } | { problem: string };

/**
 * One field as sent: absent stays undefined, null and blank mean "none", else trimmed and checked
 * against the field's limit and identity. Messages match class-validator's.
 */
export function readField(raw: unknown, spec: ContactFieldSpec): FieldRead {
  if (raw === undefined || raw === null) return { value: raw };
  if (typeof raw !== 'string') return { problem: 'must be a string' };
  const value = raw.trim();
  if (value === '') return { value: null };
  if (value.length > spec.maxLength) {
    return { problem: `must be shorter than or equal to ${spec.maxLength} characters` };
  }
  // PostgreSQL refuses NUL in text: caught here it is a 400, not a 500.
  if (value.includes('\0')) return { problem: 'must not contain NUL characters' };
  if (!spec.identity) return { value };
  // The key is computed here, once: the normaliser and the INSERT use it as it is.
  const key = spec.identity.keyOf(value);
  return key === null
    ? { problem: spec.identity.problem }
    : { value: shownAs(spec.identity, key), key };
}

export interface ReadItem {
  values: ContactPatch;
  /** Keyed by the field name the client used. */
  problems: Record<string, string[]>;
}

/**
 * Reads, checks and puts in stored form one item of any contact request, in one pass, without
 * class-transformer/class-validator (they cost ~0.1 ms per item: the whole budget of a
 * 1,000-item save). Unknown fields are ignored; of several names for a field the first given wins.
 */
export function readContactItem(item: unknown, names: FieldNames): ReadItem {
  const problems: Record<string, string[]> = {};
  const values: ContactPatch = {};
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    return { values, problems: { '': ['must be an object'] } };
  }
  const fields = item as Record<string, unknown>;
  for (const field of CONTACT_FIELD_LIST) {
    const spec = specOf(field);
    for (const name of names[field]) {
      const read = readField(fields[name], spec);
      if (read.problem !== undefined) problems[name] = [read.problem];
      else if (read.value !== undefined && values[field] == null) {
        values[field] = read.value;
        if (spec.identity) values[spec.identity.keyColumn] = read.key ?? null;
      }
    }
  }
  return { values, problems };
}

/** A PATCH body: the fields it sends; an `alwaysSet` field may change but not be cleared. */
export function readContactPatch(body: Record<string, unknown>): ReadItem {
  const read = readContactItem(body, CONTACT_FIELD_NAMES);
  for (const field of CONTACT_FIELD_LIST) {
    if (specOf(field).alwaysSet && body[field] !== undefined && read.values[field] === null) {
      read.problems[field] = ['must be a non-empty string'];
    }
  }
  return read;
}

/** The body of a contact request, read by hand: a JSON object, else a 400. */
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
