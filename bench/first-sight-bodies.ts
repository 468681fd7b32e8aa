/**
 * Search bodies as people write them, for the first-sight benchmark: drawn from the seed catalog
 * with a small seeded PRNG, so that every run (and every machine) sends the same bodies, each one
 * distinct. Same workflow form as the repeated mixes of search.bench.ts.
 */
import { HEADCOUNT_BUCKETS } from '../src/modules/prospects/headcount';
import { mulberry32 } from '../src/modules/prospects/seed/prospect-seed';
import {
  CITIES,
  DEPARTMENT_NAMES,
  DEPARTMENTS,
  IC_TITLES,
  INDUSTRIES,
  LAW_FIRM_LEADERS,
  LEGAL_LEADERSHIP,
  TITLE_PATTERNS,
  TOP_TITLES,
  Weighted,
} from '../src/modules/prospects/seed/seed-catalog';
import { SearchRequestPipe } from '../src/modules/prospects/search/search-request.pipe';
import { SENIORITIES } from '../src/modules/prospects/seniority';

/** The page size every benchmark body asks for (the workflow's). */
export const FIRST_SIGHT_PER_PAGE = 50;

export interface SearchBody {
  query: {
    person_titles: string[];
    organization_industries?: string[];
    person_locations?: string[];
    organization_num_employees_ranges?: string[];
    person_seniorities?: string[];
  };
  per_page: number;
  page?: number;
}

/** Single words people type instead of a whole title; they match many titles each. */
const COMMON_TITLE_WORDS = [
  'VP',
  'Manager',
  'Director',
  'Engineer',
  'Founder',
  'Partner',
  'Counsel',
  'Head',
  'Attorney',
  'Owner',
  'Recruiter',
  'Accountant',
];

/** Every title the seed gives people, with the department patterns filled in. */
function catalogTitles(): string[] {
  const departments = DEPARTMENTS.map((d) => DEPARTMENT_NAMES[d]);
  const titles = [
    ...Object.values(TOP_TITLES).flatMap((weighted) => weighted.map(([[title]]) => title)),
    ...Object.values(TITLE_PATTERNS).flatMap((patterns) =>
      patterns.flatMap((p) => departments.map((d) => p.replace('{d}', d))),
    ),
    ...Object.values(IC_TITLES).flatMap(({ senior, entry, intern }) => [
      ...senior,
      ...entry,
      ...intern,
    ]),
    ...LAW_FIRM_LEADERS.map(([[title]]) => title),
    ...Object.values(LEGAL_LEADERSHIP).flat(),
  ];
  return [...new Set(titles)];
}

type Random = () => number;

const pick = <T>(random: Random, values: readonly T[]): T =>
  values[Math.floor(random() * values.length)];

/** A value drawn with the catalog's weights, so common industries and cities come up more often. */
function pickWeighted<T>(random: Random, weighted: Weighted<T>): T {
  let left = random() * weighted.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of weighted) {
    left -= weight;
    if (left < 0) return value;
  }
  return weighted[weighted.length - 1][0];
}

/** `count` distinct values from `draw` (fewer if it keeps repeating itself). */
function distinct<T>(count: number, draw: () => T): T[] {
  const values = new Set<T>();
  for (let attempt = 0; values.size < count && attempt < count * 10; attempt++) values.add(draw());
  return [...values];
}

/** 1–3 titles (half of the bodies one), a quarter of them a single common word. */
function drawTitles(random: Random, titles: string[]): string[] {
  const count = random() < 0.5 ? 1 : random() < 0.6 ? 2 : 3;
  return distinct(count, () =>
    random() < 0.25 ? pick(random, COMMON_TITLE_WORDS) : pick(random, titles),
  );
}

/** A city, its region or its country: people filter on all three. */
function drawLocation(random: Random): string {
  return pick(random, pickWeighted(random, CITIES));
}

function drawBody(random: Random, titles: string[]): SearchBody {
  const query: SearchBody['query'] = { person_titles: drawTitles(random, titles) };
  if (random() < 0.4) {
    const count = random() < 0.7 ? 1 : 2;
    query.organization_industries = distinct(count, () => pickWeighted(random, INDUSTRIES));
  }
  if (random() < 0.4) query.person_locations = [drawLocation(random)];
  if (random() < 0.3) query.organization_num_employees_ranges = [pick(random, HEADCOUNT_BUCKETS)];
  if (random() < 0.25) query.person_seniorities = [pick(random, SENIORITIES)];
  const body: SearchBody = { query, per_page: FIRST_SIGHT_PER_PAGE };
  if (random() < 0.1) body.page = 2 + Math.floor(random() * 4);
  return body;
}

/**
 * `count` distinct bodies (by their JSON) from generator `seed`, none of them in `exclude` (JSON
 * strings). Each passes the API's own validation, checked here so that a benchmark never measures
 * 400s.
 */
export function firstSightBodies(
  count: number,
  seed: number,
  exclude: ReadonlySet<string> = new Set(),
): SearchBody[] {
  const random = mulberry32(seed); // the seed's own PRNG: small, and the same on every machine
  const titles = catalogTitles();
  const pipe = new SearchRequestPipe();
  const bodies = new Map<string, SearchBody>();
  for (let attempt = 0; bodies.size < count; attempt++) {
    if (attempt >= count * 100) throw new Error(`only ${bodies.size} distinct bodies drawn`);
    const body = drawBody(random, titles);
    const json = JSON.stringify(body);
    if (bodies.has(json) || exclude.has(json)) continue;
    pipe.transform(body); // throws on a body the API would refuse
    bodies.set(json, body);
  }
  return [...bodies.values()];
}
