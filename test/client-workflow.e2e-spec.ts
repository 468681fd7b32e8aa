import { createProspectApiClient, ProspectApiClient } from '../clients/typescript';
import { startTestApp, TestApp } from './helpers/test-app';

// The seed page's workflow through the generated, type-checked client, against a running server.
describe('Generated TypeScript client (e2e)', () => {
  let t: TestApp;
  let api: ProspectApiClient;

  beforeAll(async () => {
    t = await startTestApp();
    const ws = await t.createWorkspace({ scopes: ['read', 'write'] });
    await t.dataSource.query(
      `INSERT INTO prospects (id, name, first_name, last_name, email, title, company_name, industry, linkedin_url)
       VALUES (gen_random_uuid(), 'Ada Lovelace', 'Ada', 'Lovelace', 'ada@lovelace-law.example', 'CEO & Founder',
               'Lovelace Law', 'Legal Services', 'https://www.linkedin.com/in/ada-lovelace'),
              (gen_random_uuid(), 'Alan Turing', 'Alan', 'Turing', 'alan@turing.example', 'CEO', 'Turing Labs',
               'Computer Software', NULL)`,
    );
    await t.app.listen(0, '127.0.0.1');
    api = createProspectApiClient((await t.app.getUrl()).replace('[::1]', '127.0.0.1'), ws.key);
  });
  afterAll(() => t.close());

  it('searches, creates a list, saves the results into it and lists the members', async () => {
    const search = await api.POST('/v1/prospects/search', {
      body: { query: { person_titles: ['CEO'], organization_industries: ['Legal'] }, per_page: 50 },
    });
    expect(search.response.status).toBe(200);
    const prospects = search.data!.data.prospects;
    expect(prospects.map((p) => p.email)).toEqual(['ada@lovelace-law.example']);

    const list = await api.POST('/v1/lists', {
      body: { name: 'Law Firm CEOs', description: 'Q1 Campaign' },
    });
    expect(list.response.status).toBe(201);
    const listId = list.data!.data.id;

    const saved = await api.POST('/v1/prospects/save', { body: { prospects, list_id: listId } });
    expect(saved.response.status).toBe(201);
    expect(saved.data!.data).toMatchObject({ created: 1, list_id: listId, added_to_list: 1 });

    const members = await api.GET('/v1/lists/{id}/contacts', { params: { path: { id: listId } } });
    expect(members.data!.data.contacts.map((c) => c.email)).toEqual(['ada@lovelace-law.example']);
    expect(members.data!.meta.total).toBe(1);

    const missing = await api.GET('/v1/lists/{id}', { params: { path: { id: 'abc-123' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error.code).toBe('not_found');
  });
});
