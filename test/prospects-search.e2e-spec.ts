import { EXACT_TOTAL_LIMIT } from '../src/common/http';
import { loadConfig } from '../src/config/app-config';
import { DEMO_PROSPECTS, loadDemoProspects } from '../src/first-run';
import { parseHeadcount } from '../src/modules/prospects/headcount';
import { parseRevenueRange, REVENUE, revenueBucket } from '../src/modules/prospects/revenue';
import { ProspectFields } from '../src/modules/prospects/prospect-fields';
import { newProspectId } from '../src/modules/prospects/prospect-ids';
import { ProspectWriter } from '../src/modules/prospects/prospect-writer';
import {
  collectSql,
  planSettings,
  PlanShape,
  walkSql,
} from '../src/modules/prospects/prospects-search.repository';
import {
  COMMON_WORD_SHARE,
  COMMON_WORDS_SQL,
} from '../src/modules/prospects/search/search-statistics';
import { NO_FILTERS } from '../src/modules/prospects/search/search-filters';
import { searchCondition } from '../src/modules/prospects/search/search-query';
import { ProspectsSearchService } from '../src/modules/prospects/prospects-search.service';
import { ProspectSeedService } from '../src/modules/prospects/seed/prospect-seed.service';
import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';
import { prospectRow } from './helpers/prospect-rows';

const DOMAIN = 'matching.test';
const OTHER_DOMAIN = 'other.matching.test';
/** Added to every matching query so only the people below can answer it. */
const ONLY_OURS = { company_domains: [DOMAIN, OTHER_DOMAIN] };

const PROSPECT_KEYS = [
  'id',
  'name',
  'first_name',
  'last_name',
  'email',
  'title',
  'seniority',
  'department',
  'company_name',
  'company_domain',
  'industry',
  'employee_count',
  'headcount',
  'annual_revenue',
  'revenue_range',
  'location',
  'city',
  'region',
  'country',
  'company_location',
  'company_city',
  'company_region',
  'company_country',
  'linkedin_url',
].sort();

const HQ = {
  london: { company_city: 'London', company_region: 'England', company_country: 'United Kingdom' },
  newYork: {
    company_city: 'New York',
    company_region: 'New York',
    company_country: 'United States',
  },
  saoPaulo: { company_city: 'São Paulo', company_region: 'São Paulo', company_country: 'Brazil' },
  yorkPa: {
    company_city: 'York',
    company_region: 'Pennsylvania',
    company_country: 'United States',
  },
};

function person(name: string, fields: Partial<ProspectFields>): ProspectFields & { id: string } {
  const slug = name.toLowerCase().replace(/\W+/g, '-');
  return {
    id: newProspectId(),
    ...prospectRow(name, {
      first_name: name.split(' ')[0],
      last_name: name.split(' ')[1] ?? null,
      email: `${slug}@${DOMAIN}`,
      company_name: 'Matching Co',
      company_domain: DOMAIN,
      linkedin_url: `https://linkedin.com/in/${slug}-matching`,
      ...fields,
    }),
  };
}

const PEOPLE = [
  person('Ceo Plain', {
    title: 'CEO',
    seniority: 'c_suite',
    industry: 'Legal Services',
    employee_count: 120,
    annual_revenue: 12_000_000,
    city: 'New York',
    region: 'New York',
    country: 'United States',
    ...HQ.london,
  }),
  person('Co Ceo', {
    title: 'Co-CEO',
    seniority: 'c_suite',
    industry: 'Law Practice',
    employee_count: 8,
    annual_revenue: 999_999,
    city: 'London',
    region: 'England',
    country: 'United Kingdom',
    ...HQ.london,
  }),
  person('Ceo Founder', {
    title: 'CEO & Founder',
    seniority: 'founder',
    industry: 'Paralegal Services',
    employee_count: 15000,
    annual_revenue: 10_000_000_000,
    city: 'Zürich',
    region: 'Zurich',
    country: 'Switzerland',
    ...HQ.newYork,
  }),
  person('Ceox Person', {
    title: 'CEOx',
    seniority: 'entry',
    industry: 'Legal',
    employee_count: 51,
    annual_revenue: 1_000_000,
    city: 'São Paulo',
    region: 'São Paulo',
    country: 'Brazil',
    ...HQ.saoPaulo,
  }),
  person('Vp Person', {
    title: 'VP of Sales',
    seniority: 'vp',
    department: 'sales',
    industry: 'Computer Software',
    employee_count: 200,
    annual_revenue: 50_000_000,
    city: 'York',
    region: 'England',
    country: 'United Kingdom',
    ...HQ.yorkPa,
    company_domain: OTHER_DOMAIN,
  }),
  person('Mvp Person', { title: 'MVP Program Lead', seniority: 'senior', industry: 'Internet' }),
  person('Gc Person', {
    title: 'Deputy General Counsel',
    seniority: 'head',
    department: 'legal',
    industry: 'Legal Services',
    company_name: 'Hartwell Legal Group',
    employee_count: 40,
  }),
  person('Counsel Person', { title: 'Counsel, General Affairs', industry: 'Legal Services' }),
  person('Paralegal Person', { title: 'Paralegal', industry: 'Law Practice', email: null }),
];

/** `meta.total` and `meta.total_relation` for a search with `count` matches. */
const countedTotal = (count: number) =>
  count > EXACT_TOTAL_LIMIT
    ? { total: EXACT_TOTAL_LIMIT, total_relation: 'gte' }
    : { total: count, total_relation: 'eq' };

describe('Prospect search (e2e)', () => {
  let t: TestApp;
  let ws: TestWorkspace;
  let demoLoaded: number;

  const search = (body: object, path = '/v1/prospects/search') =>
    t.http().post(path).set(ws.auth).send(body);

  async function names(body: object, path?: string): Promise<string[]> {
    const res = await search(body, path).expect(200);
    return res.body.data.prospects.map((p: { name: string }) => p.name).sort();
  }

  beforeAll(async () => {
    t = await startTestApp();
    ws = await t.createWorkspace({ scopes: ['read', 'write'] });
    // The embedded default's first start, run against this suite's empty database.
    demoLoaded = await loadDemoProspects(t.app, loadConfig({ LOG_LEVEL: 'silent' }));
    await t.app.get(ProspectWriter).insertNew(PEOPLE);
  });
  afterAll(() => t.close());

  describe('demo data', () => {
    it('fills an empty database on the embedded default, once', async () => {
      expect(demoLoaded).toBe(DEMO_PROSPECTS);
      expect(await loadDemoProspects(t.app, loadConfig({ LOG_LEVEL: 'silent' }))).toBe(0);
      const withServer = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: t.databaseUrl });
      expect(await loadDemoProspects(t.app, withServer)).toBe(0);
    });
  });

  describe('matching', () => {
    const cases: [string, object, string[]][] = [
      [
        '"CEO" finds CEO, Co-CEO and CEO & Founder, not CEOx',
        { titles: ['CEO'] },
        ['Ceo Founder', 'Ceo Plain', 'Co Ceo'],
      ],
      ['titles ignore case', { titles: ['ceo'] }, ['Ceo Founder', 'Ceo Plain', 'Co Ceo']],
      [
        '"Legal" finds Legal and Legal Services, not Paralegal or Law',
        { industry: 'Legal' },
        ['Ceo Plain', 'Ceox Person', 'Counsel Person', 'Gc Person'],
      ],
      ['filters are AND-ed', { titles: ['CEO'], industry: ['Legal'] }, ['Ceo Plain']],
      [
        'values of one filter are OR-ed',
        { titles: ['CEO', 'VP'] },
        ['Ceo Founder', 'Ceo Plain', 'Co Ceo', 'Vp Person'],
      ],
      ['two-letter words work: "VP" finds VP of Sales, not MVP', { titles: 'VP' }, ['Vp Person']],
      [
        'a phrase matches in order: "General Counsel"',
        { titles: ['General Counsel'] },
        ['Gc Person'],
      ],
      [
        'a single word still matches anywhere: "Counsel"',
        { titles: ['counsel'] },
        ['Counsel Person', 'Gc Person'],
      ],
      ['locations match whole words: "York"', { location: 'York' }, ['Ceo Plain', 'Vp Person']],
      ['a multi-word location is a phrase: "New York"', { location: ['New York'] }, ['Ceo Plain']],
      ['non-ASCII locations, any case: "ZÜRICH"', { location: 'ZÜRICH' }, ['Ceo Founder']],
      ['"São Paulo"', { location: 'São Paulo' }, ['Ceox Person']],
      ['a country', { location: 'United Kingdom' }, ['Co Ceo', 'Vp Person']],
      [
        'headcount bucket 51-200 includes both edges',
        { headcount: '51-200' },
        ['Ceo Plain', 'Ceox Person', 'Vp Person'],
      ],
      ['headcount 10001+', { headcount: ['10001+'] }, ['Ceo Founder']],
      ['headcount "min,max"', { headcount: '1,10' }, ['Co Ceo']],
      ['headcount "min,"', { headcount: '150,' }, ['Ceo Founder', 'Vp Person']],
      ['headcount ranges are OR-ed', { headcount: ['1-10', '10001+'] }, ['Ceo Founder', 'Co Ceo']],
      ['seniority', { seniority: 'founder' }, ['Ceo Founder']],
      [
        'seniorities are OR-ed, in any spelling',
        { seniority: ['C-Suite', 'VP'] },
        ['Ceo Plain', 'Co Ceo', 'Vp Person'],
      ],
      ['department, in any spelling', { department: 'Sales' }, ['Vp Person']],
      ['keywords need all their words, anywhere', { keywords: 'founder zürich' }, ['Ceo Founder']],
      ['keywords search company names', { keywords: ['hartwell'] }, ['Gc Person']],
      ['company domains', { company_domains: OTHER_DOMAIN }, ['Vp Person']],
      ['nothing', { titles: ['Astronaut'] }, []],
      // The company's headquarters, not where the person is.
      ['company location "New York"', { company_location: 'New York' }, ['Ceo Founder']],
      [
        'company location, whole words: "York"',
        { company_location: ['York'] },
        ['Ceo Founder', 'Vp Person'],
      ],
      [
        'company location, a country',
        { company_location: 'United Kingdom' },
        ['Ceo Plain', 'Co Ceo'],
      ],
      [
        'company locations are OR-ed',
        { company_location: ['Brazil', 'Pennsylvania'] },
        ['Ceox Person', 'Vp Person'],
      ],
      [
        'person and company location together',
        { location: 'New York', company_location: 'London' },
        ['Ceo Plain'],
      ],
      // Revenue buckets hold their lower figure, not their upper one.
      ['revenue bucket 10M-50M', { revenue: '10M-50M' }, ['Ceo Plain']],
      ['revenue bucket 0-1M ends below 1,000,000', { revenue: '0-1M' }, ['Co Ceo']],
      ['revenue bucket 1M-10M starts at 1,000,000', { revenue: '1m-10m' }, ['Ceox Person']],
      ['revenue 10B+', { revenue: ['10B+'] }, ['Ceo Founder']],
      ['revenue buckets are OR-ed', { revenue: ['0-1M', '10B+'] }, ['Ceo Founder', 'Co Ceo']],
      [
        'revenue "min,max" includes both ends',
        { revenue: '1M,50M' },
        ['Ceo Plain', 'Ceox Person', 'Vp Person'],
      ],
      ['revenue ",max"', { revenue: ',1000000' }, ['Ceox Person', 'Co Ceo']],
      ['revenue "min," in dollars', { revenue: '$2.5B,' }, ['Ceo Founder']],
      // Exclusions: AND NOT, whole words, any value.
      [
        'not_titles leaves out a word',
        { titles: 'CEO', not_titles: 'Founder' },
        ['Ceo Plain', 'Co Ceo'],
      ],
      [
        'not_titles on whole words: "CEO" does not leave out "CEOx"',
        { titles: ['CEO', 'CEOx'], not_titles: 'ceo' },
        ['Ceox Person'],
      ],
      [
        'not_titles with a phrase leaves out that phrase only',
        { titles: 'Counsel', not_titles: ['General Counsel'] },
        ['Counsel Person'],
      ],
      [
        'not_titles values are OR-ed: any of them leaves a prospect out',
        { titles: 'CEO', not_titles: ['Founder', 'Co-CEO'] },
        ['Ceo Plain'],
      ],
      [
        'not_industry, whole words: "Legal" keeps Paralegal',
        { titles: 'CEO', not_industry: 'Legal' },
        ['Ceo Founder', 'Co Ceo'],
      ],
      [
        'not_location keeps prospects without a location',
        { industry: 'Legal', not_location: 'New York' },
        ['Ceox Person', 'Counsel Person', 'Gc Person'],
      ],
      [
        "not_company_location looks at the headquarters, not the person's place",
        { titles: 'CEO', not_company_location: 'United States' },
        ['Ceo Plain', 'Co Ceo'],
      ],
      [
        'an exclusion alone',
        { not_titles: ['CEO', 'Counsel', 'VP', 'MVP'] },
        ['Ceox Person', 'Paralegal Person'],
      ],
      [
        'an exclusion of everything',
        { titles: 'CEO', not_industry: ['Legal', 'Law', 'Paralegal'] },
        [],
      ],
    ];

    it.each(cases)('%s', async (_, filters, expected) => {
      expect(await names({ ...ONLY_OURS, ...filters })).toEqual(expected);
    });

    it('the workflow form uses the same filters', async () => {
      const workflow = (query: object) =>
        names({ query: { organization_domains: [DOMAIN, OTHER_DOMAIN], ...query } });
      expect(
        await workflow({ person_titles: ['CEO'], organization_industries: ['Legal'] }),
      ).toEqual(['Ceo Plain']);
      expect(
        await workflow({
          person_locations: ['York'],
          organization_num_employees_ranges: ['51-200'],
        }),
      ).toEqual(['Ceo Plain', 'Vp Person']);
      expect(await workflow({ person_seniorities: ['founder'] })).toEqual(['Ceo Founder']);
      expect(await workflow({ q_keywords: 'Hartwell legal' })).toEqual(['Gc Person']);
    });

    it('the workflow form has the new filters, exclusions and departments', async () => {
      const workflow = (query: object) =>
        names({ query: { organization_domains: [DOMAIN, OTHER_DOMAIN], ...query } });
      expect(await workflow({ organization_locations: ['New York'] })).toEqual(['Ceo Founder']);
      expect(await workflow({ organization_revenue_ranges: ['0-1M', '50M-100M'] })).toEqual([
        'Co Ceo',
        'Vp Person',
      ]);
      expect(await workflow({ person_departments: ['Sales'] })).toEqual(['Vp Person']);
      expect(await workflow({ person_departments: 'legal' })).toEqual(['Gc Person']);
      expect(
        await workflow({ person_titles: ['CEO'], not_person_titles: ['Founder', 'Co-CEO'] }),
      ).toEqual(['Ceo Plain']);
      expect(
        await workflow({ person_titles: ['CEO'], not_organization_industries: 'Legal' }),
      ).toEqual(['Ceo Founder', 'Co Ceo']);
      expect(
        await workflow({ person_titles: 'CEO', not_organization_locations: ['United States'] }),
      ).toEqual(['Ceo Plain', 'Co Ceo']);
      // All together: CEOs of UK companies under $1M or $10M-50M who are not in London.
      expect(
        await workflow({
          person_titles: ['CEO'],
          organization_locations: ['United Kingdom'],
          organization_revenue_ranges: ['0-1M', '10M-50M'],
          not_person_locations: ['London'],
        }),
      ).toEqual(['Ceo Plain']);
    });

    it('puts a revenue in the bucket search finds it by, on every edge', async () => {
      const edges = REVENUE.buckets.flatMap(({ min, max }) => (max === null ? [min] : [min, max]));
      const domain = 'revenue-edges.test';
      await t.app.get(ProspectWriter).insertNew(
        edges.map((revenue) =>
          person(`Revenue ${revenue}`, {
            annual_revenue: revenue,
            company_domain: domain,
            email: `r${revenue}@${domain}`,
            linkedin_url: `https://linkedin.com/in/revenue-${revenue}`,
          }),
        ),
      );
      for (const label of REVENUE.labels) {
        const res = await search({ company_domains: domain, revenue: label, per_page: 100 }).expect(
          200,
        );
        const found = res.body.data.prospects.map(
          (p: { annual_revenue: number; revenue_range: string }) => {
            expect(p.revenue_range).toBe(label);
            return p.annual_revenue;
          },
        );
        expect(found.sort((a: number, b: number) => a - b)).toEqual(
          edges.filter((revenue) => revenueBucket(revenue) === label),
        );
      }
    });
  });

  describe('body forms', () => {
    it('accepts the legacy {"query": "CEO"} and {"jobTitles": [..]}', async () => {
      const ceos = ['Ceo Founder', 'Ceo Plain', 'Co Ceo'];
      expect(await names({ ...ONLY_OURS, query: 'CEO' })).toEqual(ceos);
      expect(await names({ ...ONLY_OURS, jobTitles: ['CEO'] })).toEqual(ceos);
      const legacy = await search({ query: 'CEO' }).expect(200);
      expect(legacy.body.meta.total).toBeGreaterThan(3);
    });

    it('serves the flat form at /v1/prospector/search, with 200', async () => {
      expect(
        await names({ ...ONLY_OURS, titles: 'CEO', industry: 'Legal' }, '/v1/prospector/search'),
      ).toEqual(['Ceo Plain']);
      const workflow = await search(
        { query: { person_titles: ['CEO'] } },
        '/v1/prospector/search',
      ).expect(400);
      expect(workflow.body.error.details.query).toBeDefined();
    });

    it('ignores unknown fields', async () => {
      expect(await names({ ...ONLY_OURS, titles: ['VP'], colour: 'blue', query_id: 7 })).toEqual([
        'Vp Person',
      ]);
    });

    it('returns Prospect objects with every contract field', async () => {
      const res = await search({ ...ONLY_OURS, titles: ['CEO'], industry: 'Legal' }).expect(200);
      expect(res.body.meta).toEqual({ page: 1, per_page: 50, total: 1, total_relation: 'eq' });
      const [prospect] = res.body.data.prospects;
      expect(Object.keys(prospect).sort()).toEqual(PROSPECT_KEYS);
      expect(prospect).toMatchObject({
        id: PEOPLE[0].id,
        name: 'Ceo Plain',
        email: `ceo-plain@${DOMAIN}`,
        headcount: '51-200',
        annual_revenue: 12_000_000,
        revenue_range: '10M-50M',
        location: 'New York, New York, United States',
        company_location: 'London, England, United Kingdom',
        company_city: 'London',
        company_region: 'England',
        company_country: 'United Kingdom',
        linkedin_url: 'https://linkedin.com/in/ceo-plain-matching',
      });
    });
  });

  describe('totals and paging', () => {
    it('pages are disjoint, complete and in a stable order', async () => {
      const filters = { industry: 'Legal' };
      const first = await search({ ...filters, per_page: 37 }).expect(200);
      const total: number = first.body.meta.total;
      expect(total).toBeGreaterThan(100);
      const seen: string[] = [];
      for (let page = 1; page <= Math.ceil(total / 37); page++) {
        const res = await search({ ...filters, page, per_page: 37 }).expect(200);
        expect(res.body.meta).toEqual({ page, per_page: 37, total, total_relation: 'eq' });
        seen.push(...res.body.data.prospects.map((p: { id: string }) => p.id));
      }
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      expect([...seen].sort()).toEqual(seen);
      const past = await search({
        ...filters,
        page: Math.ceil(total / 37) + 1,
        per_page: 37,
      }).expect(200);
      expect(past.body).toMatchObject({ data: { prospects: [] }, meta: { total } });
    });

    it('counts exactly, also right after the data changes', async () => {
      const filters = { titles: ['Chief Happiness Officer'] };
      expect((await search(filters).expect(200)).body.meta.total).toBe(0);
      expect((await search(filters).expect(200)).body.meta.total).toBe(0);
      const version = async () =>
        BigInt(
          (
            await t.dataSource.query<{ version: string }[]>(
              'SELECT version FROM prospect_data_version',
            )
          )[0].version,
        );
      const before = await version();
      await t.app
        .get(ProspectWriter)
        .insertNew([
          person('Happy One', { title: 'Chief Happiness Officer' }),
          person('Happy Two', { title: 'Chief Happiness Officer' }),
        ]);
      expect((await search(filters).expect(200)).body.meta.total).toBe(2);
      expect(await version()).toBeGreaterThan(before); // a write moves the version forward
      await t.dataSource.query(
        `UPDATE prospects SET title = 'Chief of Staff' WHERE name = 'Happy Two'`,
      );
      const res = await search({ ...filters, page: 2, per_page: 1 }).expect(200);
      expect(res.body).toMatchObject({ data: { prospects: [] }, meta: { total: 1 } });
      expect(await names(filters)).toEqual(['Happy One']);
      await t.dataSource.query(`DELETE FROM prospects WHERE name = 'Happy One'`);
      expect((await search(filters).expect(200)).body).toMatchObject({
        data: { prospects: [] },
        meta: { total: 0 },
      });
    });

    it('shows a prospect as it is now, right after it changes, on every instance', async () => {
      const other = await startTestApp({}, t);
      try {
        const otherWs = await other.createWorkspace({ scopes: ['read'] });
        const filters = { titles: ['Chief Remembering Officer'] };
        const companies = async () => {
          const [ours, theirs] = await Promise.all([
            search(filters).expect(200),
            other.http().post('/v1/prospects/search').set(otherWs.auth).send(filters).expect(200),
          ]);
          return [ours, theirs].map((res) =>
            res.body.data.prospects.map((p: { company_name: string }) => p.company_name),
          );
        };
        await t.app
          .get(ProspectWriter)
          .insertNew([person('Memo One', { title: 'Chief Remembering Officer' })]);
        expect(await companies()).toEqual([['Matching Co'], ['Matching Co']]);
        expect(await companies()).toEqual([['Matching Co'], ['Matching Co']]); // now kept
        await t.dataSource.query(
          `UPDATE prospects SET company_name = 'Renamed Co' WHERE name = 'Memo One'`,
        );
        expect(await companies()).toEqual([['Renamed Co'], ['Renamed Co']]);
      } finally {
        await other.close();
      }
    });

    it('gives another instance, and one without a search cache, the same answers', async () => {
      const other = await startTestApp({ SEARCH_CACHE_MB: '0' }, t);
      try {
        const otherWs = await other.createWorkspace({ scopes: ['read'] });
        const filters = { industry: 'Legal', per_page: 20 };
        for (const page of [1, 2, 7]) {
          const ours = await search({ ...filters, page }).expect(200);
          const theirs = await other
            .http()
            .post('/v1/prospects/search')
            .set(otherWs.auth)
            .send({ ...filters, page })
            .expect(200);
          expect(theirs.body).toEqual(ours.body);
        }
      } finally {
        await other.close();
      }
    });

    it('allows page × per_page up to 10,000', async () => {
      await search({ page: 100, per_page: 100 }).expect(200);
      await search({ page: 200 }).expect(200);
    });
  });

  describe('validation', () => {
    const cases: [string, object, string][] = [
      ['a number for titles', { titles: 5 }, 'titles'],
      ['a number for the legacy query', { query: 42 }, 'query'],
      ['a non-string title', { titles: ['CEO', 7] }, 'titles'],
      ['a title without letters', { titles: ['--'] }, 'titles'],
      ['per_page 0', { per_page: 0 }, 'per_page'],
      ['per_page 101', { per_page: 101 }, 'per_page'],
      ['per_page as a string', { per_page: '10' }, 'per_page'],
      ['page 0', { page: 0 }, 'page'],
      ['a fractional page', { page: 1.5 }, 'page'],
      ['an unknown seniority', { seniority: ['boss'] }, 'seniority'],
      [
        'an unknown workflow seniority',
        { query: { person_seniorities: ['c_suite', 'boss'] } },
        'query.person_seniorities',
      ],
      ['a bad headcount', { headcount: '51-199' }, 'headcount'],
      [
        'a reversed range',
        { query: { organization_num_employees_ranges: ['200,51'] } },
        'query.organization_num_employees_ranges',
      ],
      ['a bad domain', { company_domains: ['not a domain'] }, 'company_domains'],
      [
        'a workflow field of the wrong type',
        { query: { person_titles: { a: 1 } } },
        'query.person_titles',
      ],
      ['a revenue range that is no bucket', { revenue: '5M-10M' }, 'revenue'],
      [
        'a reversed revenue range',
        { query: { organization_revenue_ranges: ['20M,5M'] } },
        'query.organization_revenue_ranges',
      ],
      ['a revenue in words', { revenue: ['lots'] }, 'revenue'],
      ['a number for a company location', { company_location: 7 }, 'company_location'],
      [
        'a workflow company location of the wrong type',
        { query: { organization_locations: { city: 'London' } } },
        'query.organization_locations',
      ],
      ['an exclusion without letters', { not_titles: ['--'] }, 'not_titles'],
      [
        'a workflow exclusion of the wrong type',
        { query: { not_person_titles: [7] } },
        'query.not_person_titles',
      ],
      ['a flat industry exclusion of numbers', { not_industry: [1] }, 'not_industry'],
      [
        'a workflow location exclusion that is empty',
        { query: { not_person_locations: [''] } },
        'query.not_person_locations',
      ],
      [
        'a workflow headquarters exclusion of an object',
        { query: { not_organization_locations: { a: 1 } } },
        'query.not_organization_locations',
      ],
      [
        'a workflow department without letters',
        { query: { person_departments: ['&&'] } },
        'query.person_departments',
      ],
      [
        '101 excluded titles',
        { not_titles: Array.from({ length: 101 }, (_, n) => `Title ${n}`) },
        'not_titles',
      ],
      ['19 revenue ranges', { revenue: Array.from({ length: 19 }, () => '0-1M') }, 'revenue'],
    ];

    it.each(cases)('refuses %s with 400 naming the field', async (_, body, field) => {
      const res = await search(body).expect(400);
      expect(res.body.error).toMatchObject({
        code: 'validation_error',
        request_id: expect.stringMatching(/^req_/),
      });
      expect(res.body.error.details[field]).toEqual([expect.any(String)]);
    });

    it('names the bad revenue range and the accepted forms', async () => {
      const res = await search({ revenue: ['1M-10M', '5M-10M'] }).expect(400);
      expect(res.body.error.details.revenue[0]).toMatch(/"5M-10M".*0-1M, 1M-10M.*"min,max"/);
    });

    it('names the unknown seniority and the accepted ones', async () => {
      const res = await search({ seniority: ['boss'] }).expect(400);
      expect(res.body.error.details.seniority[0]).toMatch(/"boss".*owner, founder, c_suite/);
    });

    it('caps page × per_page at 10,000 and says so', async () => {
      const res = await search({ page: 101, per_page: 100 }).expect(400);
      expect(res.body.error.code).toBe('validation_error');
      expect(res.body.error.message).toContain('10,000');
      expect(res.body.error.details.page).toBeDefined();
    });

    it('refuses a body that is not an object', async () => {
      const res = await search([{ titles: ['CEO'] }]).expect(400);
      expect(res.body.error.code).toBe('validation_error');
    });
  });

  describe('permissions', () => {
    it('needs a key (401) holding prospects:read (403)', async () => {
      await t.http().post('/v1/prospects/search').send({}).expect(401);
      const other = await t.createWorkspace({ scopes: ['contacts:read', 'lists:read'] });
      for (const path of ['/v1/prospects/search', '/v1/prospector/search']) {
        const res = await t.http().post(path).set(other.auth).send({}).expect(403);
        expect(res.body.error.code).toBe('insufficient_permissions');
        expect(res.body.error.message).toContain('prospects:read');
      }
    });
  });

  describe('the seed page workflow: search → create list → save', () => {
    it('saves every CEO in Legal into the new list', async () => {
      const found = await search({
        query: { person_titles: ['CEO'], organization_industries: ['Legal'] },
        per_page: 50,
      }).expect(200);
      const prospects = found.body.data.prospects;
      expect(prospects.length).toBeGreaterThan(0);

      const list = await t
        .http()
        .post('/v1/lists')
        .set(ws.auth)
        .send({ name: 'Law Firm CEOs', description: 'Q1 Campaign' })
        .expect(201);
      const listId = list.body.data.id;

      const saved = await t
        .http()
        .post('/v1/prospects/save')
        .set(ws.auth)
        .send({ prospects, list_id: listId })
        .expect(201);
      expect(saved.body.data.created).toBe(prospects.length);
      expect(saved.body.data.added_to_list).toBe(prospects.length);

      const members = await t
        .http()
        .get(`/v1/lists/${listId}/contacts`)
        .set(ws.auth)
        .query({ per_page: 100 })
        .expect(200);
      expect(members.body.meta.total).toBe(prospects.length);
      const saveKey = (p: { email: string | null; linkedin_url: string | null }) =>
        p.email ?? p.linkedin_url;
      expect(members.body.data.contacts.map(saveKey).sort()).toEqual(prospects.map(saveKey).sort());
    });

    it('accepts any page of results as is, email-less prospects included', async () => {
      const found = await search({ seniority: 'manager', per_page: 100 }).expect(200);
      const prospects = found.body.data.prospects;
      expect(prospects.some((p: { email: string | null }) => p.email === null)).toBe(true);
      const saved = await t
        .http()
        .post('/v1/prospects/save')
        .set(ws.auth)
        .send({ prospects })
        .expect(201);
      expect(saved.body.data.created + saved.body.data.skipped).toBe(prospects.length);
      expect(saved.body.data.created).toBe(prospects.length);
    });
  });

  describe('on a large table', () => {
    beforeAll(async () => {
      await t.app.get(ProspectSeedService).seed({ count: 60_000 });
    });

    async function plan(select: string, params: unknown[]): Promise<string> {
      const [row] = await t.dataSource.query<{ 'QUERY PLAN': unknown }[]>(
        `EXPLAIN (FORMAT JSON) ${select}`,
        params,
      );
      return JSON.stringify(row['QUERY PLAN']);
    }

    interface PlanNode {
      'Node Type': string;
      'Relation Name'?: string;
      'Index Name'?: string;
      Plans?: PlanNode[];
    }

    /** Every node of a plan, as "type relation index". */
    const planNodes = (node: PlanNode): string[] => [
      [node['Node Type'], node['Relation Name'], node['Index Name']].filter(Boolean).join(' '),
      ...(node.Plans ?? []).flatMap(planNodes),
    ];

    /** The nodes of the plan of one of the repository's statements, under its settings. */
    async function pinnedPlan(shape: PlanShape, select: string, params: unknown[]) {
      return t.dataSource.transaction(async (manager) => {
        await manager.query(planSettings(shape));
        const [row] = await manager.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(
          `EXPLAIN (FORMAT JSON) ${select}`,
          params,
        );
        return planNodes(row['QUERY PLAN'][0].Plan);
      });
    }

    it('collects matches through the search index and walks only the primary key', async () => {
      const common = new Set(
        (await t.dataSource.query<{ word: string }[]>(COMMON_WORDS_SQL, [COMMON_WORD_SHARE])).map(
          (r) => r.word,
        ),
      );
      const { sql, params } = searchCondition(
        { ...NO_FILTERS, titles: ['CEO'], industries: ['Legal'] },
        (token) => common.has(token),
      );
      const collect = await pinnedPlan('collect', collectSql(sql, params.length), [...params, 250]);
      expect(collect).toContain('Bitmap Index Scan prospects_search_words_idx');
      expect(collect).not.toContain('Seq Scan prospects');
      const walk = await pinnedPlan('walk', walkSql(sql, params.length), [
        ...params,
        250,
        newProspectId(),
      ]);
      expect(walk).toContain('Index Scan prospects prospects_pkey');
      expect(walk).not.toContain('Seq Scan prospects');
      expect(walk).not.toContain('Sort');
      const found = await search({ titles: ['CEO'], industry: 'Legal' }).expect(200);
      expect(found.body.meta.total).toBeGreaterThan(100);
    });

    it('pages in id order across the match lists, read deeper as pages go deeper', async () => {
      const filters = { seniority: ['manager'] };
      const { sql, params } = searchCondition({ ...NO_FILTERS, seniorities: ['manager'] });
      const expected = await t.dataSource.query<{ id: string }[]>(
        `SELECT p.id FROM prospects p WHERE ${sql} ORDER BY p.id LIMIT 1300`,
        params,
      );
      const [{ total }] = await t.dataSource.query<{ total: number }[]>(
        `SELECT count(*)::int AS total FROM prospects p WHERE ${sql}`,
        params,
      );
      const seen: string[] = [];
      for (const page of [2, 3, 9, 10, 11, 12, 13]) {
        const res = await search({ ...filters, page, per_page: 100 }).expect(200);
        expect(res.body.meta).toMatchObject(countedTotal(total));
        seen.push(...res.body.data.prospects.map((p: { id: string }) => p.id));
      }
      expect(seen).toEqual(
        expected
          .slice(100, 300)
          .concat(expected.slice(800, 1300))
          .map((row) => row.id),
      );
      const deepest = await search({ ...filters, page: 100, per_page: 100 }).expect(200);
      const [last] = await t.dataSource.query<{ id: string }[]>(
        `SELECT p.id FROM prospects p WHERE ${sql} ORDER BY p.id OFFSET 9999 LIMIT 1`,
        params,
      );
      expect(deepest.body.data.prospects.at(-1).id).toBe(last.id);
    });

    it('counts exactly up to 10,000 matches, and says "at least 10,000" beyond', async () => {
      const [{ total }] = await t.dataSource.query<{ total: number }[]>(
        `SELECT count(*)::int AS total FROM prospects`,
      );
      expect(total).toBeGreaterThan(EXACT_TOTAL_LIMIT);
      const everyone = await search({ per_page: 100, page: 100 }).expect(200);
      expect(everyone.body.meta).toEqual({
        page: 100,
        per_page: 100,
        total: EXACT_TOTAL_LIMIT,
        total_relation: 'gte',
      });
      const [last] = await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM prospects ORDER BY id OFFSET 9999 LIMIT 1`,
      );
      expect(everyone.body.data.prospects.at(-1).id).toBe(last.id);
      const ceos = await search({ titles: ['CEO'] }).expect(200);
      expect(ceos.body.meta.total_relation).toBe('eq');
      expect(ceos.body.meta.total).toBeLessThanOrEqual(EXACT_TOTAL_LIMIT);
    });

    it('gives through its match lists what one snapshot over the table gives', async () => {
      const service = t.app.get(ProspectsSearchService);
      const searches = [
        { ...NO_FILTERS, titles: ['CEO'], industries: ['Legal'] },
        { ...NO_FILTERS, seniorities: ['manager' as const], locations: ['United States'] },
        { ...NO_FILTERS, titles: ['Nobody Has This Title'] },
      ];
      for (const filters of searches) {
        for (const [page, per_page] of [
          [1, 50],
          [3, 100],
          [40, 100],
        ]) {
          const search = { filters, page, per_page };
          expect(await service.search(search)).toEqual(await service.searchInOneSnapshot(search));
        }
      }
    });

    it('answers company location and revenue from the index, exclusions on the rows it finds', async () => {
      const { sql, params } = searchCondition({
        ...NO_FILTERS,
        titles: ['CEO'],
        companyLocations: ['London'],
        revenues: [parseRevenueRange('10M-50M')!],
        notLocations: ['London'],
      });
      const count = await plan(`SELECT count(*) FROM prospects p WHERE ${sql}`, params);
      expect(count).toContain('"Index Name":"prospects_search_words_idx"');
      expect(count).not.toContain('Seq Scan');
      // The seed puts most people where their company is, not all.
      const [ceos, away] = await Promise.all([
        search({ titles: 'CEO', company_location: 'London' }).expect(200),
        search({ titles: 'CEO', company_location: 'London', not_location: 'London' }).expect(200),
      ]);
      expect(away.body.meta.total).toBeGreaterThan(0);
      expect(away.body.meta.total).toBeLessThan(ceos.body.meta.total);
      for (const prospect of away.body.data.prospects) {
        expect(prospect.company_city).toBe('London');
        expect(prospect.city).not.toBe('London');
      }
    });

    it('answers a headcount-and-location search from the index too', async () => {
      const { sql, params } = searchCondition({
        ...NO_FILTERS,
        locations: ['London'],
        headcounts: [parseHeadcount('51-200')!],
      });
      expect(await plan(`SELECT count(*) FROM prospects p WHERE ${sql}`, params)).not.toContain(
        'Seq Scan',
      );
    });
  });
});
