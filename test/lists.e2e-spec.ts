import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('Lists (e2e)', () => {
  let t: TestApp;
  let ws: TestWorkspace;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await t.createWorkspace();
  });
  afterAll(() => t.close());

  const createList = (body: object, auth = ws.auth) =>
    t.http().post('/v1/lists').set(auth).send(body);
  const listId = async (name: string, auth = ws.auth): Promise<string> =>
    (await createList({ name }, auth).expect(201)).body.data.id;
  const contactIds = async (count: number, tag: string, auth = ws.auth): Promise<string[]> => {
    const prospects = Array.from({ length: count }, (_, n) => ({
      email: `${tag}${n}@lists.example`,
    }));
    const res = await t.http().post('/v1/prospects/save').set(auth).send({ prospects }).expect(201);
    return res.body.data.contacts.map((c: { id: string }) => c.id);
  };
  const addMembers = (id: string, ids: string[], auth = ws.auth) =>
    t.http().post(`/v1/lists/${id}/contacts`).set(auth).send({ contact_ids: ids });

  describe('POST /v1/lists', () => {
    it('creates a list with a contact count of 0', async () => {
      const res = await createList({ name: 'Law Firm CEOs', description: 'Q1 Campaign' }).expect(
        201,
      );
      expect(res.body).toEqual({
        data: {
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          name: 'Law Firm CEOs',
          description: 'Q1 Campaign',
          contact_count: 0,
          created_at: expect.any(String),
          updated_at: expect.any(String),
        },
      });
    });

    it('keeps names unique per workspace, ignoring case', async () => {
      await createList({ name: 'Unique Name' }).expect(201);
      const res = await createList({ name: '  unique NAME ' }).expect(409);
      expect(res.body.error.code).toBe('duplicate_name');
      const other = await t.createWorkspace();
      await createList({ name: 'Unique Name' }, other.auth).expect(201);
    });

    it('validates name and description', async () => {
      const cases: [object, string][] = [
        [{}, 'name'],
        [{ name: '' }, 'name'],
        [{ name: '   ' }, 'name'],
        [{ name: 'x'.repeat(201) }, 'name'],
        [{ name: 42 }, 'name'],
        [{ name: 'Nul\u0000' }, 'name'],
        [{ name: 'Long description', description: 'x'.repeat(2001) }, 'description'],
      ];
      for (const [body, field] of cases) {
        const res = await createList(body).expect(400);
        expect(res.body.error.code).toBe('validation_error');
        expect(res.body.error.details).toHaveProperty(field);
      }
      await createList({ name: 'x'.repeat(200), description: 'x'.repeat(2000) }).expect(201);
    });
  });

  describe('GET /v1/lists', () => {
    it('pages newest first and searches by name', async () => {
      const own = await t.createWorkspace();
      for (const name of ['Alpha 100%', 'Beta', 'Gamma']) await listId(name, own.auth);
      const page = await t.http().get('/v1/lists?per_page=2').set(own.auth).expect(200);
      expect(page.body.data.lists.map((l: { name: string }) => l.name)).toEqual(['Gamma', 'Beta']);
      expect(page.body.meta).toEqual({
        page: 1,
        per_page: 2,
        total: 3,
        total_relation: 'eq',
        next_cursor: expect.any(String),
      });
      const beyond = await t.http().get('/v1/lists?page=9').set(own.auth).expect(200);
      expect(beyond.body).toEqual({
        data: { lists: [] },
        meta: { page: 9, per_page: 50, total: 3, total_relation: 'eq', next_cursor: null },
      });
      const found = await t.http().get('/v1/lists?search=ALPHA%20100%25').set(own.auth).expect(200);
      expect(found.body.data.lists.map((l: { name: string }) => l.name)).toEqual(['Alpha 100%']);
      expect(found.body.meta.total).toBe(1);
      await t.http().get('/v1/lists?per_page=0').set(own.auth).expect(400);
    });
  });

  describe('GET, PATCH and DELETE /v1/lists/{id}', () => {
    it('counts members exactly as they come and go', async () => {
      const id = await listId('Counted');
      const ids = await contactIds(3, 'counted');
      await addMembers(id, ids).expect(200);
      expect(
        (await t.http().get(`/v1/lists/${id}`).set(ws.auth).expect(200)).body.data.contact_count,
      ).toBe(3);
      await t.http().delete(`/v1/contacts/${ids[0]}`).set(ws.auth).expect(200);
      await t.http().delete(`/v1/lists/${id}/contacts/${ids[1]}`).set(ws.auth).expect(200);
      expect(
        (await t.http().get(`/v1/lists/${id}`).set(ws.auth).expect(200)).body.data.contact_count,
      ).toBe(1);
    });

    it('renames and redescribes, refusing a name another list has', async () => {
      const id = await listId('Before');
      await listId('Taken Name');
      const before = (await t.http().get(`/v1/lists/${id}`).set(ws.auth).expect(200)).body.data;
      await new Promise((done) => setTimeout(done, 10));
      const res = await t
        .http()
        .patch(`/v1/lists/${id}`)
        .set(ws.auth)
        .send({ name: 'After', description: 'Now described' })
        .expect(200);
      expect(res.body.data).toMatchObject({
        id,
        name: 'After',
        description: 'Now described',
        contact_count: 0,
      });
      expect(new Date(res.body.data.updated_at).getTime()).toBeGreaterThan(
        new Date(before.updated_at).getTime(),
      );
      const cleared = await t
        .http()
        .patch(`/v1/lists/${id}`)
        .set(ws.auth)
        .send({ description: null })
        .expect(200);
      expect(cleared.body.data).toMatchObject({ name: 'After', description: null });
      await t.http().patch(`/v1/lists/${id}`).set(ws.auth).send({ name: 'AFTER' }).expect(200);
      const dup = await t
        .http()
        .patch(`/v1/lists/${id}`)
        .set(ws.auth)
        .send({ name: 'taken name' })
        .expect(409);
      expect(dup.body.error.code).toBe('duplicate_name');
      await t.http().patch(`/v1/lists/${id}`).set(ws.auth).send({ name: null }).expect(400);
      await t.http().patch(`/v1/lists/${id}`).set(ws.auth).send({ name: '' }).expect(400);
    });

    it('deletes a list and its memberships, but not its contacts', async () => {
      const id = await listId('Doomed');
      const ids = await contactIds(2, 'doomed');
      await addMembers(id, ids).expect(200);
      const res = await t.http().delete(`/v1/lists/${id}`).set(ws.auth).expect(200);
      expect(res.body).toEqual({ data: { deleted: true, id, memberships_removed: 2 } });
      await t.http().get(`/v1/lists/${id}`).set(ws.auth).expect(404);
      await t.http().delete(`/v1/lists/${id}`).set(ws.auth).expect(404);
      for (const contactId of ids)
        await t.http().get(`/v1/contacts/${contactId}`).set(ws.auth).expect(200);
    });

    it('is 404 for unknown and malformed ids', async () => {
      for (const id of [UNKNOWN_ID, 'abc-123']) {
        const res = await t.http().get(`/v1/lists/${id}`).set(ws.auth).expect(404);
        expect(res.body.error.code).toBe('not_found');
      }
    });
  });

  describe('list members', () => {
    it('adds contacts, skipping those already in the list', async () => {
      const id = await listId('Members');
      const ids = await contactIds(3, 'members');
      const first = await addMembers(id, [ids[0], ids[1], ids[1]]).expect(200);
      expect(first.body).toEqual({ data: { added: 2, list_id: id, contact_count: 2 } });
      const second = await addMembers(id, ids).expect(200);
      expect(second.body.data).toEqual({ added: 1, list_id: id, contact_count: 3 });
      const page = await t
        .http()
        .get(`/v1/lists/${id}/contacts?per_page=2`)
        .set(ws.auth)
        .expect(200);
      expect(page.body.meta).toEqual({
        page: 1,
        per_page: 2,
        total: 3,
        total_relation: 'eq',
        next_cursor: expect.any(String),
      });
      expect(page.body.data.contacts).toHaveLength(2);
      expect(page.body.data.contacts[0]).toMatchObject({
        id: expect.any(String),
        email: expect.any(String),
      });
    });

    it('adds nothing when any id is not a contact of this workspace, naming it', async () => {
      const id = await listId('All or nothing');
      const [mine] = await contactIds(1, 'allornothing');
      const other = await t.createWorkspace();
      const [foreign] = await contactIds(1, 'foreign', other.auth);
      for (const bad of [UNKNOWN_ID, foreign, 'not-an-id']) {
        const res = await addMembers(id, [mine, bad]).expect(404);
        expect(res.body.error.code).toBe('not_found');
        expect(res.body.error.message).toContain(bad);
        expect(res.body.error.details.missing_contact_ids).toEqual([bad]);
      }
      expect(
        (await t.http().get(`/v1/lists/${id}`).set(ws.auth).expect(200)).body.data.contact_count,
      ).toBe(0);
    });

    it('needs 1 to 1,000 string ids', async () => {
      const id = await listId('Bounds');
      await addMembers(id, []).expect(400);
      await addMembers(
        id,
        Array.from({ length: 1001 }, () => UNKNOWN_ID),
      ).expect(400);
      await t
        .http()
        .post(`/v1/lists/${id}/contacts`)
        .set(ws.auth)
        .send({ contact_ids: [1] })
        .expect(400);
      await t.http().post(`/v1/lists/${id}/contacts`).set(ws.auth).send({}).expect(400);
    });

    it('removes a member, and a non-member is 404', async () => {
      const id = await listId('Removal');
      const [member, outsider] = await contactIds(2, 'removal');
      await addMembers(id, [member]).expect(200);
      const res = await t
        .http()
        .delete(`/v1/lists/${id}/contacts/${member}`)
        .set(ws.auth)
        .expect(200);
      expect(res.body).toEqual({ data: { removed: true, list_id: id, contact_id: member } });
      for (const contactId of [member, outsider, UNKNOWN_ID, 'bad-id']) {
        const again = await t
          .http()
          .delete(`/v1/lists/${id}/contacts/${contactId}`)
          .set(ws.auth)
          .expect(404);
        expect(again.body.error.code).toBe('not_found');
      }
    });
  });

  describe('permissions', () => {
    it('needs lists:read to read and lists:write to write', async () => {
      const id = await listId('Permissions');
      const [contact] = await contactIds(1, 'perm');
      const { key } = await t.createKey(ws.id, ['lists:read']);
      const reader = { Authorization: `Bearer ${key}` };
      await t.http().get(`/v1/lists/${id}`).set(reader).expect(200);
      await t.http().get(`/v1/lists/${id}/contacts`).set(reader).expect(200);
      const writes = [
        t.http().post('/v1/lists').set(reader).send({ name: 'No' }),
        t.http().patch(`/v1/lists/${id}`).set(reader).send({ name: 'No' }),
        t.http().delete(`/v1/lists/${id}`).set(reader),
        t
          .http()
          .post(`/v1/lists/${id}/contacts`)
          .set(reader)
          .send({ contact_ids: [contact] }),
        t.http().delete(`/v1/lists/${id}/contacts/${contact}`).set(reader),
      ];
      for (const res of await Promise.all(writes)) {
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain('lists:write');
      }
      const readOnly = await t.createWorkspace({ scopes: ['contacts:read'] });
      await t.http().get('/v1/lists').set(readOnly.auth).expect(403);
    });
  });

  describe('workspace isolation', () => {
    it("treats another workspace's list as not found on every route", async () => {
      const other = await t.createWorkspace();
      const foreignList = await listId('Theirs', other.auth);
      const [theirContact] = await contactIds(1, 'theirs', other.auth);
      await addMembers(foreignList, [theirContact], other.auth).expect(200);
      const [myContact] = await contactIds(1, 'mine');
      const routes = [
        t.http().get(`/v1/lists/${foreignList}`).set(ws.auth),
        t.http().patch(`/v1/lists/${foreignList}`).set(ws.auth).send({ name: 'Stolen' }),
        t.http().delete(`/v1/lists/${foreignList}`).set(ws.auth),
        t.http().get(`/v1/lists/${foreignList}/contacts`).set(ws.auth),
        addMembers(foreignList, [myContact]),
        t.http().delete(`/v1/lists/${foreignList}/contacts/${theirContact}`).set(ws.auth),
      ];
      for (const res of await Promise.all(routes)) {
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('not_found');
      }
      const lists = await t.http().get('/v1/lists?search=Theirs').set(ws.auth).expect(200);
      expect(lists.body.data.lists).toEqual([]);
      const theirs = await t.http().get(`/v1/lists/${foreignList}`).set(other.auth).expect(200);
      expect(theirs.body.data).toMatchObject({ name: 'Theirs', contact_count: 1 });
    });
  });
});
