/**
 * Seniority levels, highest first. The search accepts these (any case, `-` or space for `_`,
 * plus the synonyms below); anything else is a 400.
 */
export const SENIORITIES = [
  'owner',
  'founder',
  'c_suite',
  'partner',
  'vp',
  'head',
  'director',
  'manager',
  'senior',
  'entry',
  'intern',
] as const;
export type Seniority = (typeof SENIORITIES)[number];

const SYNONYMS: Record<string, Seniority> = {
  c_level: 'c_suite',
  cxo: 'c_suite',
  executive: 'c_suite',
  vice_president: 'vp',
  junior: 'entry',
  entry_level: 'entry',
};

/** `"Human Resources"` → `human_resources`: the form departments and seniorities are kept in. */
export function toSlug(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

/** A known seniority for a user-given value, or undefined. */
export function parseSeniority(value: string): Seniority | undefined {
  const slug = toSlug(value);
  if ((SENIORITIES as readonly string[]).includes(slug)) return slug as Seniority;
  return Object.hasOwn(SYNONYMS, slug) ? SYNONYMS[slug] : undefined;
}

// Checked in this order: "Founder & CEO" is a founder, "VP of Sales Operations" a vp.
const TITLE_RULES: [RegExp, Seniority][] = [
  [/\b(owner|proprietor)\b/, 'owner'],
  [/\b(co-?)?founder\b/, 'founder'],
  [/\b(ceo|cfo|coo|cto|cmo|cio|cro|chro|cpo|ciso|chief|(?<!vice[ -])president)\b/, 'c_suite'],
  [/\bpartner\b/, 'partner'],
  [/\b(vp|svp|evp|avp|vice[ -]president)\b/, 'vp'],
  [/\b(head|general counsel)\b/, 'head'],
  [/\bdirector\b/, 'director'],
  [/\b(manager|supervisor)\b/, 'manager'],
  [/\bintern(ship)?\b|\btrainee\b/, 'intern'],
  [/\b(senior|sr|lead|principal|staff)\b/, 'senior'],
];

/** The seniority a title implies, for imported rows that do not state one. */
export function seniorityFromTitle(title: string): Seniority {
  const lowered = title.toLowerCase();
  return TITLE_RULES.find(([pattern]) => pattern.test(lowered))?.[1] ?? 'entry';
}
