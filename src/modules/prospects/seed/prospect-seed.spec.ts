import { checkRecord } from '../import/prospect-record';
import { HEADCOUNT_BUCKETS, headcountBucket } from '../headcount';
import { revenueBucket } from '../revenue';
import { SENIORITIES } from '../seniority';
import { generateProspects, SeedProspect } from './prospect-seed';

const generate = (count: number, seed?: string | number): SeedProspect[] => [
  ...generateProspects({ count, seed }),
];

describe('generateProspects', () => {
  const people = generate(5000);

  it('is deterministic: the same seed gives the same people with the same ids', () => {
    expect(generate(300)).toEqual(people.slice(0, 300));
    expect(generate(300, '1')).toEqual(people.slice(0, 300));
    expect(generate(300, 2)).not.toEqual(people.slice(0, 300));
  });

  it('gives ids in ascending order (time-ordered UUIDs), all distinct', () => {
    const ids = people.map((p) => p.id);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('makes people save accepts: a name and a valid, unique email or LinkedIn URL', () => {
    for (const { id, ...fields } of people) {
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const checked = checkRecord({ ...fields });
      expect(checked.reason).toBeUndefined();
      expect(checked.warnings).toEqual([]);
      expect(checked.fields).toEqual(fields); // the LinkedIn URL already canonical
    }
    const emails = people.flatMap((p) => (p.email ? [p.email] : []));
    expect(new Set(emails).size).toBe(emails.length);
    expect(new Set(people.map((p) => p.linkedin_url)).size).toBe(people.length);
    expect(emails.length / people.length).toBeGreaterThan(0.8);
  });

  it('is varied: seniorities, legal industries, headcounts, countries', () => {
    const distinct = (pick: (p: SeedProspect) => unknown) => new Set(people.map(pick));
    expect(distinct((p) => p.seniority)).toEqual(new Set(SENIORITIES));
    expect([...distinct((p) => p.industry)]).toEqual(
      expect.arrayContaining(['Legal Services', 'Law Practice']),
    );
    expect(distinct((p) => headcountBucket(p.employee_count)).size).toBe(8);
    expect(distinct((p) => p.country).size).toBeGreaterThan(15);
    expect(distinct((p) => p.title).size).toBeGreaterThan(100);
    const lawFirmCeos = people.filter(
      (p) => p.industry === 'Legal Services' && /\bCEO\b/.test(p.title ?? ''),
    );
    expect(lawFirmCeos.length).toBeGreaterThanOrEqual(5);
  });

  it('gives companies a headquarters, where most but not all of their people work', () => {
    const located = people.filter((p) => p.company_city && p.company_country);
    expect(located).toHaveLength(people.length);
    const atHeadquarters = people.filter(
      (p) => p.city === p.company_city && p.country === p.company_country,
    );
    expect(atHeadquarters.length / people.length).toBeGreaterThan(0.7);
    expect(atHeadquarters.length / people.length).toBeLessThan(0.95);
  });

  it('gives most companies a revenue that grows with their headcount', () => {
    const known = people.filter((p) => p.annual_revenue !== null);
    expect(known.length / people.length).toBeGreaterThan(0.9);
    expect(new Set(known.map((p) => revenueBucket(p.annual_revenue))).size).toBeGreaterThan(6);
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
    const medians = HEADCOUNT_BUCKETS.map((bucket) =>
      median(
        known
          .filter((p) => headcountBucket(p.employee_count) === bucket)
          .map((p) => p.annual_revenue!),
      ),
    );
    expect([...medians].sort((a, b) => a - b)).toEqual(medians);
    // The same company has the same revenue for every one of its people.
    const byDomain = new Map(known.map((p) => [p.company_domain, p.annual_revenue]));
    for (const p of known) expect(p.annual_revenue).toBe(byDomain.get(p.company_domain));
  });
});
