import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('Contacts (e2e)', () => {
  let t: TestApp;
  let ws: TestWorkspace;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await t.createWorkspace();
  });
  afterAll(() => t.close());

  const create = (body: object, auth = ws.auth) =>
    t.http().post('/v1/contacts').set(auth).send(body);
  const createdId = async (body: object, auth = ws.auth): Promise<string> =>
    (await create(body, auth).expect(201)).body.data.id;
  /** A new list holding these contacts; its id. */
  const listOf = async (
    contactIds: string[],
    auth = ws.auth,
    name = 'Test list',
  ): Promise<string> => {
    const list = await t.http().post('/v1/lists').set(auth).send({ name }).expect(201);
    await t
      .http()
      .post(`/v1/lists/${list.body.data.id}/contacts`)
      .set(auth)
      .send({ contact_ids: contactIds })
      .expect(200);
    return list.body.data.id;
  };

  describe('POST /v1/contacts', () => {
    it('creates a contact, splitting the full name and normalising email and LinkedIn URL', async () => {
      const res = await create({
        full_name: 'Grace Brewster Hopper',
        email: ' Grace@Navy.example ',
        phone: '+1 555 0100',
        job_title: 'Rear Admiral',
        company_name: 'US Navy',
        linkedin_url: 'www.linkedin.com/in/GraceHopper/?trk=x',
      }).expect(201);
      expect(res.body.data).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        full_name: 'Grace Brewster Hopper',
        first_name: 'Grace',
        last_name: 'Brewster Hopper',
        email: 'grace@navy.example',
        phone: '+1 555 0100',
        job_title: 'Rear Admiral',
        company_name: 'US Navy',
        linkedin_url: 'https://linkedin.com/in/gracehopper',
        source: 'api',
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
    });

    it('builds the full name from first/last, or from the email', async () => {
      const fromParts = await create({ first_name: 'Ada', last_name: 'Lovelace' }).expect(201);
      expect(fromParts.body.data).toMatchObject({ full_name: 'Ada Lovelace', email: null });
      const fromEmail = await create({ email: 'alan.turing@bletchley.example' }).expect(201);
      expect(fromEmail.body.data).toMatchObject({
        full_name: 'Alan Turing',
        first_name: 'Alan',
        last_name: 'Turing',
      });
    });

    it('needs a name, first/last name or email', async () => {
      const res = await create({ phone: '123', company_name: 'Nameless' }).expect(400);
      expect(res.body.error.code).toBe('validation_error');
      expect(res.body.error.details).toHaveProperty('full_name');
    });

    it('refuses a duplicate email, any case, with 409 and the existing id', async () => {
      const id = await createdId({ full_name: 'Dup', email: 'dup@contacts.example' });
      const res = await create({ full_name: 'Dup 2', email: 'DUP@Contacts.example ' }).expect(409);
      expect(res.body.error).toMatchObject({
        code: 'duplicate_contact',
        details: { existing_contact_id: id },
      });
    });

    it('refuses a duplicate LinkedIn URL between contacts without email', async () => {
      const id = await createdId({
        full_name: 'Li',
        linkedin_url: 'https://linkedin.com/in/li-dup',
      });
      const res = await create({ full_name: 'Li', linkedin_url: 'linkedin.com/in/LI-DUP/' }).expect(
        409,
      );
      expect(res.body.error.details.existing_contact_id).toBe(id);
    });

    it('refuses bad fields with 400 naming them', async () => {
      const cases: [object, string][] = [
        [{ full_name: 'X', email: 'nope' }, 'email'],
        [{ full_name: 'X', linkedin_url: 'https://example.com/in/x' }, 'linkedin_url'],
        [{ full_name: 'x'.repeat(201) }, 'full_name'],
        [{ full_name: 'X', phone: '1'.repeat(51) }, 'phone'],
        [{ full_name: 'X\u0000' }, 'full_name'],
        [{ full_name: 'X', job_title: 42 }, 'job_title'],
      ];
      for (const [body, field] of cases) {
        const res = await create(body).expect(400);
        expect(Object.keys(res.body.error.details)).toEqual([field]);
      }
    });
  });

  describe('GET /v1/contacts/{id}', () => {
    it('returns the contact with its lists', async () => {
      const id = await createdId({ full_name: 'Listed', email: 'listed@contacts.example' });
      const listIds = [
        await listOf([id], ws.auth, 'Zeta list'),
        await listOf([id], ws.auth, 'alpha list'),
      ];
      const res = await t.http().get(`/v1/contacts/${id}`).set(ws.auth).expect(200);
      expect(res.body.data).toMatchObject({ id, full_name: 'Listed' });
      expect(res.body.data.lists).toEqual([
        { id: listIds[1], name: 'alpha list' },
        { id: listIds[0], name: 'Zeta list' },
      ]);
    });

    it('is 404 for unknown and malformed ids', async () => {
      for (const id of [UNKNOWN_ID, 'not-a-uuid']) {
        const res = await t.http().get(`/v1/contacts/${id}`).set(ws.auth).expect(404);
        expect(res.body.error.code).toBe('not_found');
      }
    });
  });

  describe('GET /v1/contacts', () => {
    let readWs: TestWorkspace;
    const ids: Record<string, string> = {};
    const names = (res: { body: { data: { contacts: { full_name: string }[] } } }) =>
      res.body.data.contacts.map((c) => c.full_name);
    const get = (query: string) => t.http().get(`/v1/contacts?${query}`).set(readWs.auth);

    beforeAll(async () => {
      readWs = await t.createWorkspace();
      for (const [name, email] of [
        ['Charlie Brown', 'charlie@peanuts.example'],
        ['alice Walker', 'alice@books.example'],
        ['Bob 100% Real', 'bob_real@people.example'],
      ]) {
        ids[name] = await createdId({ full_name: name, email }, readWs.auth);
        await new Promise((done) => setTimeout(done, 5)); // distinct created_at
      }
    });

    it('pages newest first by default, with meta', async () => {
      const res = await get('per_page=2').expect(200);
      expect(names(res)).toEqual(['Bob 100% Real', 'alice Walker']);
      expect(res.body.meta).toEqual({
        page: 1,
        per_page: 2,
        total: 3,
        total_relation: 'eq',
        next_cursor: expect.any(String),
      });
      const page2 = await get('per_page=2&page=2').expect(200);
      expect(names(page2)).toEqual(['Charlie Brown']);
      const beyond = await get('per_page=2&page=5').expect(200);
      expect(beyond.body).toEqual({
        data: { contacts: [] },
        meta: { page: 5, per_page: 2, total: 3, total_relation: 'eq', next_cursor: null },
      });
    });

    it('sorts by the allowed fields only', async () => {
      expect(names(await get('sort=full_name').expect(200))).toEqual([
        'alice Walker',
        'Bob 100% Real',
        'Charlie Brown',
      ]);
      expect(names(await get('sort=-full_name').expect(200))).toEqual([
        'Charlie Brown',
        'Bob 100% Real',
        'alice Walker',
      ]);
      expect(names(await get('sort=created_at').expect(200))[0]).toBe('Charlie Brown');
      expect(names(await get('sort=-updated_at').expect(200))[0]).toBe('Bob 100% Real');
      for (const bad of ['email', 'full_name;drop', '--created_at']) {
        const res = await get(`sort=${encodeURIComponent(bad)}`).expect(400);
        expect(res.body.error.details).toHaveProperty('sort');
      }
    });

    it('searches part of the name or email, ignoring case, with % and _ taken literally', async () => {
      expect(names(await get('search=WALK').expect(200))).toEqual(['alice Walker']);
      expect(names(await get('search=peanuts').expect(200))).toEqual(['Charlie Brown']);
      expect(names(await get(`search=${encodeURIComponent('100%')}`).expect(200))).toEqual([
        'Bob 100% Real',
      ]);
      expect(names(await get(`search=${encodeURIComponent('b_r')}`).expect(200))).toEqual([
        'Bob 100% Real',
      ]);
      expect(names(await get(`search=${encodeURIComponent('%')}`).expect(200))).toEqual([
        'Bob 100% Real',
      ]);
      await get(`search=${encodeURIComponent('a\u0000')}`).expect(400);
    });

    it('filters by created_after', async () => {
      const [charlie] = await t.dataSource.query('SELECT created_at FROM contacts WHERE id = $1', [
        ids['Charlie Brown'],
      ]);
      // +1 ms: PostgreSQL keeps microseconds, a JavaScript Date only milliseconds.
      const after = new Date((charlie.created_at as Date).getTime() + 1).toISOString();
      const res = await get(`created_after=${encodeURIComponent(after)}`).expect(200);
      expect(names(res).sort()).toEqual(['Bob 100% Real', 'alice Walker']);
      await get('created_after=yesterday').expect(400);
    });

    it('filters by list, and a list id that is unknown, malformed or foreign is 404', async () => {
      const listId = await listOf([ids['alice Walker']], readWs.auth);
      const res = await get(`list_id=${listId}`).expect(200);
      expect(names(res)).toEqual(['alice Walker']);
      expect(res.body.meta.total).toBe(1);
      const foreign = await t
        .http()
        .post('/v1/lists')
        .set(ws.auth)
        .send({ name: 'Foreign filter' })
        .expect(201);
      for (const id of [UNKNOWN_ID, 'abc-123', foreign.body.data.id]) {
        expect((await get(`list_id=${id}`).expect(404)).body.error.code).toBe('not_found');
      }
    });

    it('refuses out-of-range paging with 400', async () => {
      await get('per_page=101').expect(400);
      await get('page=0').expect(400);
    });
  });

  describe('PATCH /v1/contacts/{id}', () => {
    it('changes only the fields sent and bumps updated_at', async () => {
      const before = (
        await create({
          full_name: 'Patch Me',
          email: 'patch@contacts.example',
          job_title: 'Dev',
        }).expect(201)
      ).body.data;
      await new Promise((done) => setTimeout(done, 10));
      const res = await t
        .http()
        .patch(`/v1/contacts/${before.id}`)
        .set(ws.auth)
        .send({ last_name: 'Patched', company_name: 'Acme', phone: null })
        .expect(200);
      expect(res.body.data).toMatchObject({
        full_name: 'Patch Patched',
        first_name: 'Patch',
        last_name: 'Patched',
        job_title: 'Dev',
        company_name: 'Acme',
        email: 'patch@contacts.example',
        created_at: before.created_at,
      });
      expect(new Date(res.body.data.updated_at).getTime()).toBeGreaterThan(
        new Date(before.updated_at).getTime(),
      );
      const renamed = await t
        .http()
        .patch(`/v1/contacts/${before.id}`)
        .set(ws.auth)
        .send({ full_name: 'New Name Here', email: 'NEW.patch@contacts.example' })
        .expect(200);
      expect(renamed.body.data).toMatchObject({
        full_name: 'New Name Here',
        first_name: 'New',
        last_name: 'Name Here',
        email: 'new.patch@contacts.example',
      });
    });

    it("refuses another contact's email with 409 duplicate_contact", async () => {
      const taken = await createdId({ full_name: 'Taken', email: 'taken@contacts.example' });
      const mover = await createdId({ full_name: 'Mover', email: 'mover@contacts.example' });
      const res = await t
        .http()
        .patch(`/v1/contacts/${mover}`)
        .set(ws.auth)
        .send({ email: 'Taken@contacts.example' })
        .expect(409);
      expect(res.body.error).toMatchObject({
        code: 'duplicate_contact',
        details: { existing_contact_id: taken },
      });
      await t
        .http()
        .patch(`/v1/contacts/${mover}`)
        .set(ws.auth)
        .send({ email: 'mover@contacts.example' })
        .expect(200);
    });

    it('refuses to clear the full name or set invalid values', async () => {
      const id = await createdId({ full_name: 'Keep', email: 'keep@contacts.example' });
      for (const body of [
        { full_name: null },
        { full_name: '  ' },
        { email: 'x' },
        { job_title: 'a\u0000' },
      ]) {
        await t.http().patch(`/v1/contacts/${id}`).set(ws.auth).send(body).expect(400);
      }
    });
  });

  describe('DELETE /v1/contacts/{id}', () => {
    it('deletes the contact and its memberships', async () => {
      const id = await createdId({ full_name: 'Gone', email: 'gone@contacts.example' });
      const listId = await listOf([id]);
      const res = await t.http().delete(`/v1/contacts/${id}`).set(ws.auth).expect(200);
      expect(res.body).toEqual({ data: { deleted: true, id } });
      await t.http().get(`/v1/contacts/${id}`).set(ws.auth).expect(404);
      await t.http().delete(`/v1/contacts/${id}`).set(ws.auth).expect(404);
      const after = await t.http().get(`/v1/lists/${listId}`).set(ws.auth).expect(200);
      expect(after.body.data.contact_count).toBe(0);
    });
  });

  describe('POST /v1/contacts/bulk', () => {
    it('saves like prospects/save and answers in the same shape', async () => {
      await createdId({ full_name: 'Existing', email: 'existing@bulk.example' });
      const res = await t
        .http()
        .post('/v1/contacts/bulk')
        .set(ws.auth)
        .send({
          contacts: [
            { full_name: 'New One', email: 'new1@bulk.example' },
            { full_name: 'Existing Again', email: 'EXISTING@bulk.example' },
            { full_name: 'New One Again', email: 'new1@bulk.example' },
            { full_name: 'Name Only' },
          ],
        })
        .expect(201);
      const [newOne, nameOnly] = res.body.data.contacts;
      expect(res.body.data).toMatchObject({
        created: 2,
        skipped: 2,
        list_id: null,
        added_to_list: 0,
      });
      expect(newOne).toMatchObject({ full_name: 'New One', email: 'new1@bulk.example' });
      expect(nameOnly).toMatchObject({ full_name: 'Name Only', email: null });
      expect(res.body.data.duplicates).toEqual([
        expect.objectContaining({ index: 1, email: 'existing@bulk.example' }),
        {
          index: 2,
          email: 'new1@bulk.example',
          linkedin_url: null,
          existing_contact_id: newOne.id,
        },
      ]);
      const stored = await t.http().get(`/v1/contacts/${newOne.id}`).set(ws.auth).expect(200);
      expect(stored.body.data.source).toBe('bulk');
    });

    it('validates every item, naming it, and writes nothing', async () => {
      const res = await t
        .http()
        .post('/v1/contacts/bulk')
        .set(ws.auth)
        .send({ contacts: [{ full_name: 'Fine', email: 'fine@bulk.example' }, { phone: '1' }] })
        .expect(400);
      expect(Object.keys(res.body.error.details)).toEqual(['contacts[1].full_name']);
      const found = await t.http().get('/v1/contacts?search=fine%40bulk').set(ws.auth).expect(200);
      expect(found.body.data.contacts).toEqual([]);
      await t.http().post('/v1/contacts/bulk').set(ws.auth).send({ contacts: [] }).expect(400);
      const tooMany = Array.from({ length: 1001 }, (_, n) => ({ email: `b${n}@bulk.example` }));
      await t.http().post('/v1/contacts/bulk').set(ws.auth).send({ contacts: tooMany }).expect(400);
    });
  });

  describe('permissions', () => {
    it('needs contacts:read to read and contacts:write to write', async () => {
      const id = await createdId({ full_name: 'Perm', email: 'perm@contacts.example' });
      const { key: readKey } = await t.createKey(ws.id, ['contacts:read']);
      const reader = { Authorization: `Bearer ${readKey}` };
      await t.http().get(`/v1/contacts/${id}`).set(reader).expect(200);
      const writes = [
        t.http().post('/v1/contacts').set(reader).send({ full_name: 'No' }),
        t
          .http()
          .post('/v1/contacts/bulk')
          .set(reader)
          .send({ contacts: [{ full_name: 'No' }] }),
        t.http().patch(`/v1/contacts/${id}`).set(reader).send({ full_name: 'No' }),
        t.http().delete(`/v1/contacts/${id}`).set(reader),
      ];
      for (const res of await Promise.all(writes)) {
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain('contacts:write');
      }
      const { key: writeKey } = await t.createKey(ws.id, ['contacts:write']);
      const res = await t
        .http()
        .get('/v1/contacts')
        .set({ Authorization: `Bearer ${writeKey}` })
        .expect(403);
      expect(res.body.error.message).toContain('contacts:read');
      const still = await t.http().get(`/v1/contacts/${id}`).set(ws.auth).expect(200);
      expect(still.body.data.full_name).toBe('Perm');
    });
  });

  describe('workspace isolation', () => {
    it("treats another workspace's contact as not found on every route", async () => {
      const other = await t.createWorkspace();
      const foreignId = await createdId(
        { full_name: 'Foreign', email: 'foreign@contacts.example' },
        other.auth,
      );
      const routes = [
        t.http().get(`/v1/contacts/${foreignId}`).set(ws.auth),
        t.http().patch(`/v1/contacts/${foreignId}`).set(ws.auth).send({ full_name: 'Stolen' }),
        t.http().delete(`/v1/contacts/${foreignId}`).set(ws.auth),
      ];
      for (const res of await Promise.all(routes)) {
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('not_found');
      }
      const listed = await t.http().get('/v1/contacts?search=foreign%40').set(ws.auth).expect(200);
      expect(listed.body.data.contacts).toEqual([]);
      // The same email is a different contact in another workspace, not a duplicate.
      await create({ full_name: 'Mine', email: 'foreign@contacts.example' }).expect(201);
      const untouched = await t.http().get(`/v1/contacts/${foreignId}`).set(other.auth).expect(200);
      expect(untouched.body.data.full_name).toBe('Foreign');
    });
  });
});
