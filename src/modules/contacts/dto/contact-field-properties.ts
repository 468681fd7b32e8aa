import { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONTACT_FIELD_LIST,
  ContactField,
  ContactFieldSpec,
  FieldNames,
  specOf,
} from '../contact-fields';

/**
 * Base classes of the contact DTOs, their properties documented from CONTACT_FIELDS (the
 * `PartialType`/`PickType` way: a class built by a function). They document only: every contact
 * body is read by `readContactItem`, so no validation decorator lives here.
 */

export type ContactFieldsBody = Partial<Record<string, string | null>>;
export type ContactFieldsView = Partial<Record<ContactField, string | null>>;

const schemaOf = (spec: ContactFieldSpec) => ({
  type: String,
  example: spec.example,
  ...(spec.identity?.keyColumn === 'email_normalized' ? { format: 'email' } : {}),
});

function aliasNote(field: ContactField, name: string, names: readonly string[]): string {
  const savedAs = name === field ? '' : `Saved as the contact's \`${field}\`. `;
  const first =
    names.length > 1
      ? `Of ${names.map((n) => `\`${n}\``).join(' and ')}, the first given wins. `
      : '';
  return savedAs + first;
}

/** How a body uses the fields: a create (or a save) sets them, a PATCH changes those it sends. */
export type FieldUse = 'create' | 'patch';

/** A request's contact fields, under the names the route uses (`name`, `title` for prospects). */
export function ContactFieldInputs(
  names: FieldNames,
  use: FieldUse = 'create',
): Type<ContactFieldsBody> {
  class ContactFieldInputsBase {}
  for (const field of CONTACT_FIELD_LIST) {
    const spec = specOf(field);
    // A field a contact always has may change in a PATCH but not be cleared (readContactPatch).
    const kept = use === 'patch' && spec.alwaysSet === true;
    const text = kept ? `${spec.onPatch ?? ''} Cannot be cleared.` : (spec.description ?? '');
    for (const name of names[field]) {
      const description = (aliasNote(field, name, names[field]) + text).trim();
      ApiPropertyOptional({
        ...schemaOf(spec),
        ...(kept ? { minLength: 1 } : { nullable: true }),
        maxLength: spec.maxLength,
        ...(description ? { description } : {}),
      })(ContactFieldInputsBase.prototype, name);
    }
  }
  return ContactFieldInputsBase;
}

/** A response's contact fields (those of `fields`), always present, null when empty. */
export function ContactFieldViews(fields: readonly ContactField[]): Type<ContactFieldsView> {
  class ContactFieldViewsBase {}
  for (const field of fields) {
    const spec = specOf(field);
    const stored = spec.identity ? { description: 'In stored form (see the request field).' } : {};
    const nullable = spec.alwaysSet ? {} : { nullable: true };
    ApiProperty({ ...schemaOf(spec), ...nullable, ...stored })(
      ContactFieldViewsBase.prototype,
      field,
    );
  }
  return ContactFieldViewsBase;
}

/** The `fields` of a contact, copied into a response object. */
export function copyFields<T extends object>(
  target: T,
  contact: ContactFieldsView,
  fields: readonly ContactField[],
): T {
  const view = target as ContactFieldsView;
  for (const field of fields) view[field] = contact[field] ?? null;
  return target;
}

/** The fields a save's response lists for each created contact (the contract's shape). */
export const SAVED_CONTACT_FIELDS = CONTACT_FIELD_LIST.filter(
  (field) => specOf(field).inSaveResponse !== false,
);

/** A saved contact's fields as the OpenAPI examples show them: each field's example. */
export const SAVED_CONTACT_EXAMPLE: Record<string, string> = Object.fromEntries(
  SAVED_CONTACT_FIELDS.map((field) => [field, specOf(field).example]),
);
