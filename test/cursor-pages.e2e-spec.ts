import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read as plain JSON
type Json = any;

/**
 * Cursor pages of contacts, list members and lists: a walk by `meta.next_cursor` sees every row
 * that existed when it started exactly once, in the listing's order, whatever is added meanwhile;
 * totals come with their relation; an altered cursor is a 400.
 */
describe('Cursor pages (e2e)', () => {
  let t: TestApp;
  let ws: TestWorkspace;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await t.createWorkspace();
  });
  afterAll(() => t.close());

  let batch = 0;
  /** `count` contacts saved in one statement: they share their created_at, so ids break ties. */
  const bulk = async (count: number, auth = ws.auth): Promise<string[]> => {
    batch += 1;
    const contacts = Array.from({ length: count }, (_, i) => ({
      full_name: `${['Ada', 'ada', 'Bob', 'Cy'][i % 4]} Person${batch}x${i}`,
      email: `p${batch}x${i}@cursor.example`,
    }));
    const res = await t.http().post('/v1/contacts/bulk').set(auth).send({ contacts }).expect(201);
    return res.body.data.contacts.map((c: { id: string }) => c.id);
  };

  /** Every id of a listing, page by cursor; `between` runs after each page. */
  const walk = async (
    path: string,
    query: Record<string, string | number>,
    between: () => Promise<unknown> = async () => {},
    auth = ws.auth,
  ): Promise<{ ids: string[]; pages: number }> => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: Json } = await t
        .http()
        .get(path)
        .query({ ...query, ...(cursor ? { cursor } : {}) })
        .set(auth)
        .expect(200);
      const rows = res.body.data.contacts ?? res.body.data.lists;
      ids.push(...rows.map((r: { id: string }) => r.id));
      expect(res.body.meta.page).toBe(cursor ? null : 1);
      cursor = res.body.meta.next_cursor;
      pages += 1;
      await between();
    } while (cursor);
    return { ids, pages };
  };

  const allByPage = async (path: string, query: Record<string, string | number>) =>
    (
      await t
        .http()
        .get(path)
        .query({ ...query, per_page: 100 })
        .set(ws.auth)
        .expect(200)
    ).body.data.contacts.map((c: { id: string }) => c.id);

  describe('GET /v1/contacts', () => {
    beforeAll(async () => {
      await bulk(30);
      await bulk(25);
      // One updated later, so updated_at differs from created_at order.
      const [first] = await allByPage('/v1/contacts', { sort: 'created_at' });
      await t.http().patch(`/v1/contacts/${first}`).set(ws.auth).send({ job_title: 'CTO' });
    });

    it.each(['-created_at', 'created_at', '-updated_at', 'updated_at', 'full_name', '-full_name'])(
      'walks every contact once, in the order of sort=%s',
      async (sort) => {
        const expected = await allByPage('/v1/contacts', { sort });
        const { ids, pages } = await walk('/v1/contacts', { sort, per_page: 7 });
        expect(ids).toEqual(expected);
        expect(pages).toBe(Math.ceil(expected.length / 7));
      },
    );

    it('never repeats or skips a contact that existed at the start, while contacts are added', async () => {
      for (const sort of ['-created_at', 'created_at', 'full_name']) {
        const before = await allByPage('/v1/contacts', { sort, search: 'person' });
        const { ids } = await walk('/v1/contacts', { sort, per_page: 9, search: 'person' }, () =>
          bulk(3),
        );
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.filter((id) => before.includes(id))).toEqual(before);
      }
    });

    it('gives the next cursor in page mode too, and null on the last page', async () => {
      const first = await t.http().get('/v1/contacts?per_page=5').set(ws.auth).expect(200);
      expect(first.body.meta).toEqual({
        page: 1,
        per_page: 5,
        total: expect.any(Number),
        total_relation: 'eq',
        next_cursor: expect.any(String),
      });
      const second = await t
        .http()
        .get('/v1/contacts')
        .query({ per_page: 5, cursor: first.body.meta.next_cursor })
        .set(ws.auth)
        .expect(200);
      const byPage = await t.http().get('/v1/contacts?per_page=5&page=2').set(ws.auth).expect(200);
      expect(second.body.data).toEqual(byPage.body.data);
      const total = first.body.meta.total;
      const last = await t
        .http()
        .get(`/v1/contacts?per_page=5&page=${Math.ceil(total / 5)}`)
        .set(ws.auth)
        .expect(200);
      expect(last.body.meta.next_cursor).toBeNull();
    });

    it('refuses an altered cursor, one from another query, and page with cursor (400)', async () => {
      const first = await t.http().get('/v1/contacts?per_page=5').set(ws.auth).expect(200);
      const cursor: string = first.body.meta.next_cursor;
      const flipped = `${cursor.slice(0, 10)}${cursor[10] === 'A' ? 'B' : 'A'}${cursor.slice(11)}`;
      for (const bad of [flipped, cursor.slice(0, -3), 'not-a-cursor', `${cursor}.x`, 'e30.']) {
        const res = await t.http().get('/v1/contacts').query({ cursor: bad }).set(ws.auth);
        expect([bad, res.status, res.body.error.code]).toEqual([bad, 400, 'validation_error']);
        expect(res.body.error.details).toHaveProperty('cursor');
      }
      const other = await t
        .http()
        .get('/v1/contacts')
        .query({ cursor, sort: 'full_name' })
        .set(ws.auth)
        .expect(400);
      expect(other.body.error.message).toMatch(/another query/);
      const both = await t
        .http()
        .get('/v1/contacts')
        .query({ cursor, page: 2 })
        .set(ws.auth)
        .expect(400);
      expect(both.body.error.details).toHaveProperty('page');
    });

    it("does not read another workspace's contacts through a cursor", async () => {
      const other = await t.createWorkspace();
      await bulk(4, other.auth);
      const first = await t.http().get('/v1/contacts?per_page=2').set(ws.auth).expect(200);
      const res = await t
        .http()
        .get('/v1/contacts')
        .query({ per_page: 100, cursor: first.body.meta.next_cursor })
        .set(other.auth)
        .expect(200);
      // The position is applied to the caller's own contacts only.
      const mine = await allByPage('/v1/contacts', {});
      expect(res.body.data.contacts.some((c: { id: string }) => mine.includes(c.id))).toBe(false);
    });
  });

  describe('totals', () => {
    it('keeps the workspace total exact through creates, bulk saves, deletes and concurrent saves', async () => {
      const own = await t.createWorkspace();
      const total = async () =>
        (await t.http().get('/v1/contacts?per_page=1').set(own.auth).expect(200)).body.meta;
      expect(await total()).toMatchObject({ total: 0, total_relation: 'eq' });
      const ids = await bulk(12, own.auth);
      await Promise.all(Array.from({ length: 8 }, () => bulk(5, own.auth)));
      await t.http().delete(`/v1/contacts/${ids[0]}`).set(own.auth).expect(200);
      const [{ count }] = await t.dataSource.query(
        'SELECT count(*)::int AS count FROM contacts WHERE workspace_id = $1',
        [own.id],
      );
      expect(count).toBe(12 + 40 - 1);
      expect(await total()).toMatchObject({ total: count, total_relation: 'eq' });
    });

    it("counts a list's members exactly, and a filtered listing exactly up to 10,000, then as at least 10,000", async () => {
      const big = await t.createWorkspace();
      await t.dataSource.query(
        `INSERT INTO contacts (workspace_id, full_name, email, email_normalized, source)
         SELECT $1, 'Many ' || i, 'm' || i || '@many.example', 'm' || i || '@many.example', 'api'
         FROM generate_series(1, 10005) AS i`,
        [big.id],
      );
      const meta = async (query: string) =>
        (await t.http().get(`/v1/contacts?per_page=1&${query}`).set(big.auth).expect(200)).body
          .meta;
      expect(await meta('')).toMatchObject({ total: 10005, total_relation: 'eq' });
      expect(await meta('search=many')).toMatchObject({ total: 10000, total_relation: 'gte' });
      expect(await meta('search=Many%2010004')).toMatchObject({ total: 1, total_relation: 'eq' });
      const [{ id }] = await t.dataSource.query(
        `SELECT id FROM contacts WHERE workspace_id = $1 ORDER BY full_name LIMIT 1`,
        [big.id],
      );
      const list = await t.http().post('/v1/lists').set(big.auth).send({ name: 'Few' }).expect(201);
      await t
        .http()
        .post(`/v1/lists/${list.body.data.id}/contacts`)
        .set(big.auth)
        .send({ contact_ids: [id] })
        .expect(200);
      expect(await meta(`list_id=${list.body.data.id}`)).toMatchObject({
        total: 1,
        total_relation: 'eq',
      });
    });
  });

  describe('GET /v1/lists/{id}/contacts and GET /v1/lists', () => {
    it('walks a list’s members and the workspace’s lists by cursor', async () => {
      const members = await bulk(23);
      const list = await t
        .http()
        .post('/v1/lists')
        .set(ws.auth)
        .send({ name: 'Walked' })
        .expect(201);
      const listId = list.body.data.id;
      await t
        .http()
        .post(`/v1/lists/${listId}/contacts`)
        .set(ws.auth)
        .send({ contact_ids: members })
        .expect(200);
      const expected = await allByPage(`/v1/lists/${listId}/contacts`, {});
      const { ids } = await walk(`/v1/lists/${listId}/contacts`, { per_page: 4 });
      expect(ids).toEqual(expected);
      expect(new Set(ids)).toEqual(new Set(members));

      for (let i = 0; i < 6; i += 1) {
        await t
          .http()
          .post('/v1/lists')
          .set(ws.auth)
          .send({ name: `Walked ${i}` })
          .expect(201);
      }
      const lists = (await t.http().get('/v1/lists?per_page=100').set(ws.auth).expect(200)).body;
      const walked = await walk('/v1/lists', { per_page: 2 });
      expect(walked.ids).toEqual(lists.data.lists.map((l: { id: string }) => l.id));
      expect(lists.meta).toMatchObject({ total: 7, total_relation: 'eq', next_cursor: null });
    });

    it('walks the lists a search finds by cursor, and refuses the cursor for another search', async () => {
      for (const name of ['Found A', 'Other B', 'found C', 'Other D', 'FOUND E']) {
        await t.http().post('/v1/lists').set(ws.auth).send({ name }).expect(201);
      }
      const found = await t
        .http()
        .get('/v1/lists')
        .query({ search: 'found', per_page: 100 })
        .set(ws.auth)
        .expect(200);
      expect(found.body.data.lists.map((l: { name: string }) => l.name).sort()).toEqual([
        'FOUND E',
        'Found A',
        'found C',
      ]);
      const walked = await walk('/v1/lists', { search: 'found', per_page: 1 });
      expect(walked.ids).toEqual(found.body.data.lists.map((l: { id: string }) => l.id));
      expect(walked.pages).toBe(3);
      const first = await t
        .http()
        .get('/v1/lists')
        .query({ search: 'found', per_page: 1 })
        .set(ws.auth)
        .expect(200);
      await t
        .http()
        .get('/v1/lists')
        .query({ search: 'other', per_page: 1, cursor: first.body.meta.next_cursor })
        .set(ws.auth)
        .expect(400);
    });
  });
});
