import { uuidV7 } from '../prospect-ids';
import { ProspectFields } from '../prospect-fields';
import { Seniority } from '../seniority';
import {
  ASCII_FOLDS,
  CITIES,
  COMPANY_NOUNS,
  COMPANY_SIZES,
  COMPANY_WORDS,
  DEFAULT_REVENUE_PER_EMPLOYEE,
  DEPARTMENT_NAMES,
  DEPARTMENT_SHARES,
  Department,
  FIRST_NAMES,
  IC_TITLES,
  INDUSTRIES,
  LAST_NAMES,
  LAW_FIRM_LEADERS,
  LEGAL_FIRM_DEPARTMENT_SHARES,
  LEGAL_FIRM_FORMS,
  LEGAL_INDUSTRIES,
  LEGAL_LEADERSHIP,
  REVENUE_PER_EMPLOYEE,
  SENIORITY_SHARES,
  TITLE_PATTERNS,
  TOP_TITLES,
  UNKNOWN_REVENUE_SHARE,
  Weighted,
} from './seed-catalog';

export interface SeedProspect extends ProspectFields {
  id: string;
}

/** Seeded ids are version-7 UUIDs timed from here, one millisecond per person, in order. */
const SEED_EPOCH_MS = Date.UTC(2025, 0, 1);

/** mulberry32: a small, fast PRNG whose whole state is one 32-bit number. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `--seed` as given: a number is used as is, any other text is hashed (FNV-1a). */
export function seedNumber(seed: string | number): number {
  if (typeof seed === 'number') return seed >>> 0;
  if (/^\d+$/.test(seed)) return Number(seed) >>> 0;
  let hash = 0x811c9dc5;
  for (const char of seed) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}

class Random {
  readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }

  get seedTag(): string {
    return this.seed.toString(36);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(items: Weighted<T>): T {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return items[items.length - 1][0];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  bytes(count: number): Uint8Array {
    return Uint8Array.from({ length: count }, () => Math.floor(this.next() * 256));
  }
}

interface Company {
  name: string;
  domain: string;
  industry: string;
  employeeCount: number;
  annualRevenue: number | null;
  people: number;
  /** Where the company has its headquarters; most of its people work there too. */
  city: readonly [string, string, string];
  legal: boolean;
}

/** `"Łukasz Ødegaard"` → `"lukasz odegaard"`: ASCII for email addresses and URL slugs. */
export function asciiFold(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[øłßæđœ]/g, (char) => ASCII_FOLDS[char]);
}

const slug = (text: string, joiner = ''): string =>
  asciiFold(text)
    .replace(/[^a-z0-9]+/g, joiner)
    .replace(new RegExp(`^${joiner}|${joiner}$`, 'g'), '');

/**
 * Synthetic prospects, company by company. Deterministic: the same seed yields the same people
 * with the same ids, and a larger count yields the same people first.
 */
export function* generateProspects(options: {
  count: number;
  seed?: string | number;
}): Generator<SeedProspect> {
  const random = new Random(seedNumber(options.seed ?? 1));
  const domainsUsed = new Map<string, number>();
  let produced = 0;
  while (produced < options.count) {
    const company = newCompany(random, domainsUsed);
    const emailsUsed = new Set<string>();
    const leaderFirst = company.legal && random.chance(0.5);
    for (let i = 0; i < company.people && produced < options.count; i++, produced++) {
      const role = i === 0 && leaderFirst ? lawFirmLeader(random) : undefined;
      yield newPerson(random, company, emailsUsed, produced, role);
    }
  }
}

function newCompany(random: Random, domainsUsed: Map<string, number>): Company {
  const industry = random.weighted(INDUSTRIES);
  const legal = LEGAL_INDUSTRIES.has(industry);
  const name = legal ? legalFirmName(random) : otherCompanyName(random, industry);
  const base = slug(name);
  const seen = domainsUsed.get(base) ?? 0;
  domainsUsed.set(base, seen + 1);
  const [min, max, people] = random.weighted(COMPANY_SIZES);
  // Headcounts cluster at the low end of each range, as real ones do.
  const employeeCount = Math.round(min + (max - min) * random.next() ** 2);
  const domain = `${base}${seen ? seen + 1 : ''}.${random.chance(0.8) ? 'com' : random.pick(['io', 'co', 'net', 'org'])}`;
  return {
    name,
    domain,
    industry,
    employeeCount,
    annualRevenue: annualRevenue(new Random(seedNumber(`${random.seed}:${domain}`)), {
      industry,
      employeeCount,
    }),
    people: random.int(1, people),
    city: random.weighted(CITIES),
    legal,
  };
}

/**
 * Headcount times the industry's revenue per employee, spread by a factor of about e^±1.5 (most
 * companies near the middle), rounded to three significant figures; a few companies unknown.
 * Drawn from the company's own generator (`random`), so the people of a seed stay the ones they
 * were before companies had revenues.
 */
function annualRevenue(
  random: Random,
  { industry, employeeCount }: { industry: string; employeeCount: number },
): number | null {
  if (random.chance(UNKNOWN_REVENUE_SHARE)) return null;
  const perEmployee = REVENUE_PER_EMPLOYEE[industry] ?? DEFAULT_REVENUE_PER_EMPLOYEE;
  const spread = Math.exp(random.next() + random.next() + random.next() - 1.5);
  const revenue = employeeCount * perEmployee * spread;
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(revenue)) - 2);
  return Math.round(revenue / unit) * unit;
}

function legalFirmName(random: Random): string {
  return random
    .pick(LEGAL_FIRM_FORMS)
    .replace('{a}', random.pick(LAST_NAMES))
    .replace('{b}', random.pick(LAST_NAMES))
    .replace('{c}', random.pick(LAST_NAMES));
}

function otherCompanyName(random: Random, industry: string): string {
  const noun = random.pick(COMPANY_NOUNS[industry] ?? ['Group']);
  return noun.startsWith('.')
    ? `${random.pick(COMPANY_WORDS)}${noun}`
    : `${random.pick(COMPANY_WORDS)} ${noun}`;
}

function newPerson(
  random: Random,
  company: Company,
  emailsUsed: Set<string>,
  index: number,
  role?: Role,
): SeedProspect {
  const seedTag = random.seedTag;
  const id = uuidV7(SEED_EPOCH_MS + index, 0, random.bytes(8));
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const seniority = role?.seniority ?? random.weighted(SENIORITY_SHARES);
  const { title, department } = role ?? newTitle(random, seniority, company.legal);
  const [city, region, country] = random.chance(0.8) ? company.city : random.weighted(CITIES);
  return {
    id,
    name: `${firstName} ${lastName}`,
    first_name: firstName,
    last_name: lastName,
    email: random.chance(0.9)
      ? workEmail(random, firstName, lastName, company.domain, emailsUsed)
      : null,
    title,
    seniority,
    department,
    company_name: company.name,
    company_domain: company.domain,
    industry: company.industry,
    employee_count: company.employeeCount,
    annual_revenue: company.annualRevenue,
    city,
    region,
    country,
    company_city: company.city[0],
    company_region: company.city[1],
    company_country: company.city[2],
    // The index makes the URL unique; the seed keeps different seeds' people apart.
    linkedin_url: `https://linkedin.com/in/${slug(firstName, '-')}-${slug(lastName, '-')}-${seedTag}-${index.toString(36)}`,
  };
}

interface Role {
  title: string;
  seniority: Seniority;
  department: Department;
}

function lawFirmLeader(random: Random): Role {
  const [title, seniority, department] = random.weighted(LAW_FIRM_LEADERS);
  return { title, seniority, department };
}

function newTitle(
  random: Random,
  seniority: Seniority,
  legalFirm: boolean,
): { title: string; department: Department } {
  if (seniority === 'owner' || seniority === 'founder' || seniority === 'c_suite') {
    const [title, department] = random.weighted(TOP_TITLES[seniority]);
    return { title, department };
  }
  const department = random.weighted(legalFirm ? LEGAL_FIRM_DEPARTMENT_SHARES : DEPARTMENT_SHARES);
  if (seniority === 'partner') {
    // Partners run the firm: lawyers at law firms, the leadership elsewhere.
    return {
      title: random.pick(TITLE_PATTERNS.partner),
      department: legalFirm ? 'legal' : 'executive',
    };
  }
  if (seniority === 'senior' || seniority === 'entry' || seniority === 'intern') {
    return { title: random.pick(IC_TITLES[department][seniority]), department };
  }
  const legalTitles = department === 'legal' ? LEGAL_LEADERSHIP[seniority] : undefined;
  const title = legalTitles
    ? random.pick(legalTitles)
    : random.pick(TITLE_PATTERNS[seniority]).replace('{d}', DEPARTMENT_NAMES[department]);
  return { title, department };
}

function workEmail(
  random: Random,
  firstName: string,
  lastName: string,
  domain: string,
  used: Set<string>,
): string {
  const first = slug(firstName);
  const last = slug(lastName);
  const roll = random.next();
  const local = roll < 0.7 ? `${first}.${last}` : roll < 0.85 ? `${first[0]}${last}` : first;
  let candidate = local;
  for (let n = 2; used.has(candidate); n++) candidate = `${local}${n}`;
  used.add(candidate);
  return `${candidate}@${domain}`;
}
