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

  it('searches, creates a list and saves 50 CEOs in Legal', async () => {
    // Asynchronous: the server answering the script runs in this very process.
    const run = await promisify(execFile)(
      'python3',
      [resolve(__dirname, '../examples/workflow.py')],
      {
        env: { ...process.env, PROSPECT_API_URL: baseUrl, PROSPECT_API_KEY: ws.key },
        timeout: 30_000,
      },
    );
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
});
