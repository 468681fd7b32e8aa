import { EXACT_TOTAL_LIMIT } from '../../src/common/http';
import { ProspectsSearchRepository } from '../../src/modules/prospects/prospects-search.repository';
import { unpackIds } from '../../src/modules/prospects/search/match-list';
import { SqlCondition } from '../../src/modules/prospects/search/search-query';
import { MigratedDatabase, openMigratedDatabase } from '../helpers/migrated-database';

/** Ids in a known order: `id(1) < id(2) < ...`. */
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Every result has all these prefixed words (`t:ceo`), as search-query.ts builds conditions. */
const withWords = (...words: string[]): SqlCondition => ({
  sql: 'p.search_words @> $1::text[]',
  params: [words],
});

const PROSPECT = `INSERT INTO prospects (id, name, first_name, last_name, email, title, seniority,
    department, company_name, company_domain, industry, employee_count, annual_revenue, city, region,
    country, company_city, company_region, company_country, linkedin_url)`;

/** A handful of people, written out of id order (the heap order is not the search order). */
async function seedHandful(db: MigratedDatabase): Promise<void> {
  await db.sql(
    `${PROSPECT} VALUES
     ($5, 'Vic Vale', 'Vic', 'Vale', 'vic@soft.io', 'VP Sales', 'vp', 'sales', 'Soft', 'soft.io',
      'Software', 40, NULL, 'Austin', 'Texas', 'United States', NULL, NULL, NULL, NULL),
     ($3, 'Tom Tech', NULL, NULL, NULL, 'CTO', 'c_suite', 'engineering', 'Acme', 'acme.com',
      'Legal', 120, 5000000, 'London', NULL, 'United Kingdom', NULL, NULL, NULL,
      'https://linkedin.com/in/tom-tech'),
     ($1, 'Jane Roe', 'Jane', 'Roe', 'jane@acme.com', 'CEO', 'c_suite', 'executive', 'Acme',
      'acme.com', 'Legal', 120, 5000000, 'London', 'England', 'United Kingdom', 'Paris', NULL,
      'France', 'https://linkedin.com/in/jane-roe'),
     ($4, 'Lea Law', NULL, NULL, 'lea@law.fr', 'CEO & Founder', 'founder', NULL, 'Law SA', NULL,
      'Legal', NULL, NULL, 'Lyon', NULL, 'France', NULL, NULL, NULL, NULL),
     ($2, 'Finn Cash', NULL, NULL, 'finn@bank.com', 'CEO', 'c_suite', NULL, 'Bank', 'bank.com',
      'Finance', 6000, 2000000000, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
    [id(1), id(2), id(3), id(4), id(5)],
  );
}

describe('ProspectsSearchRepository (PostgreSQL)', () => {
  let db: MigratedDatabase;
  let search: ProspectsSearchRepository;

  const version = async () =>
    (await db.sql<{ version: string }>('SELECT version FROM prospect_data_version'))[0].version;

  beforeAll(async () => {
    // One connection: what a search leaves on its session, the next statement sees.
    db = await openMigratedDatabase({ poolSize: 1 });
    search = new ProspectsSearchRepository(db.dataSource);
  });
  afterAll(() => db.close());

  describe('with no prospects', () => {
    it('is empty, finds nothing, and still answers the data version', async () => {
      expect(await search.isEmpty()).toBe(true);
      const list = await search.matchList(withWords('t:ceo'), 10);
      expect(list.total).toEqual({ total: 0, relation: 'eq' });
      expect(unpackIds(list.ids)).toEqual([]);
      expect(await search.byIds([])).toEqual({ version: await version(), prospects: [] });
    });
  });

  describe('with a handful of prospects', () => {
    beforeAll(() => seedHandful(db));

    it('is not empty', async () => {
      expect(await search.isEmpty()).toBe(false);
    });

    it('lists the matches in id order, with their exact total and the data version', async () => {
      const list = await search.matchList(withWords('t:ceo'), 10);
      expect(unpackIds(list.ids)).toEqual([id(1), id(2), id(4)]);
      expect(list.total).toEqual({ total: 3, relation: 'eq' });
      expect(list.version).toBe(await version());
    });

    it('keeps the first `depth` ids, and still counts every match', async () => {
      const list = await search.matchList(withWords('t:ceo'), 2);
      expect(unpackIds(list.ids)).toEqual([id(1), id(2)]);
      expect(list.total).toEqual({ total: 3, relation: 'eq' });
    });

    it("takes the condition's parameters", async () => {
      const list = await search.matchList(withWords('t:ceo', 'i:legal'), 10);
      expect(unpackIds(list.ids)).toEqual([id(1), id(4)]);
    });

    it('answers the page the caller picks from the match list, as the API shows prospects', async () => {
      const { prospects, total } = await search.pageAndTotal(withWords('i:legal'), 10, (list) =>
        unpackIds(list.ids, 0, 2),
      );
      expect(total).toEqual({ total: 3, relation: 'eq' });
      expect(prospects.map((p) => p.id)).toEqual([id(1), id(3)]);
      expect(prospects[0]).toEqual({
        id: id(1),
        name: 'Jane Roe',
        first_name: 'Jane',
        last_name: 'Roe',
        email: 'jane@acme.com',
        title: 'CEO',
        seniority: 'c_suite',
        department: 'executive',
        company_name: 'Acme',
        company_domain: 'acme.com',
        industry: 'Legal',
        employee_count: 120,
        headcount: '51-200',
        annual_revenue: 5000000,
        revenue_range: '1M-10M',
        location: 'London, England, United Kingdom',
        city: 'London',
        region: 'England',
        country: 'United Kingdom',
        company_location: 'Paris, France',
        company_city: 'Paris',
        company_region: null,
        company_country: 'France',
        linkedin_url: 'https://linkedin.com/in/jane-roe',
      });
    });

    it('reads a revenue past 2^31 as a number, and empty places as null', async () => {
      const { prospects } = await search.byIds([id(2)]);
      expect(prospects[0]).toMatchObject({
        annual_revenue: 2_000_000_000,
        revenue_range: '1B-10B',
        headcount: '5001-10000',
        location: null,
        company_location: null,
      });
    });

    it('reads prospects by id, leaving out unknown ids, with the data version', async () => {
      const { version: read, prospects } = await search.byIds([id(3), id(99), id(1)]);
      expect(prospects.map((p) => p.id).sort()).toEqual([id(1), id(3)]);
      expect(read).toBe(await version());
    });

    it('reads at a new data version once prospects change', async () => {
      const before = (await search.byIds([])).version;
      await db.sql(`UPDATE prospects SET title = 'CEO' WHERE id = $1`, [id(1)]);
      const after = (await search.byIds([])).version;
      expect(BigInt(after)).toBeGreaterThan(BigInt(before));
      expect((await search.matchList(withWords('t:ceo'), 1)).version).toBe(after);
    });

    it('answers the first `limit` matches for saving, in id order, with the fields save reads', async () => {
      const items = await search.matchesForSaving(withWords('i:legal'), 2);
      expect(items).toEqual([
        {
          id: id(1),
          name: 'Jane Roe',
          first_name: 'Jane',
          last_name: 'Roe',
          email: 'jane@acme.com',
          title: 'CEO',
          company_name: 'Acme',
          linkedin_url: 'https://linkedin.com/in/jane-roe',
        },
        expect.objectContaining({ id: id(3), email: null, title: 'CTO' }),
      ]);
      expect(await search.matchesForSaving(withWords('t:astronaut'), 5)).toEqual([]);
    });

    it('leaves no plan setting and no transaction open on the connection it used', async () => {
      await search.matchList(withWords('t:ceo'), 10);
      const changed = await db.sql(
        `SELECT name FROM pg_settings WHERE setting IS DISTINCT FROM reset_val AND name IN
           ('enable_seqscan', 'enable_indexscan', 'enable_bitmapscan', 'jit', 'work_mem')`,
      );
      expect(changed).toEqual([]);
      const [{ isolation }] = await db.sql<{ isolation: string }>(
        `SELECT current_setting('transaction_isolation') AS isolation`,
      );
      expect(isolation).toBe('read committed'); // its REPEATABLE READ transaction is over
    });

    it('rolls back a failed search and hands back a usable connection', async () => {
      const broken = { sql: 'p.no_such_column = 1', params: [] };
      await expect(search.matchList(broken, 10)).rejects.toThrow(/no_such_column/);
      expect(await db.sql('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    });
  });

  describe(`past ${EXACT_TOTAL_LIMIT} matches`, () => {
    const MANY = EXACT_TOTAL_LIMIT + 50;
    /** The n-th of many analysts, ids after every prospect above. */
    const analyst = (n: number) => `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;

    beforeAll(() =>
      // Written highest id first: the first EXACT_TOTAL_LIMIT + 1 matches the index finds (in heap
      // order) are then not the smallest ids, which only the walk of the primary key finds.
      db.sql(
        `INSERT INTO prospects (id, name, email, title)
         SELECT ('00000000-0000-4000-9000-' || lpad(n::text, 12, '0'))::uuid, 'Analyst ' || n,
                'analyst' || n || '@example.com', 'Analyst'
         FROM generate_series($1::int, 1, -1) AS n`,
        [MANY],
      ),
    );

    it('says "at least" the limit, and still lists the first matches in id order', async () => {
      const list = await search.matchList(withWords('t:analyst'), 20);
      expect(list.total).toEqual({ total: EXACT_TOTAL_LIMIT, relation: 'gte' });
      expect(unpackIds(list.ids)).toEqual(Array.from({ length: 20 }, (_, i) => analyst(i + 1)));
    });

    it('saves the first matches in id order too', async () => {
      const items = await search.matchesForSaving(withWords('t:analyst'), 3);
      expect(items.map((item) => item.id)).toEqual([analyst(1), analyst(2), analyst(3)]);
    });

    it('pages deep into the first results', async () => {
      const { prospects, total } = await search.pageAndTotal(
        withWords('t:analyst'),
        1_000,
        (list) => unpackIds(list.ids, 998, 1_000),
      );
      expect(total.relation).toBe('gte');
      expect(prospects.map((p) => p.id)).toEqual([analyst(999), analyst(1_000)]);
    });
  });
});
