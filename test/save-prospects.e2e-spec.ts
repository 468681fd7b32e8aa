import { withFailingListMemberships } from './helpers/injected-faults';
import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

/** The seed page's example request, exactly as written there. */
const SEED_PROSPECT = {
  name: 'John Smith',
  email: 'john@example.com',
  title: 'CEO',
  company_name: 'Acme Legal Corp',
  linkedin_url: 'https://linkedin.com/in/johnsmith',
};

/** A Prospect object as `POST /v1/prospects/search` returns it. */
function searchResult(n: number, overrides: Record<string, unknown> = {}) {
  return {
    id: `6b1f0c4e-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name: `Person ${n}`,
    first_name: 'Person',
    last_name: String(n),
    email: `person${n}@lawfirm.example`,
    title: 'CEO & Founder',
    seniority: 'c_suite',
    department: 'executive',
    company_name: 'Lawfirm LLP',
    company_domain: 'lawfirm.example',
    industry: 'Legal Services',
    employee_count: 42,
    headcount: '11-50',
    location: 'Austin, Texas, United States',
    city: 'Austin',
    region: 'Texas',
    country: 'United States',
    linkedin_url: null,
    ...overrides,
  };
}

describe('POST /v1/prospects/save (e2e)', () => {
  let t: TestApp;
  let ws: TestWorkspace;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await t.createWorkspace();
  });
  afterAll(() => t.close());

  const save = (body: unknown, auth = ws.auth) =>
    t
      .http()
      .post('/v1/prospects/save')
      .set(auth)
      .send(body as object);
  const createList = async (name: string, auth = ws.auth): Promise<string> =>
    (await t.http().post('/v1/lists').set(auth).send({ name }).expect(201)).body.data.id;
  const countContacts = async (workspaceId: string): Promise<number> =>
    Number(
      (
        await t.dataSource.query('SELECT count(*) AS n FROM contacts WHERE workspace_id = $1', [
          workspaceId,
        ])
      )[0].n,
    );
  const countMembers = async (listId: string): Promise<number> =>
    Number(
      (
        await t.dataSource.query('SELECT count(*) AS n FROM list_memberships WHERE list_id = $1', [
          listId,
        ])
      )[0].n,
    );

  describe('the seed page', () => {
    let seedWs: TestWorkspace;
    beforeAll(async () => {
      seedWs = await t.createWorkspace();
    });

    it("answers the example request with the example response's shape", async () => {
      const res = await save({ prospects: [SEED_PROSPECT] }, seedWs.auth).expect(201);
      expect(res.body.data).toMatchObject({
        created: 1,
        contacts: [
          {
            id: expect.stringMatching(/^[0-9a-f-]{36}$/),
            full_name: 'John Smith',
            email: 'john@example.com',
            job_title: 'CEO',
            company_name: 'Acme Legal Corp',
          },
        ],
      });
      expect(res.body.data).toEqual({
        created: 1,
        contacts: [
          {
            id: res.body.data.contacts[0].id,
            full_name: 'John Smith',
            first_name: 'John',
            last_name: 'Smith',
            email: 'john@example.com',
            job_title: 'CEO',
            company_name: 'Acme Legal Corp',
            linkedin_url: 'https://linkedin.com/in/johnsmith',
            created_at: expect.any(String),
          },
        ],
        skipped: 0,
        duplicates: [],
        list_id: null,
        added_to_list: 0,
      });
    });

    it('skips the same prospect saved again, and JOHN@Example.com is the same person', async () => {
      const [{ id }] = await t.dataSource.query('SELECT id FROM contacts WHERE workspace_id = $1', [
        seedWs.id,
      ]);
      const again = await save({ prospects: [SEED_PROSPECT] }, seedWs.auth).expect(201);
      expect(again.body.data).toMatchObject({ created: 0, contacts: [], skipped: 1 });
      const shouted = await save(
        { prospects: [{ ...SEED_PROSPECT, email: '  JOHN@Example.com ' }] },
        seedWs.auth,
      ).expect(201);
      expect(shouted.body.data).toEqual({
        created: 0,
        contacts: [],
        skipped: 1,
        duplicates: [
          {
            index: 0,
            email: 'john@example.com',
            linkedin_url: 'https://linkedin.com/in/johnsmith',
            existing_contact_id: id,
          },
        ],
        list_id: null,
        added_to_list: 0,
      });
      expect(await countContacts(seedWs.id)).toBe(1);
    });

    it('refuses its example list id "abc-123" with 404 and writes nothing', async () => {
      const fresh = await t.createWorkspace();
      const res = await save({ prospects: [SEED_PROSPECT], list_id: 'abc-123' }, fresh.auth).expect(
        404,
      );
      expect(res.body.error).toMatchObject({ code: 'not_found', request_id: expect.any(String) });
      expect(await countContacts(fresh.id)).toBe(0);
    });

    it('runs the complete workflow: search results straight into save, into a new list', async () => {
      const fresh = await t.createWorkspace();
      const listRes = await t
        .http()
        .post('/v1/lists')
        .set(fresh.auth)
        .send({ name: 'Law Firm CEOs', description: 'Q1 Campaign' })
        .expect(201);
      const listId = listRes.body.data.id;
      const prospects = [1, 2, 3].map((n) => searchResult(n));
      const res = await save({ prospects, list_id: listId }, fresh.auth).expect(201);
      expect(res.body.data).toMatchObject({
        created: 3,
        skipped: 0,
        list_id: listId,
        added_to_list: 3,
      });
      expect(res.body.data.contacts[0]).toMatchObject({
        full_name: 'Person 1',
        first_name: 'Person',
        last_name: '1',
        job_title: 'CEO & Founder',
        linkedin_url: null,
      });
      const list = await t.http().get(`/v1/lists/${listId}`).set(fresh.auth).expect(200);
      expect(list.body.data.contact_count).toBe(3);
    });
  });

  describe('deduplication', () => {
    it('collapses in-request duplicates to the first occurrence', async () => {
      const res = await save({
        prospects: [
          { name: 'Ann', email: 'ann@dup.example' },
          { name: 'Bob', email: 'bob@dup.example' },
          { name: 'Ann Again', email: ' ANN@dup.example' },
        ],
      }).expect(201);
      const [ann, bob] = res.body.data.contacts;
      expect(res.body.data.created).toBe(2);
      expect([ann.full_name, bob.full_name]).toEqual(['Ann', 'Bob']);
      expect(res.body.data.duplicates).toEqual([
        { index: 2, email: 'ann@dup.example', linkedin_url: null, existing_contact_id: ann.id },
      ]);
    });

    it('dedupes prospects without email on their normalised LinkedIn URL', async () => {
      const first = await save({
        prospects: [{ name: 'Li One', linkedin_url: 'https://www.linkedin.com/in/Li-One/' }],
      }).expect(201);
      const id = first.body.data.contacts[0].id;
      expect(first.body.data.contacts[0].linkedin_url).toBe('https://linkedin.com/in/li-one');
      const again = await save({
        prospects: [
          { name: 'Li One', linkedin_url: 'linkedin.com/in/li-one?trk=abc' },
          { name: 'Li One', linkedin_url: 'http://linkedin.com/in/LI-ONE' },
        ],
      }).expect(201);
      expect(again.body.data.created).toBe(0);
      expect(
        again.body.data.duplicates.map(
          (d: { existing_contact_id: string }) => d.existing_contact_id,
        ),
      ).toEqual([id, id]);
    });

    it('matches an email-less prospect to a contact that has an email and that LinkedIn URL', async () => {
      const first = await save({
        prospects: [{ email: 'has.email@li.example', linkedin_url: 'linkedin.com/in/has-email' }],
      }).expect(201);
      const again = await save({
        prospects: [{ name: 'Has Email', linkedin_url: 'https://linkedin.com/in/has-email/' }],
      }).expect(201);
      expect(again.body.data).toMatchObject({ created: 0, skipped: 1 });
      expect(again.body.data.duplicates[0].existing_contact_id).toBe(
        first.body.data.contacts[0].id,
      );
    });

    it('derives a name from the email when none is given', async () => {
      const res = await save({ prospects: [{ email: 'mary.ann.lee@names.example' }] }).expect(201);
      expect(res.body.data.contacts[0]).toMatchObject({
        full_name: 'Mary Ann Lee',
        first_name: 'Mary',
        last_name: 'Ann Lee',
      });
    });

    it('adds every saved prospect, new or duplicate, to the list, counting only new memberships', async () => {
      const listId = await createList('Dedupe list');
      await save({
        prospects: [{ email: 'old1@list.example' }, { email: 'old2@list.example' }],
      }).expect(201);
      const res = await save({
        prospects: [
          { email: 'old1@list.example' },
          { email: 'new@list.example' },
          { email: 'NEW@list.example' },
        ],
        list_id: listId,
      }).expect(201);
      expect(res.body.data).toMatchObject({
        created: 1,
        skipped: 2,
        added_to_list: 2,
        list_id: listId,
      });
      const again = await save({
        prospects: [{ email: 'old1@list.example' }, { email: 'old2@list.example' }],
        list_id: listId,
      }).expect(201);
      expect(again.body.data).toMatchObject({ created: 0, skipped: 2, added_to_list: 1 });
      expect(await countMembers(listId)).toBe(3);
    });

    it('saves 1,000 prospects in one request', async () => {
      const prospects = Array.from({ length: 1000 }, (_, n) => searchResult(10_000 + n));
      const res = await save({ prospects }).expect(201);
      expect(res.body.data.created).toBe(1000);
      expect(res.body.data.contacts.map((c: { email: string }) => c.email)).toEqual(
        prospects.map((p) => p.email),
      );
    });
  });

  describe('concurrency', () => {
    const emails = Array.from({ length: 200 }, (_, n) => `person${n}@race.example`);
    /** A different order and a different casing for each request. */
    const shuffledMixedCase = (list: string[], seed: number) =>
      list
        .map((email, n) => ({ email, order: (n * 7919 + seed * 104729) % 1009 }))
        .sort((a, b) => a.order - b.order)
        .map(({ email }, n) => ({ email: (n + seed) % 2 ? email.toUpperCase() : email }));

    const saveConcurrently = async (sets: string[][]) => {
      const workspace = await t.createWorkspace();
      const listId = await createList('Concurrent', workspace.auth);
      const responses = await Promise.all(
        sets.map((set, seed) =>
          save({ prospects: shuffledMixedCase(set, seed), list_id: listId }, workspace.auth),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(sets.length).fill(201));
      const sum = (field: string) =>
        responses.reduce((total, r) => total + Number(r.body.data[field]), 0);
      return { workspace, listId, created: sum('created'), added: sum('added_to_list') };
    };

    it('16 concurrent saves of the same 200 emails create each exactly once', async () => {
      const run = await saveConcurrently(Array.from({ length: 16 }, () => emails));
      expect(run.created).toBe(200);
      expect(run.added).toBe(200);
      expect(await countContacts(run.workspace.id)).toBe(200);
      expect(await countMembers(run.listId)).toBe(200);
    });

    it('16 concurrent saves of partly overlapping sets neither duplicate nor deadlock', async () => {
      // Each request: 150 of the 200 emails, starting at a different offset; together, all 200.
      const windows = Array.from({ length: 16 }, (_, k) =>
        Array.from({ length: 150 }, (_, j) => emails[(k * 13 + j) % 200]),
      );
      const run = await saveConcurrently(windows);
      expect(run.created).toBe(200);
      expect(run.added).toBe(200);
      expect(await countContacts(run.workspace.id)).toBe(200);
      expect(await countMembers(run.listId)).toBe(200);
    });
  });

  describe('atomicity', () => {
    it('leaves no contact behind when the membership step fails', async () => {
      const workspace = await t.createWorkspace();
      const listId = await createList('Failing', workspace.auth);
      await withFailingListMemberships(t, async () => {
        const res = await save(
          {
            prospects: [{ email: 'a@atomic.example' }, { email: 'b@atomic.example' }],
            list_id: listId,
          },
          workspace.auth,
        ).expect(500);
        expect(res.body.error.code).toBe('internal_error');
        expect(JSON.stringify(res.body)).not.toContain('injected');
      });
      expect(await countContacts(workspace.id)).toBe(0);
      const retry = await save(
        { prospects: [{ email: 'a@atomic.example' }], list_id: listId },
        workspace.auth,
      ).expect(201);
      expect(retry.body.data).toMatchObject({ created: 1, added_to_list: 1 });
    });
  });

  describe('permissions', () => {
    it('refuses a read-only key with 403 and writes nothing', async () => {
      const readOnly = await t.createWorkspace({ scopes: ['read'] });
      const res = await save({ prospects: [SEED_PROSPECT] }, readOnly.auth).expect(403);
      expect(res.body.error.code).toBe('insufficient_permissions');
      expect(res.body.error.message).toContain('contacts:write');
      expect(await countContacts(readOnly.id)).toBe(0);
    });

    it('needs lists:write as well when a list_id is given', async () => {
      const owner = await t.createWorkspace();
      const listId = await createList('Needs lists:write', owner.auth);
      const { key } = await t.createKey(owner.id, ['contacts:write']);
      const auth = { Authorization: `Bearer ${key}` };
      const res = await save({ prospects: [SEED_PROSPECT], list_id: listId }, auth).expect(403);
      expect(res.body.error.message).toContain('lists:write');
      expect(await countContacts(owner.id)).toBe(0);
      await save({ prospects: [SEED_PROSPECT] }, auth).expect(201);
    });

    it("treats another workspace's list, or an unknown one, as not found and writes nothing", async () => {
      const other = await t.createWorkspace();
      const foreignList = await createList('Foreign', other.auth);
      const mine = await t.createWorkspace();
      for (const listId of [foreignList, '00000000-0000-4000-8000-000000000000']) {
        const res = await save(
          { prospects: [{ email: 'x@foreign.example' }], list_id: listId },
          mine.auth,
        ).expect(404);
        expect(res.body.error.code).toBe('not_found');
      }
      expect(await countContacts(mine.id)).toBe(0);
      expect(await countMembers(foreignList)).toBe(0);
    });
  });

  describe('validation', () => {
    const expectInvalid = async (body: unknown, field: string) => {
      const res = await save(body).expect(400);
      expect(res.body.error.code).toBe('validation_error');
      expect(Object.keys(res.body.error.details)).toContain(field);
      return res;
    };

    it('names the offending item and field', async () => {
      const prospects = [0, 1, 2, 3].map((n) => ({ email: `ok${n}@valid.example` }));
      prospects[3].email = 'not-an-email';
      await expectInvalid({ prospects }, 'prospects[3].email');
    });

    it('needs an email or a LinkedIn URL, and a name from somewhere', async () => {
      await expectInvalid(
        { prospects: [{ email: 'a@v.example' }, { name: 'No Key' }] },
        'prospects[1].email',
      );
      await expectInvalid(
        { prospects: [{ linkedin_url: 'linkedin.com/in/noname' }] },
        'prospects[0].name',
      );
      await expectInvalid(
        { prospects: [{ name: 'X', linkedin_url: 'https://example.com/x' }] },
        'prospects[0].linkedin_url',
      );
    });

    it('needs 1 to 1,000 prospects in an array', async () => {
      await expectInvalid({ prospects: [] }, 'prospects');
      await expectInvalid({}, 'prospects');
      await expectInvalid({ prospects: 'everyone' }, 'prospects');
      const tooMany = Array.from({ length: 1001 }, (_, n) => ({ email: `p${n}@many.example` }));
      await expectInvalid({ prospects: tooMany }, 'prospects');
    });

    it('refuses wrong types, NUL bytes and over-long strings with 400, never 500', async () => {
      await expectInvalid({ prospects: [{ email: 123 }] }, 'prospects[0].email');
      await expectInvalid(
        { prospects: [{ email: 'a@v.example', name: 'Nul\u0000Byte' }] },
        'prospects[0].name',
      );
      await expectInvalid(
        { prospects: [{ email: 'a@v.example', company_name: 'x'.repeat(301) }] },
        'prospects[0].company_name',
      );
      await expectInvalid(
        { prospects: [{ email: `${'a'.repeat(320)}@v.example` }] },
        'prospects[0].email',
      );
      await expectInvalid(
        {
          prospects: [{ email: 'a@v.example', linkedin_url: `linkedin.com/in/${'a'.repeat(500)}` }],
        },
        'prospects[0].linkedin_url',
      );
      await save({ prospects: [null] }).expect(400);
      await save({ prospects: [42] }).expect(400);
      await save({ prospects: [{ email: 'a@v.example' }], list_id: 7 }).expect(400);
    });

    it('accepts nulls and ignores unknown fields', async () => {
      const res = await save({
        prospects: [
          searchResult(99, { title: null, company_name: null, seniority: null, bogus: { a: 1 } }),
        ],
        list_id: null,
        also_unknown: true,
      }).expect(201);
      expect(res.body.data.contacts[0]).toMatchObject({ job_title: null, company_name: null });
    });
  });
});
