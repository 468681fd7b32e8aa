import { linkedinKey, linkedinUrlForKey, normalizeEmail } from '../../common/identity';

/** How a field's value recognises a person: its dedupe key, and the form stored and shown. */
export interface Identity {
  /** The dedupe key of a value, or null when the value is not one. */
  keyOf(value: string): string | null;
  /** The value as stored and shown, from its key; without it, the key itself (an email). */
  shownAs?(key: string): string;
  /** The column holding the key (unique per workspace). */
  keyColumn: KeyColumn;
  /** Why a value without a key is refused. */
  problem: string;
}

/**
 * What one contact field is: its limit, how it identifies a person (if it does), the names a
 * prospect to save may give it under, and its documentation. Every field is optional text.
 */
export interface ContactFieldSpec {
  /** Longest accepted value, in characters, after trimming. */
  maxLength: number;
  identity?: Identity;
  /** Names a prospect to save may carry it under, first given wins; default: the field's name. */
  prospectNames?: readonly string[];
  /**
   * A stored contact always has a value (one is derived, else the contact is refused): responses
   * never show it null, and a PATCH may change it but not clear it. Default false.
   */
  alwaysSet?: boolean;
  /** For the OpenAPI document: what a PATCH of an `alwaysSet` field does. */
  onPatch?: string;
  /** Listed in a save's `contacts` (the contract's shape of a saved contact); default true. */
  inSaveResponse?: boolean;
  /** For the OpenAPI document: a value, and what a client sending it should know. */
  example: string;
  description?: string;
}

/**
 * The one description of a contact's fields. The request DTOs, the body reader, the normaliser,
 * the INSERT, the entity's columns, the response views and the import's limits are derived from
 * it: a new field is a line here plus a migration (and its line in `migrations/index.ts`).
 * `test/contact-fields.e2e-spec.ts` walks this list through every route and the OpenAPI document.
 */
export const CONTACT_FIELDS = {
  full_name: {
    maxLength: 200,
    alwaysSet: true,
    prospectNames: ['name'],
    example: 'John Smith',
    description:
      'Required unless first_name, last_name or email gives a name (from the email: ' +
      '`john.smith@…` → "John Smith"). Split into first/last name when those are not given.',
    onPatch: 'Given alone, it is split into first/last name again.',
  },
  first_name: { maxLength: 200, example: 'John' },
  last_name: { maxLength: 200, example: 'Smith' },
  email: {
    maxLength: 320,
    identity: {
      keyOf: normalizeEmail,
      keyColumn: 'email_normalized',
      problem: 'must be an email',
    },
    example: 'john@example.com',
    description: 'Trimmed and lower-cased; the dedupe key, unique in the workspace.',
  },
  phone: { maxLength: 50, inSaveResponse: false, example: '+1 555 0100' },
  job_title: { maxLength: 300, prospectNames: ['job_title', 'title'], example: 'CEO' },
  company_name: { maxLength: 300, example: 'Acme Legal Corp' },
  linkedin_url: {
    maxLength: 500,
    identity: {
      keyOf: linkedinKey,
      shownAs: linkedinUrlForKey,
      keyColumn: 'linkedin_url_normalized',
      problem: 'must be a LinkedIn profile URL',
    },
    example: 'https://linkedin.com/in/johnsmith',
    description:
      'A LinkedIn profile URL in any usual form: `www.` or a country subdomain, with or without ' +
      '`https://`, a query string, a raw or percent-encoded slug, a legacy `/pub/name/x/y/z` URL. ' +
      'Stored as `https://linkedin.com/in/<slug>`, the slug lower-cased (non-ASCII letters ' +
      'percent-encoded); the dedupe key of a contact without email. Other LinkedIn pages (a ' +
      'company, a post) are refused.',
  },
} as const satisfies Record<string, ContactFieldSpec>;

export type ContactField = keyof typeof CONTACT_FIELDS;
export type KeyColumn = 'email_normalized' | 'linkedin_url_normalized';

/** Every field, in the order of the description (and of the documents derived from it). */
export const CONTACT_FIELD_LIST = Object.keys(CONTACT_FIELDS) as ContactField[];

export const specOf = (field: ContactField): ContactFieldSpec => CONTACT_FIELDS[field];

/** The fields a stored contact always has (`alwaysSet`). */
export type AlwaysSetField = {
  [F in ContactField]: (typeof CONTACT_FIELDS)[F] extends { alwaysSet: true } ? F : never;
}[ContactField];

/** A contact's stored values: every field (null when not given) and the dedupe keys. */
export type ContactValues = { [F in ContactField]: string | null } & {
  [F in AlwaysSetField]: string;
} & { [K in KeyColumn]: string | null };

/** The columns a contact's values fill, fields first, then keys: the INSERT is built from it. */
export const STORED_COLUMNS: (keyof ContactValues)[] = [
  ...CONTACT_FIELD_LIST,
  ...CONTACT_FIELD_LIST.flatMap((field) => {
    const { identity } = specOf(field);
    return identity ? [identity.keyColumn] : [];
  }),
];

/** The value a field is stored as, from its key (a field with an identity). */
export const shownAs = (identity: Identity, key: string): string =>
  identity.shownAs ? identity.shownAs(key) : key;

/**
 * The columns whose value is always a copy of another (a field stored as its own key, such as
 * an email, and its key column): the INSERT sends such a value once and copies it.
 */
export const COPIED_COLUMNS = new Map<keyof ContactValues, KeyColumn>(
  CONTACT_FIELD_LIST.flatMap((field) => {
    const { identity } = specOf(field);
    return identity && !identity.shownAs ? [[field, identity.keyColumn] as const] : [];
  }),
);

/** The names a client uses for each field, first given wins. */
export type FieldNames = Record<ContactField, readonly string[]>;

const namesBy = (pick: (field: ContactField) => readonly string[]): FieldNames =>
  Object.fromEntries(CONTACT_FIELD_LIST.map((field) => [field, pick(field)])) as FieldNames;

/** The contact routes name each field by itself. */
export const CONTACT_FIELD_NAMES = namesBy((field) => [field]);

/** A prospect (a search result) says `name` and `title`; `job_title` is accepted too. */
export const PROSPECT_FIELD_NAMES = namesBy((field) => specOf(field).prospectNames ?? [field]);

/** The longest value of each name a prospect may carry into a save (the import holds them). */
export const PROSPECT_FIELD_LIMITS: Record<string, number> = Object.fromEntries(
  CONTACT_FIELD_LIST.flatMap((field) =>
    PROSPECT_FIELD_NAMES[field].map((name) => [name, specOf(field).maxLength]),
  ),
);
