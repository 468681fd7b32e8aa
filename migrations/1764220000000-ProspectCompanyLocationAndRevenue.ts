import { MigrationInterface, QueryRunner } from 'typeorm';

/** The words every version of `search_words` has had (migration 1764160000000). */
const FIRST_WORDS = `
  prospect_words(title, 't:') ||
  prospect_words(industry, 'i:') ||
  prospect_words(coalesce(city, '') || ' ' || coalesce(region, '') || ' ' || coalesce(country, ''), 'l:') ||
  prospect_words(name, 'n:') ||
  prospect_words(company_name, 'c:')`;

/** The single-value words: seniority, department, domain, headcount bucket. */
const FIRST_VALUES = `'s:' || seniority, 'd:' || department, 'w:' || company_domain,
  'h:' || CASE
    WHEN employee_count IS NULL OR employee_count < 1 THEN NULL
    WHEN employee_count <= 10 THEN '1-10'
    WHEN employee_count <= 50 THEN '11-50'
    WHEN employee_count <= 200 THEN '51-200'
    WHEN employee_count <= 500 THEN '201-500'
    WHEN employee_count <= 1000 THEN '501-1000'
    WHEN employee_count <= 5000 THEN '1001-5000'
    WHEN employee_count <= 10000 THEN '5001-10000'
    ELSE '10001+' END`;

const HEADQUARTERS_WORDS = `prospect_words(coalesce(company_city, '') || ' ' ||
  coalesce(company_region, '') || ' ' || coalesce(company_country, ''), 'o:')`;

const REVENUE_VALUE = `'r:' || CASE
  WHEN annual_revenue IS NULL THEN NULL
  WHEN annual_revenue < 1000000 THEN '0-1M'
  WHEN annual_revenue < 10000000 THEN '1M-10M'
  WHEN annual_revenue < 50000000 THEN '10M-50M'
  WHEN annual_revenue < 100000000 THEN '50M-100M'
  WHEN annual_revenue < 250000000 THEN '100M-250M'
  WHEN annual_revenue < 500000000 THEN '250M-500M'
  WHEN annual_revenue < 1000000000 THEN '500M-1B'
  WHEN annual_revenue < 10000000000 THEN '1B-10B'
  ELSE '10B+' END`;

/** `search_words` made of these words and single values; then its index. */
async function addSearchWords(db: QueryRunner, words: string, values: string): Promise<void> {
  await db.query(`
    ALTER TABLE prospects ADD COLUMN search_words text[] GENERATED ALWAYS AS (
      ${words} || array_remove(ARRAY[${values}], NULL)
    ) STORED`);
  await db.query(`CREATE INDEX prospects_search_words_idx ON prospects USING gin (search_words)`);
}

/**
 * Two company facts sales teams filter on: where the company has its headquarters (which may not
 * be where the person works) and its annual revenue in US dollars. Both become words of
 * `search_words`, like the other filters (see migration 1764160000000): `o:` for the words of
 * the headquarters' city, region and country, and `r:` for the revenue bucket, mirrored by
 * REVENUE_BUCKETS in src/modules/prospects/revenue.ts (each bucket from its lower figure up to,
 * not including, its upper one).
 *
 * A generated column's expression cannot be changed before PostgreSQL 17, so `search_words` is
 * dropped and added again with the new words: the table is rewritten once and the search index
 * rebuilt.
 */
export class ProspectCompanyLocationAndRevenue1764220000000 implements MigrationInterface {
  name = 'ProspectCompanyLocationAndRevenue1764220000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE prospects
        ADD COLUMN annual_revenue bigint CHECK (annual_revenue BETWEEN 0 AND 1000000000000000),
        ADD COLUMN company_city text,
        ADD COLUMN company_region text,
        ADD COLUMN company_country text,
        DROP COLUMN search_words`);
    await addSearchWords(
      db,
      `${FIRST_WORDS} || ${HEADQUARTERS_WORDS}`,
      `${FIRST_VALUES}, ${REVENUE_VALUE}`,
    );
    // The search reads the most common words from the statistics (SearchStatistics).
    await db.query(`ANALYZE prospects`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE prospects
        DROP COLUMN search_words,
        DROP COLUMN annual_revenue,
        DROP COLUMN company_city,
        DROP COLUMN company_region,
        DROP COLUMN company_country`);
    await addSearchWords(db, FIRST_WORDS, FIRST_VALUES);
  }
}
