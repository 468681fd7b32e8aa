import { indexRow } from '../../../../test/helpers/prospect-rows';
import { EXACT_TOTAL_LIMIT } from '../../../common/http';
import { unpackIds } from './match-list';
import { NO_FILTERS, ProspectSearchFilters } from './search-filters';
import { hasPhrase, IndexRow, SearchIndex, SearchIndexBuilder } from './search-index';
import { words } from './words';

const row = indexRow;

async function indexOf(rows: IndexRow[], batch = 3): Promise<SearchIndex> {
  const builder = new SearchIndexBuilder();
  for (let at = 0; at < rows.length; at += batch) builder.add(rows.slice(at, at + batch));
  return builder.finish('7', (texts) => Promise.resolve(texts.map(words)));
}

/** The row numbers a search finds (first `depth`), and its total. */
function find(index: SearchIndex, filters: Partial<ProspectSearchFilters>, depth = 100) {
  const found = index.match({ ...NO_FILTERS, ...filters }, depth);
  if (!found) return undefined;
  const rows = unpackIds(found.ids).map((id) => parseInt(id.slice(-12), 16));
  return { rows, total: found.total };
}

describe('hasPhrase', () => {
  it('finds the words side by side and in order', () => {
    expect(hasPhrase(['deputy', 'general', 'counsel'], ['general', 'counsel'])).toBe(true);
    expect(hasPhrase(['counsel', 'general', 'affairs'], ['general', 'counsel'])).toBe(false);
    expect(hasPhrase(['ceo'], ['ceo', 'founder'])).toBe(false);
    expect(hasPhrase(['co', 'ceo'], ['ceo'])).toBe(true);
  });
});

describe('SearchIndex', () => {
  const rows = [
    row(1, { title: 'Co-CEO', location: 'London England United Kingdom', seniority: 'c_suite' }),
    row(2, { title: 'Deputy General Counsel', industry: 'Legal Services', employee_count: 50 }),
    row(3, { title: 'Counsel, General Affairs', industry: 'Legal', employee_count: 51 }),
    row(4, { title: 'CEO & Founder', company_domain: 'acme.com', annual_revenue: 1_000_000 }),
    row(5, { title: 'CEOx', location: 'York Pennsylvania United States', employee_count: 0 }),
    row(6, { title: null, industry: 'Legal', department: 'legal', annual_revenue: 999_999 }),
  ];

  it('matches whole words, phrases in order, values OR’ed and filters AND’ed', async () => {
    const index = await indexOf(rows);
    expect(find(index, { titles: ['CEO'] })?.rows).toEqual([1, 4]);
    expect(find(index, { titles: ['General Counsel'] })?.rows).toEqual([2]);
    expect(find(index, { titles: ['general counsel', 'ceox'] })?.rows).toEqual([2, 5]);
    expect(find(index, { titles: ['Counsel'], industries: ['legal'] })?.rows).toEqual([2, 3]);
    expect(find(index, { locations: ['United Kingdom'] })?.rows).toEqual([1]);
    expect(find(index, { locations: ['Kingdom United'] })?.rows).toEqual([]);
  });

  it('matches single values exactly and number ranges with both ends included', async () => {
    const index = await indexOf(rows);
    expect(find(index, { seniorities: ['c_suite'] })?.rows).toEqual([1]);
    expect(find(index, { departments: ['legal', 'sales'] })?.rows).toEqual([6]);
    expect(find(index, { domains: ['acme.com'] })?.rows).toEqual([4]);
    expect(find(index, { headcounts: [{ min: 0, max: 50 }] })?.rows).toEqual([2, 5]);
    expect(find(index, { headcounts: [{ min: 51, max: null }] })?.rows).toEqual([3]);
    expect(find(index, { revenues: [{ min: 0, max: 999_999 }] })?.rows).toEqual([6]);
  });

  it('leaves out what an exclusion finds, and keeps the rows without the field', async () => {
    const index = await indexOf(rows);
    expect(find(index, { notTitles: ['CEO', 'Counsel'] })?.rows).toEqual([5, 6]);
    expect(find(index, { industries: ['Legal'], notTitles: ['general counsel'] })?.rows).toEqual([
      3, 6,
    ]);
  });

  it('leaves keyword searches to the database', async () => {
    const index = await indexOf(rows);
    expect(index.match({ ...NO_FILTERS, keywords: ['ceo'] }, 10)).toBeUndefined();
  });

  it('counts exactly up to the limit, then says "at least", and returns the first ids in order', async () => {
    const many = Array.from({ length: EXACT_TOTAL_LIMIT + 5 }, (_, n) =>
      row(n, {
        title: n % 2 ? 'Manager' : 'Sales Manager',
        seniority: n % 3 ? 'manager' : null,
        department: ['legal', 'sales'][n % 10] ?? null,
      }),
    );
    const index = await indexOf(many, 4_000);
    const all = find(index, { titles: ['manager'] }, 3);
    expect(all).toEqual({ rows: [0, 1, 2], total: { total: EXACT_TOTAL_LIMIT, relation: 'gte' } });
    expect(
      find(index, { titles: ['Sales Manager', 'manager'], seniorities: ['manager'] }, 4)?.rows,
    ).toEqual([1, 2, 4, 5]);
    // Departments drive (a fifth of the rows): two posting lists, merged through a bitmap.
    expect(find(index, { titles: ['sales manager'], departments: ['sales', 'legal'] }, 4)).toEqual({
      rows: [0, 10, 20, 30],
      total: { total: Math.ceil((EXACT_TOTAL_LIMIT + 5) / 10), relation: 'eq' },
    });
    expect(find(index, { departments: ['sales', 'legal'] }, 4)?.rows).toEqual([0, 1, 10, 11]);
    expect(find(index, { titles: ['sales manager'], seniorities: ['manager'] })?.total).toEqual({
      total: Math.floor((EXACT_TOTAL_LIMIT + 5) / 3),
      relation: 'eq',
    });
  });
});
