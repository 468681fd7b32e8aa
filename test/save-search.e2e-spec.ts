import { ProspectFields } from '../src/modules/prospects/prospect-fields';
import { newProspectId } from '../src/modules/prospects/prospect-ids';
import { ProspectWriter } from '../src/modules/prospects/prospect-writer';
import { withFailingListMemberships } from './helpers/injected-faults';
import { startTestApp, TestApp } from './helpers/test-app';

const DOMAIN = 'save-search.test';
const TITLE = 'Chief Saving Officer';
/** More people than one saved search may save, all with the same rare title. */
const BULK_TITLE = 'Bulk Saving Clerk';
const BULK = 10_050;

type Person = ProspectFields & { id: string };

function person(n: number, fields: Partial<ProspectFields> = {}): Person {
  return {
    id: newProspectId(),
    name: `Saver ${n}`,
    first_name: 'Saver',
    last_name: String(n),
    email: `saver${n}@${DOMAIN}`,
    title: TITLE,
    seniority: 'c_suite',
    department: 'finance',
    company_name: 'Saving Co',
    company_domain: DOMAIN,
    industry: 'Banking',
    employee_count: 40,
    annual_revenue: 2_000_000,
    city: 'Lisbon',
    region: 'Lisbon',
    country: 'Portugal',
    company_city: 'Lisbon',
    company_region: 'Lisbon',
    company_country: 'Portugal',
    linkedin_url: `https://linkedin.com/in/saver-${n}`,
    ...fields,
  };
}

/** 12 savers in id order: every third without email (known by LinkedIn URL), #5 a Deputy. */
const SAVERS = Array.from({ length: 12 }, (_, n) =>
  person(n, {
    ...(n % 3 === 2 ? { email: null } : {}),
    ...(n === 5 ? { title: `Deputy ${TITLE}` } : {}),
  }),
);

interface SavedContact {
  id: string;
  full_name: string;
  email: string | null;
  linkedin_url: string | null;
}

describe('POST /v1/prospects/save with a search (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    const writer = t.app.get(ProspectWriter);
    await writer.insertNew(SAVERS);
    await writer.insertNew(
      Array.from({ length: BULK }, (_, n) =>
        person(100_000 + n, { title: BULK_TITLE, name: `Bulk ${n}` }),
      ),
    );
  });
  afterAll(() => t.close());

  const save = (body: unknown, auth: Record<string, string>) =>
    t
      .http()
      .post('/v1/prospects/save')
      .set(auth)
      .send(body as object);
  const createList = async (name: string, auth: Record<string, string>): Promise<string> =>
    (await t.http().post('/v1/lists').set(auth).send({ name }).expect(201)).body.data.id;
  const count = async (sql: string, param: string): Promise<number> =>
    Number((await t.dataSource.query<{ n: string }[]>(sql, [param]))[0].n);
  const countContacts = (workspaceId: string) =>
    count('SELECT count(*) AS n FROM contacts WHERE workspace_id = $1', workspaceId);
  const countMembers = (listId: string) =>
    count('SELECT count(*) AS n FROM list_memberships WHERE list_id = $1', listId);
  /** How a contact and a prospect are recognised as one person. */
  const identity = (p: { email: string | null; linkedin_url: string | null }) =>
    p.email ?? p.linkedin_url;
  const searchResults = async (auth: Record<string, string>, body: object) =>
    (await t.http().post('/v1/prospects/search').set(auth).send(body).expect(200)).body.data
      .prospects as Person[];

  describe('what it saves', () => {
    it('saves the first `limit` matches in search order, as the search shows them', async () => {
      const ws = await t.createWorkspace();
      const res = await save({ search: { titles: TITLE }, limit: 5 }, ws.auth).expect(201);
      const shown = await searchResults(ws.auth, { titles: TITLE, per_page: 5 });
      expect(res.body.data).toMatchObject({
        created: 5,
        skipped: 0,
        duplicates: [],
        list_id: null,
        added_to_list: 0,
      });
      expect(res.body.data.contacts.map(identity)).toEqual(shown.map(identity));
      expect(res.body.data.contacts.map(identity)).toEqual(SAVERS.slice(0, 5).map(identity));
      expect(res.body.data.contacts[2]).toMatchObject({
        full_name: 'Saver 2',
        email: null,
        job_title: TITLE,
        company_name: 'Saving Co',
        linkedin_url: 'https://linkedin.com/in/saver-2',
      });
      expect(await countContacts(ws.id)).toBe(5);
    });

    it('saves every match when fewer than `limit` match, and nothing when none do', async () => {
      const ws = await t.createWorkspace();
      const all = await save({ search: { titles: [TITLE] }, limit: 10_000 }, ws.auth).expect(201);
      expect(all.body.data.created).toBe(SAVERS.length);
      const none = await save({ search: { titles: 'Astronaut' }, limit: 10 }, ws.auth).expect(201);
      expect(none.body.data).toEqual({
        created: 0,
        contacts: [],
        skipped: 0,
        duplicates: [],
        list_id: null,
        added_to_list: 0,
      });
      expect(await countContacts(ws.id)).toBe(SAVERS.length);
    });

    it('takes every body form: workflow with exclusions, flat, legacy', async () => {
      const ws = await t.createWorkspace();
      const workflow = await save(
        {
          search: {
            query: {
              person_titles: [TITLE],
              not_person_titles: ['Deputy'],
              organization_locations: 'Portugal',
              organization_revenue_ranges: ['1M-10M'],
            },
            per_page: 3, // paging is checked, and not what is saved
          },
          limit: 100,
        },
        ws.auth,
      ).expect(201);
      expect(workflow.body.data.created).toBe(SAVERS.length - 1);
      expect(workflow.body.data.contacts.map((c: SavedContact) => c.full_name)).not.toContain(
        'Saver 5',
      );
      const flat = await save(
        { search: { titles: 'Deputy', company_domains: DOMAIN }, limit: 100 },
        ws.auth,
      ).expect(201);
      expect(flat.body.data.contacts.map((c: SavedContact) => c.full_name)).toEqual(['Saver 5']);
      const legacy = await save({ search: { query: TITLE }, limit: 100 }, ws.auth).expect(201);
      expect(legacy.body.data).toMatchObject({ created: 0, skipped: SAVERS.length });
    });

    it('dedupes against contacts already there, by email or else LinkedIn URL, in search order', async () => {
      const ws = await t.createWorkspace();
      const earlier = await save(
        {
          prospects: [
            { name: 'Known One', email: SAVERS[1].email!.toUpperCase() },
            { name: 'Known Two', linkedin_url: 'https://www.linkedin.com/in/Saver-2/' },
            { name: 'Known Seven', email: SAVERS[7].email },
          ],
        },
        ws.auth,
      ).expect(201);
      const known = earlier.body.data.contacts as SavedContact[];
      const res = await save({ search: { titles: TITLE }, limit: 8 }, ws.auth).expect(201);
      expect(res.body.data).toMatchObject({ created: 5, skipped: 3 });
      expect(res.body.data.duplicates).toEqual([
        {
          index: 1,
          email: SAVERS[1].email,
          linkedin_url: SAVERS[1].linkedin_url,
          existing_contact_id: known[0].id,
        },
        {
          index: 2,
          email: null,
          linkedin_url: SAVERS[2].linkedin_url,
          existing_contact_id: known[1].id,
        },
        {
          index: 7,
          email: SAVERS[7].email,
          linkedin_url: SAVERS[7].linkedin_url,
          existing_contact_id: known[2].id,
        },
      ]);
      expect(res.body.data.contacts.map((c: SavedContact) => c.full_name)).toEqual(
        [0, 3, 4, 5, 6].map((n) => `Saver ${n}`),
      );
      expect(await countContacts(ws.id)).toBe(8);
    });

    it('puts every match, new or already a contact, into the list', async () => {
      const ws = await t.createWorkspace();
      const listId = await createList('Savers', ws.auth);
      await save({ prospects: [{ email: SAVERS[0].email }] }, ws.auth).expect(201);
      const res = await save(
        { search: { titles: TITLE }, limit: 100, list_id: listId },
        ws.auth,
      ).expect(201);
      expect(res.body.data).toMatchObject({
        created: SAVERS.length - 1,
        skipped: 1,
        list_id: listId,
        added_to_list: SAVERS.length,
      });
      expect(await countMembers(listId)).toBe(SAVERS.length);
      const again = await save(
        { search: { titles: TITLE }, limit: 100, list_id: listId },
        ws.auth,
      ).expect(201);
      expect(again.body.data).toMatchObject({
        created: 0,
        skipped: SAVERS.length,
        added_to_list: 0,
      });
      const list = await t.http().get(`/v1/lists/${listId}`).set(ws.auth).expect(200);
      expect(list.body.data.contact_count).toBe(SAVERS.length);
    });
  });

  describe('limits', () => {
    it('saves up to 10,000 matches in one call, listing the first 1,000 contacts created', async () => {
      const ws = await t.createWorkspace();
      const listId = await createList('Ten thousand', ws.auth);
      const res = await save(
        { search: { titles: BULK_TITLE }, limit: 10_000, list_id: listId },
        ws.auth,
      ).expect(201);
      expect(res.body.data).toMatchObject({ created: 10_000, skipped: 0, added_to_list: 10_000 });
      expect(res.body.data.contacts).toHaveLength(1_000);
      const firstPage = await searchResults(ws.auth, { titles: BULK_TITLE, per_page: 100 });
      expect(res.body.data.contacts.slice(0, 100).map(identity)).toEqual(firstPage.map(identity));
      expect(await countContacts(ws.id)).toBe(10_000);
      expect(await countMembers(listId)).toBe(10_000);
      // Exactly the first 10,000 in search order: the last page of the search is the last saved.
      const lastPage = await searchResults(ws.auth, {
        titles: BULK_TITLE,
        page: 100,
        per_page: 100,
      });
      const [{ n }] = await t.dataSource.query<{ n: string }[]>(
        'SELECT count(*) AS n FROM contacts WHERE workspace_id = $1 AND email_normalized = ANY($2)',
        [ws.id, lastPage.map((p) => p.email)],
      );
      expect(Number(n)).toBe(100);

      // Saved again: every match a duplicate, the first 1,000 of them listed.
      const again = await save({ search: { titles: BULK_TITLE }, limit: 2_500 }, ws.auth).expect(
        201,
      );
      expect(again.body.data).toMatchObject({ created: 0, contacts: [], skipped: 2_500 });
      expect(again.body.data.duplicates).toHaveLength(1_000);
      expect(again.body.data.duplicates[999].index).toBe(999);
    });

    const invalid: [string, object, string][] = [
      ['no limit', { search: { titles: TITLE } }, 'limit'],
      ['a null limit', { search: { titles: TITLE }, limit: null }, 'limit'],
      ['limit 0', { search: { titles: TITLE }, limit: 0 }, 'limit'],
      ['limit 10,001', { search: { titles: TITLE }, limit: 10_001 }, 'limit'],
      ['a fractional limit', { search: { titles: TITLE }, limit: 2.5 }, 'limit'],
      ['a limit as a string', { search: { titles: TITLE }, limit: '10' }, 'limit'],
      ['a search that is a string', { search: 'CEO', limit: 10 }, 'search'],
      ['a search that is a list', { search: [{ titles: TITLE }], limit: 10 }, 'search'],
      ['a bad flat filter', { search: { titles: 5 }, limit: 10 }, 'search.titles'],
      [
        'a bad workflow filter',
        { search: { query: { organization_revenue_ranges: ['lots'] } }, limit: 10 },
        'search.query.organization_revenue_ranges',
      ],
      [
        'a search past the paging cap',
        { search: { titles: TITLE, page: 101, per_page: 100 }, limit: 10 },
        'search.page',
      ],
      [
        'both prospects and search',
        { prospects: [{ email: 'a@b.example' }], search: { titles: TITLE }, limit: 10 },
        'search',
      ],
      [
        'a list id that is a number',
        { search: { titles: TITLE }, limit: 10, list_id: 7 },
        'list_id',
      ],
    ];

    it.each(invalid)(
      'refuses %s with 400 naming the field, saving nothing',
      async (_, body, field) => {
        const ws = await t.createWorkspace();
        const res = await save(body, ws.auth).expect(400);
        expect(res.body.error.code).toBe('validation_error');
        expect(res.body.error.details[field]).toEqual([expect.any(String)]);
        expect(await countContacts(ws.id)).toBe(0);
      },
    );

    it('says what limit is for when it is missing', async () => {
      const ws = await t.createWorkspace();
      const res = await save({ search: { titles: TITLE } }, ws.auth).expect(400);
      expect(res.body.error.message).toBe(
        'limit is required with search: how many matches to save, 1 to 10000.',
      );
    });
  });

  describe('lists, permissions, atomicity, idempotency', () => {
    it("treats another workspace's list, or an unknown one, as not found and saves nothing", async () => {
      const other = await t.createWorkspace();
      const foreignList = await createList('Foreign', other.auth);
      const mine = await t.createWorkspace();
      for (const listId of [foreignList, '00000000-0000-4000-8000-000000000000', 'abc-123']) {
        const res = await save(
          { search: { titles: TITLE }, limit: 100, list_id: listId },
          mine.auth,
        ).expect(404);
        expect(res.body.error.code).toBe('not_found');
      }
      expect(await countContacts(mine.id)).toBe(0);
      expect(await countMembers(foreignList)).toBe(0);
    });

    it('needs prospects:read as well as contacts:write, and lists:write with a list', async () => {
      const owner = await t.createWorkspace();
      const listId = await createList('Needs scopes', owner.auth);
      const writeOnly = await t.createKey(owner.id, ['write']);
      const auth = { Authorization: `Bearer ${writeOnly.key}` };
      const refused = await save({ search: { titles: TITLE }, limit: 10 }, auth).expect(403);
      expect(refused.body.error.code).toBe('insufficient_permissions');
      expect(refused.body.error.message).toContain('prospects:read');
      const noLists = await t.createKey(owner.id, ['contacts:write', 'prospects:read']);
      const noListsAuth = { Authorization: `Bearer ${noLists.key}` };
      const noList = await save(
        { search: { titles: TITLE }, limit: 10, list_id: listId },
        noListsAuth,
      ).expect(403);
      expect(noList.body.error.message).toContain('lists:write');
      const readOnly = await t.createKey(owner.id, ['read']);
      const noWrite = await save(
        { search: { titles: TITLE }, limit: 10 },
        { Authorization: `Bearer ${readOnly.key}` },
      ).expect(403);
      expect(noWrite.body.error.message).toContain('contacts:write');
      expect(await countContacts(owner.id)).toBe(0);
      await save({ search: { titles: TITLE }, limit: 10 }, noListsAuth).expect(201);
      expect(await countContacts(owner.id)).toBe(10);
    });

    it('leaves no contact behind when the list step fails', async () => {
      const ws = await t.createWorkspace();
      const listId = await createList('Failing', ws.auth);
      await withFailingListMemberships(t, async () => {
        const res = await save(
          { search: { titles: BULK_TITLE }, limit: 3_000, list_id: listId },
          ws.auth,
        ).expect(500);
        expect(res.body.error.code).toBe('internal_error');
      });
      expect(await countContacts(ws.id)).toBe(0);
      const retry = await save(
        { search: { titles: BULK_TITLE }, limit: 3_000, list_id: listId },
        ws.auth,
      ).expect(201);
      expect(retry.body.data).toMatchObject({ created: 3_000, added_to_list: 3_000 });
    });

    it('replays a repeated Idempotency-Key with the stored response, saving nothing again', async () => {
      const ws = await t.createWorkspace();
      const body = { search: { titles: TITLE }, limit: 4 };
      const send = () =>
        t.http().post('/v1/prospects/save').set(ws.auth).set('Idempotency-Key', 'save-search-1');
      const first = await send().send(body).expect(201);
      expect(first.body.data.created).toBe(4);
      // Another request saving more of the same search, so a new save would now skip the four.
      await save({ search: { titles: TITLE }, limit: 6 }, ws.auth).expect(201);
      const replay = await send().send(body).expect(201);
      expect(replay.text).toBe(first.text);
      expect(await countContacts(ws.id)).toBe(6);
    });
  });
});
