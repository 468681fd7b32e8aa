import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolve } from 'node:path';
import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

// examples/workflow.py — the seed page's Python workflow — against a running server.
describe('Python workflow example (e2e)', () => {
  let t: TestApp;
  let ws: TestWorkspace;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await t.createWorkspace({ scopes: ['read', 'write'] });
    await t.dataSource.query(
      `INSERT INTO prospects (id, name, first_name, last_name, email, title, company_name, industry)
       SELECT gen_random_uuid(), 'Counsel ' || i, 'Counsel', 'No' || i, 'ceo' || i || '@firm' || i || '.example',
              CASE WHEN i % 2 = 0 THEN 'CEO' ELSE 'Co-CEO' END, 'Firm ' || i, 'Legal Services'
       FROM generate_series(1, 60) AS i`,
    );
    await t.app.listen(0, '127.0.0.1');
    baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => t.close());

  // Asynchronous: the server answering the script runs in this very process.
  const runScript = (key: string) =>
    promisify(execFile)('python3', [resolve(__dirname, '../examples/workflow.py')], {
      env: { ...process.env, PROSPECT_API_URL: baseUrl, PROSPECT_API_KEY: key },
      timeout: 30_000,
    });

  it('searches, creates a list and saves 50 CEOs in Legal', async () => {
    const run = await runScript(ws.key);
    expect(run.stderr).toBe('');
    const [found, saved] = run.stdout.trim().split('\n');
    expect(found).toBe('Found 50 prospects');
    const listId = /^Saved 50 contacts to list ([0-9a-f-]{36})$/.exec(saved)?.[1];
    expect(listId).toBeDefined();
    const members = await t
      .http()
      .get(`/v1/lists/${listId}/contacts?per_page=100`)
      .set(ws.auth)
      .expect(200);
    expect(members.body.meta.total).toBe(50);
  });

  it('can be re-run: it adds to the list of that name (as the README creates it) and saves no one twice', async () => {
    const other = await t.createWorkspace({ scopes: ['read', 'write'] });
    // The README's curl made the list (names are unique ignoring case); a longer name also matches `search`.
    const made = await t
      .http()
      .post('/v1/lists')
      .set(other.auth)
      .send({ name: 'law firm ceos' })
      .expect(201);
    await t.http().post('/v1/lists').set(other.auth).send({ name: 'Law Firm CEOs 2' }).expect(201);
    const listId: string = made.body.data.id;

    const first = await runScript(other.key);
    expect(first.stderr).toBe('');
    expect(first.stdout.trim().split('\n')).toEqual([
      'Found 50 prospects',
      'List "Law Firm CEOs" exists already: adding to it',
      `Saved 50 contacts to list ${listId}`,
    ]);

    const second = await runScript(other.key);
    expect(second.stderr).toBe('');
    expect(second.stdout.trim().split('\n')).toEqual([
      'Found 50 prospects',
      'List "Law Firm CEOs" exists already: adding to it',
      `Saved 0 contacts to list ${listId}; skipped 50 already saved (they are in the list too)`,
    ]);
    const members = await t
      .http()
      .get(`/v1/lists/${listId}/contacts?per_page=100`)
      .set(other.auth)
      .expect(200);
    expect(members.body.meta.total).toBe(50);
    const contacts = await t.http().get('/v1/contacts?per_page=100').set(other.auth).expect(200);
    expect(contacts.body.meta.total).toBe(50);
  });
});
