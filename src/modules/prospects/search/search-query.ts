import { HEADCOUNT } from '../headcount';
import { NumberRange, RangeScale } from '../ranges';
import { REVENUE } from '../revenue';
import { ProspectSearchFilters } from './search-filters';
import { phrasePattern, words } from './words';

/**
 * Turns search filters into one WHERE clause over `prospects p`, shaped for the GIN index on
 * `search_words` (prefixed words: see migration 1764160000000).
 *
 * Every condition that must hold for all results goes into one `search_words @> ARRAY[...]`,
 * so GIN intersects the posting lists inside a single index scan. Except: a word shared by a
 * large part of the table ("united", "states") costs more to intersect than it saves, so when
 * rarer words can drive the index it is checked on the candidate rows instead, with the same
 * whole-word semantics (a regular expression on the field, or equality).
 */

/** A WHERE clause over `prospects p` and its parameters ($1, $2, ...). */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/** Whether a prefixed word (`l:united`) is shared by so many rows that it should not drive the index. */
export type CommonWordTest = (token: string) => boolean;

const placeText = (city: string, region: string, country: string): string =>
  `(coalesce(${city}, '') || ' ' || coalesce(${region}, '') || ' ' || coalesce(${country}, ''))`;

/** The texts of a person's and a company's place whose words are the `l:` and `o:` words. */
export const PLACE_TEXTS = {
  location: placeText('p.city', 'p.region', 'p.country'),
  companyLocation: placeText('p.company_city', 'p.company_region', 'p.company_country'),
} as const;

/** The fields matched on words: their prefix in `search_words` and the text the words come from. */
const WORD_FIELDS = {
  title: { prefix: 't:', text: 'p.title' },
  industry: { prefix: 'i:', text: 'p.industry' },
  location: { prefix: 'l:', text: PLACE_TEXTS.location },
  companyLocation: { prefix: 'o:', text: PLACE_TEXTS.companyLocation },
} as const;

type WordField = keyof typeof WORD_FIELDS;

/** The number scales matched on buckets (words such as `h:51-200`), and their columns. */
const RANGE_FIELDS = {
  headcount: { prefix: 'h:', column: 'p.employee_count', scale: HEADCOUNT, type: 'int4' },
  revenue: { prefix: 'r:', column: 'p.annual_revenue', scale: REVENUE, type: 'int8' },
} as const satisfies Record<string, { scale: RangeScale } & Record<string, unknown>>;

/** Fields matched on a whole value: prefix and column. */
const VALUE_FIELDS = {
  seniority: { prefix: 's:', column: 'p.seniority' },
  department: { prefix: 'd:', column: 'p.department' },
  domain: { prefix: 'w:', column: 'p.company_domain' },
} as const;

/** Where a keyword may appear. */
const KEYWORD_PREFIXES = ['n:', 'c:', 't:', 'i:', 'l:'];

interface RequiredToken {
  token: string;
  /**
   * The same condition without the index, for when the token is too common to drive it; null
   * when another check already implies it (a word of a phrase).
   */
  check: () => string | null;
}

class ConditionBuilder {
  readonly params: unknown[] = [];
  /** Tokens every result has, AND'ed. */
  private readonly required: RequiredToken[] = [];
  /** Other conditions the index can answer (OR groups). */
  private readonly indexed: string[] = [];
  /** Conditions checked on candidate rows. */
  private readonly checks: string[] = [];

  constructor(private readonly isCommon: CommonWordTest) {}

  param(value: unknown, type: string): string {
    this.params.push(value);
    return `$${this.params.length}::${type}`;
  }

  /** `p.search_words <operator> ARRAY[...]`: `@>` needs all the tokens, `&&` any of them. */
  private tokens(operator: '@>' | '&&', tokens: string[]): string {
    return `p.search_words ${operator} ${this.param(tokens, 'text[]')}`;
  }

  /**
   * On the lower-cased text, like the stored words (`prospect_words`): `~*` alone does not fold
   * every letter as lower() does ("İ", "ǅ"), and the words searched for are lower-case.
   */
  private phraseCheck(text: string, phrase: string[]): string {
    return `lower(${text}) ~ ${this.param(phrasePattern(phrase), 'text')}`;
  }

  words(field: WordField, values: string[]): void {
    if (values.length === 1) this.oneValue(field, words(values[0]));
    else if (values.length > 1) this.indexed.push(this.anyValue(field, values.map(words)));
  }

  /**
   * Leaves out the rows where any value matches, as `words` would find them. Checked on the
   * candidate rows (an index finds rows that have words, not rows that lack them); `IS NOT TRUE`
   * keeps rows where the check is null.
   */
  notWords(field: WordField, values: string[]): void {
    if (values.length === 0) return;
    this.checks.push(`(${this.anyValue(field, values.map(words))}) IS NOT TRUE`);
  }

  /** Every word is required; a phrase is also checked in order on the candidate rows. */
  private oneValue(field: WordField, phrase: string[]): void {
    const { prefix, text } = WORD_FIELDS[field];
    const isPhrase = phrase.length > 1;
    for (const word of phrase) {
      this.required.push({
        token: prefix + word,
        check: () => (isPhrase ? null : this.phraseCheck(text, [word])),
      });
    }
    if (isPhrase) this.checks.push(this.phraseCheck(text, phrase));
  }

  /** Any of the values: one-word values together in one `&&`, each phrase as its own alternative. */
  private anyValue(field: WordField, phrases: string[][]): string {
    const { prefix, text } = WORD_FIELDS[field];
    const singles = phrases.filter((phrase) => phrase.length === 1);
    const alternatives = [
      ...(singles.length
        ? [
            this.tokens(
              '&&',
              singles.map(([word]) => prefix + word),
            ),
          ]
        : []),
      ...phrases
        .filter((phrase) => phrase.length > 1)
        .map(
          (phrase) =>
            `(${this.tokens(
              '@>',
              phrase.map((word) => prefix + word),
            )} AND ` + `${this.phraseCheck(text, phrase)})`,
        ),
    ];
    return anyOf(alternatives);
  }

  values(field: keyof typeof VALUE_FIELDS, values: string[]): void {
    const { prefix, column } = VALUE_FIELDS[field];
    if (values.length === 1) {
      this.required.push({
        token: prefix + values[0],
        check: () => `${column} = ${this.param(values[0], 'text')}`,
      });
    } else if (values.length > 1) {
      this.indexed.push(
        this.tokens(
          '&&',
          values.map((value) => prefix + value),
        ),
      );
    }
  }

  /** Each value's words must all appear, each in any of name, company, title, industry, location. */
  keywords(values: string[]): void {
    // A value without a word in it (punctuation, emoji) asks for nothing, so neither does the filter.
    if (values.length === 0 || values.some((value) => words(value).length === 0)) return;
    const perValue = values.map((value) =>
      words(value)
        .map((word) =>
          this.tokens(
            '&&',
            KEYWORD_PREFIXES.map((prefix) => prefix + word),
          ),
        )
        .join(' AND '),
    );
    this.indexed.push(perValue.length === 1 ? perValue[0] : anyOf(perValue.map((c) => `(${c})`)));
  }

  /**
   * Buckets are words (`h:51-200`, `r:1M-10M`); a "min,max" range finds the buckets it overlaps
   * through the index, and its exact edges on the candidate rows.
   */
  ranges(field: keyof typeof RANGE_FIELDS, ranges: NumberRange[]): void {
    if (ranges.length === 0) return;
    const { prefix, column, scale, type } = RANGE_FIELDS[field];
    const overlaps = ranges.map((range) => scale.overlapping(range));
    const exactRanges = () => {
      const alternatives = ranges.map(({ min, max }) => {
        const lower = `${column} >= ${this.param(min, type)}`;
        return max === null ? lower : `(${lower} AND ${column} <= ${this.param(max, type)})`;
      });
      return anyOf(alternatives);
    };
    // A number below the first bucket (a headcount of 0) is in no bucket, so its row has no
    // bucket word: a range reaching down there can only be checked on the rows.
    if (ranges.some((range) => range.min < scale.buckets[0].min)) {
      this.checks.push(exactRanges());
      return;
    }
    if (ranges.length === 1 && overlaps[0].exact && overlaps[0].buckets.length === 1) {
      this.required.push({ token: prefix + overlaps[0].buckets[0], check: exactRanges });
      return;
    }
    const buckets = [...new Set(overlaps.flatMap((overlap) => overlap.buckets))];
    this.indexed.push(
      this.tokens(
        '&&',
        buckets.map((bucket) => prefix + bucket),
      ),
    );
    if (!overlaps.every((overlap) => overlap.exact)) this.checks.push(exactRanges());
  }

  build(): SqlCondition {
    const rare = this.required.filter(({ token }) => !this.isCommon(token));
    const common = this.required.filter(({ token }) => this.isCommon(token));
    // Common tokens drive the index only when nothing rarer can.
    const drivers = rare.length > 0 || this.indexed.length > 0 ? rare : common;
    const checked = drivers === rare ? common : [];
    const clauses = [
      ...(drivers.length
        ? [
            this.tokens(
              '@>',
              drivers.map((r) => r.token),
            ),
          ]
        : []),
      ...this.indexed,
      ...checked.flatMap((r) => r.check() ?? []),
      ...this.checks,
    ];
    return { sql: clauses.join(' AND ') || 'true', params: this.params };
  }
}

const anyOf = (alternatives: string[]): string =>
  alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' OR ')})`;

/** The filters as one WHERE clause over `prospects p`. */
export function searchCondition(
  filters: ProspectSearchFilters,
  isCommon: CommonWordTest = () => false,
): SqlCondition {
  const where = new ConditionBuilder(isCommon);
  where.words('title', filters.titles);
  where.words('industry', filters.industries);
  where.words('location', filters.locations);
  where.words('companyLocation', filters.companyLocations);
  where.keywords(filters.keywords);
  where.values('seniority', filters.seniorities);
  where.values('department', filters.departments);
  where.values('domain', filters.domains);
  where.ranges('headcount', filters.headcounts);
  where.ranges('revenue', filters.revenues);
  where.notWords('title', filters.notTitles);
  where.notWords('industry', filters.notIndustries);
  where.notWords('location', filters.notLocations);
  where.notWords('companyLocation', filters.notCompanyLocations);
  return where.build();
}
