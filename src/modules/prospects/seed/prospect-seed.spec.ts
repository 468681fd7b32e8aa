import { checkRecord } from '../import/prospect-record';
import { headcountBucket } from '../headcount';
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
});
