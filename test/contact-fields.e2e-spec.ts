import {
  CONTACT_FIELD_LIST,
  CONTACT_FIELD_NAMES,
  ContactField,
  PROSPECT_FIELD_NAMES,
  shownAs,
  specOf,
  STORED_COLUMNS,
} from '../src/modules/contacts/contact-fields';
import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

/*
 * Walks every entry of CONTACT_FIELDS through every place derived from it: the table, each route
 * that takes or shows a contact, and the OpenAPI document. A new field that one of them lacks
 * fails here (try it: add a field to the description without its migration).
 */

const FIELDS = CONTACT_FIELD_LIST;

/** A distinct valid value of a field, as a client might send it (untrimmed, any case). */
function sent(field: ContactField, n: number): string {
  if (field === 'email') return ` Field.${n}@Fields.Example `;
  if (field === 'linkedin_url') return `https://www.linkedin.com/in/Field-${n}/?trk=x`;
  return ` ${field} ${n} `;
}

/** The value as the API stores and shows it. */
function stored(field: ContactField, n: number): string {
  const value = sent(field, n).trim();
  const identity = specOf(field).identity;
  return identity ? shownAs(identity, identity.keyOf(value)!) : value;
}

/** A value one character longer than the field takes (trimmed length). */
function tooLong(field: ContactField): string {
  const length = specOf(field).maxLength + 1;
  if (field === 'linkedin_url') {
    const prefix = 'https://linkedin.com/in/';
    return prefix + 'a'.repeat(length - prefix.length);
  }
  if (field === 'email') return `a@${'b'.repeat(length - 'a@.com'.length)}.com`;
  return 'x'.repeat(length);
}

/** Every field given, each with the value number n. */
const everyField = (n: number, names = CONTACT_FIELD_NAMES): Record<string, string> =>
  Object.fromEntries(FIELDS.map((field) => [names[field][0], sent(field, n)]));

const storedFields = (n: number, fields: readonly ContactField[] = FIELDS) =>
  Object.fromEntries(fields.map((field) => [field, stored(field, n)]));

describe('Every contact field, everywhere it is derived (e2e)', () => {
  let t: TestApp;
  let ws: TestWorkspace;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await t.createWorkspace();
  });
  afterAll(() => t.close());

  const http = () => t.http();
  const contact = async (id: string) =>
    (await http().get(`/v1/contacts/${id}`).set(ws.auth).expect(200)).body.data;

  it('has a column for each field and each identity key', async () => {
    const rows: { column_name: string }[] = await t.dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'contacts'`,
    );
    const columns = rows.map((row) => row.column_name);
    expect(columns).toEqual(expect.arrayContaining(STORED_COLUMNS));
  });

  it('creates with every field, and shows each in the contact, its page and a list', async () => {
    const created = await http().post('/v1/contacts').set(ws.auth).send(everyField(1)).expect(201);
    expect(created.body.data).toMatchObject(storedFields(1));
    expect(await contact(created.body.data.id)).toMatchObject(storedFields(1));
    const page = await http().get('/v1/contacts').set(ws.auth).query({ search: 'field.1@' });
    expect(page.body.data.contacts).toEqual([expect.objectContaining(storedFields(1))]);
  });

  it.each(FIELDS)('changes %s alone with PATCH, and clears it with null', async (field) => {
    const n = 10 + FIELDS.indexOf(field);
    const created = await http().post('/v1/contacts').set(ws.auth).send(everyField(n)).expect(201);
    const id = created.body.data.id;
    const patched = await http()
      .patch(`/v1/contacts/${id}`)
      .set(ws.auth)
      .send({ [field]: sent(field, n + 100) })
      .expect(200);
    expect(patched.body.data[field]).toBe(stored(field, n + 100));
    expect((await contact(id))[field]).toBe(stored(field, n + 100));
    if (field === 'full_name') return; // a contact always has a name
    const cleared = await http()
      .patch(`/v1/contacts/${id}`)
      .set(ws.auth)
      .send({ [field]: null })
      .expect(200);
    expect(cleared.body.data[field]).toBeNull();
  });

  it('saves every field in bulk, listing the contract fields of each created contact', async () => {
    const res = await http()
      .post('/v1/contacts/bulk')
      .set(ws.auth)
      .send({ contacts: [everyField(2)] })
      .expect(201);
    const savedFields = FIELDS.filter((field) => specOf(field).inSaveResponse !== false);
    expect(res.body.data.contacts).toEqual([expect.objectContaining(storedFields(2, savedFields))]);
    expect(await contact(res.body.data.contacts[0].id)).toMatchObject(storedFields(2));
  });

  it('saves every field from a prospect, under each name a prospect may use', async () => {
    const names = Math.max(...FIELDS.map((field) => PROSPECT_FIELD_NAMES[field].length));
    for (let which = 0; which < names; which++) {
      const n = 3 + which;
      const prospect = Object.fromEntries(
        FIELDS.map((field) => {
          const fieldNames = PROSPECT_FIELD_NAMES[field];
          return [fieldNames[Math.min(which, fieldNames.length - 1)], sent(field, n)];
        }),
      );
      const res = await http()
        .post('/v1/prospects/save')
        .set(ws.auth)
        .send({ prospects: [prospect] })
        .expect(201);
      expect(await contact(res.body.data.contacts[0].id)).toMatchObject(storedFields(n));
    }
  });

  it.each(FIELDS)('refuses %s one character too long, naming it, on every route', async (field) => {
    const value = tooLong(field);
    const message = `must be shorter than or equal to ${specOf(field).maxLength} characters`;
    const base = everyField(50);
    const create = await http()
      .post('/v1/contacts')
      .set(ws.auth)
      .send({ ...base, [field]: value })
      .expect(400);
    expect(create.body.error.details).toEqual({ [field]: [message] });
    const bulk = await http()
      .post('/v1/contacts/bulk')
      .set(ws.auth)
      .send({ contacts: [{ ...base, [field]: value }] })
      .expect(400);
    expect(bulk.body.error.details).toEqual({ [`contacts[0].${field}`]: [message] });
    for (const name of PROSPECT_FIELD_NAMES[field]) {
      const prospect = { ...everyField(50, PROSPECT_FIELD_NAMES), [name]: value };
      const save = await http()
        .post('/v1/prospects/save')
        .set(ws.auth)
        .send({ prospects: [prospect] })
        .expect(400);
      expect(save.body.error.details).toEqual({ [`prospects[0].${name}`]: [message] });
    }
    const id = (await http().post('/v1/contacts').set(ws.auth).send({ full_name: 'P' })).body.data
      .id;
    const patch = await http()
      .patch(`/v1/contacts/${id}`)
      .set(ws.auth)
      .send({ [field]: value })
      .expect(400);
    expect(patch.body.error.details).toEqual({ [field]: [message] });
  });

  it('documents every field in each request and response schema', async () => {
    const document = (await http().get('/openapi.json').expect(200)).body;
    const properties = (schema: string): Record<string, { maxLength?: number }> =>
      document.components.schemas[schema].properties;
    for (const field of FIELDS) {
      const { maxLength } = specOf(field);
      for (const schema of ['CreateContactDto', 'UpdateContactDto']) {
        expect([schema, field, properties(schema)[field]?.maxLength]).toEqual([
          schema,
          field,
          maxLength,
        ]);
      }
      for (const name of PROSPECT_FIELD_NAMES[field]) {
        expect([name, properties('ProspectToSaveDto')[name]?.maxLength]).toEqual([name, maxLength]);
      }
      expect([field, properties('ContactDto')[field]]).toEqual([field, expect.any(Object)]);
      if (specOf(field).inSaveResponse !== false) {
        expect([field, properties('SavedContactDto')[field]]).toEqual([field, expect.any(Object)]);
      }
    }
  });
});
