/**
 * The in-memory search index (issue 13): each instance answers searches from memory once it has
 * read the prospects, never from data older than the request, and says in `/metrics` how many
 * prospects it holds. That its answers are the database's is the property test's to show
 * (search-property.e2e-spec.ts).
 */
import { randomBytes } from 'node:crypto';
import { ProspectFields } from '../src/modules/prospects/prospect-fields';
import { ProspectWriter } from '../src/modules/prospects/prospect-writer';
import { SearchIndexHolder } from '../src/modules/prospects/search/search-index.holder';
import { prospectRow } from './helpers/prospect-rows';
import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

const token = `metrics-${randomBytes(12).toString('hex')}`;

function prospect(n: number, title: string): ProspectFields & { id: string } {
  return {
    id: `018f0000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
    ...prospectRow(`Person ${n}`, { email: `person${n}@index.test`, title }),
  };
}

describe('In-memory search index (e2e)', () => {
  let t: TestApp;
  let ws: TestWorkspace;

  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: token });
    ws = await t.createWorkspace({ scopes: ['read'] });
    await t.app.get(ProspectWriter).insertNew([prospect(1, 'CEO'), prospect(2, 'Sales Manager')]);
  });
  afterAll(() => t.close());

  async function indexed(app: TestApp): Promise<number> {
    const res = await app.http().get('/metrics').set('Authorization', `Bearer ${token}`);
    return Number(/^search_index_prospects (\d+)/m.exec(res.text)?.[1]);
  }

  async function titlesFound(app: TestApp, auth: TestWorkspace['auth'], title: string) {
    const res = await app
      .http()
      .post('/v1/prospects/search')
      .set(auth)
      .send({ query: { person_titles: [title] } })
      .expect(200);
    return {
      names: res.body.data.prospects.map((p: { name: string }) => p.name),
      meta: res.body.meta,
    };
  }

  it('holds every prospect once loaded, and answers from it', async () => {
    await t.app.get(SearchIndexHolder).refresh();
    expect(await indexed(t)).toBe(2);
    expect(await titlesFound(t, ws.auth, 'ceo')).toMatchObject({
      names: ['Person 1'],
      meta: { total: 1, total_relation: 'eq' },
    });
  });

  it('never answers from data older than the request: a new prospect is found at once', async () => {
    await t.app.get(SearchIndexHolder).refresh();
    await t.app.get(ProspectWriter).insertNew([prospect(3, 'Co-CEO')]);
    // The index was read before the write: the search reads the database, and the index knows
    // it is behind (the metric says so) until it is read again.
    expect(await titlesFound(t, ws.auth, 'CEO')).toMatchObject({
      names: ['Person 1', 'Person 3'],
      meta: { total: 2 },
    });
    expect(await indexed(t)).toBe(0);
    await t.app.get(SearchIndexHolder).refresh();
    expect(await indexed(t)).toBe(3);
    expect((await titlesFound(t, ws.auth, 'CEO')).names).toEqual(['Person 1', 'Person 3']);
  });

  it('is off past SEARCH_INDEX_MAX_PROSPECTS: searches read the database', async () => {
    const small = await startTestApp({ METRICS_TOKEN: token, SEARCH_INDEX_MAX_PROSPECTS: '2' }, t);
    try {
      const other = await small.createWorkspace({ scopes: ['read'] });
      await small.app.get(SearchIndexHolder).refresh();
      expect(await indexed(small)).toBe(0);
      expect((await titlesFound(small, other.auth, 'manager')).names).toEqual(['Person 2']);
    } finally {
      await small.close();
    }
  });
});
