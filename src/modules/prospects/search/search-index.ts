import { EXACT_TOTAL_LIMIT, PageTotal } from '../../../common/http';
import { NumberRange } from '../ranges';
import { ProspectSearchFilters } from './search-filters';
import { words } from './words';

/**
 * The prospects' searchable fields, held in memory by one instance: a first-sight search of a
 * million prospects costs a few milliseconds here, where PostgreSQL pays a heap page per match
 * (bench/RESULTS.md, "Search, first sight").
 *
 * Rows are numbered in id order (search order). Each text field is dictionary-coded: a row holds
 * its value's code, and each value its posting list (the rows that have it, in order). A filter
 * is decided once per distinct value (a title's words against the searched phrases), then per
 * row by looking its code up; the filter with the fewest candidate rows, counted exactly from
 * the posting lists, drives the search. The semantics are the SQL path's (search-query.ts):
 * whole words in order for word fields (the words come from PostgreSQL's own `prospect_words`),
 * equality for the single-value fields, both ends included for number ranges.
 */

/** The fields a row is read with (see ProspectsSearchRepository.readIndexRows). */
export interface IndexRow {
  id: string;
  title: string | null;
  industry: string | null;
  /** `city region country`, as `search_words` makes it (the `l:` words). */
  location: string;
  /** The headquarters' `city region country` (the `o:` words). */
  company_location: string;
  seniority: string | null;
  department: string | null;
  company_domain: string | null;
  employee_count: number | null;
  annual_revenue: number | null;
}

const WORD_FIELDS = ['title', 'industry', 'location', 'company_location'] as const;
const VALUE_FIELDS = ['seniority', 'department', 'company_domain'] as const;
const NUMBER_FIELDS = ['employee_count', 'annual_revenue'] as const;
type WordField = (typeof WORD_FIELDS)[number];
type ValueField = (typeof VALUE_FIELDS)[number];
type CodedField = WordField | ValueField;
type NumberField = (typeof NUMBER_FIELDS)[number];

/** The words of each distinct text, as PostgreSQL's `prospect_words` splits them. */
export type WordLists = (texts: string[]) => Promise<string[][]>;

/** A dictionary-coded column. Code 0 is "no value" and is in no posting list. */
class CodedColumn {
  /** Where each code's rows start in `rows` (and end: the next code's start). */
  private readonly starts: Uint32Array;
  private readonly rows: Uint32Array;

  constructor(
    readonly values: readonly string[],
    readonly codes: Uint16Array | Uint32Array,
  ) {
    this.starts = new Uint32Array(values.length + 1);
    for (const code of codes) this.starts[code + 1]++;
    for (let code = 1; code <= values.length; code++) this.starts[code] += this.starts[code - 1];
    const next = this.starts.slice(0, values.length);
    this.rows = new Uint32Array(codes.length);
    for (let row = 0; row < codes.length; row++) this.rows[next[codes[row]]++] = row;
  }

  /** How many rows have any of the codes allowed. */
  count(allowed: Uint8Array): number {
    let count = 0;
    for (let code = 1; code < allowed.length; code++)
      if (allowed[code]) count += this.starts[code + 1] - this.starts[code];
    return count;
  }

  /** The rows of one code, in order. */
  postings(code: number): Uint32Array {
    return this.rows.subarray(this.starts[code], this.starts[code + 1]);
  }

  get bytes(): number {
    return this.codes.byteLength + this.starts.byteLength + this.rows.byteLength;
  }
}

/** Whether `have` holds the words of `phrase` side by side, in order. */
export function hasPhrase(have: readonly string[], phrase: readonly string[]): boolean {
  for (let at = 0; at + phrase.length <= have.length; at++) {
    let k = 0;
    while (k < phrase.length && have[at + k] === phrase[k]) k++;
    if (k === phrase.length) return true;
  }
  return false;
}

/** A condition on one coded column: the codes it allows. */
interface CodeTest {
  column: CodedColumn;
  allowed: Uint8Array;
  /** An exclusion: the row passes when its code is not allowed. */
  negated: boolean;
}

interface RangeTest {
  values: Float64Array;
  ranges: NumberRange[];
}

/** The total and the first ids (16 bytes each, in id order) of a search. */
export interface IndexMatches {
  total: PageTotal;
  ids: Buffer;
}

export class SearchIndex {
  /** Made by SearchIndexBuilder. */
  constructor(
    /** The data version the rows were read at (`prospect_data_version`). */
    readonly version: string,
    readonly size: number,
    /** Every row's id, 16 bytes each, in row order. */
    private readonly ids: Buffer,
    private readonly coded: Record<CodedField, CodedColumn>,
    /** Per distinct value of a word field, its words. */
    private readonly words: Record<WordField, string[][]>,
    private readonly numbers: Record<NumberField, Float64Array>,
  ) {}

  /** Memory the index holds, about. */
  get bytes(): number {
    const coded = Object.values(this.coded).reduce((sum, column) => sum + column.bytes, 0);
    const numbers = Object.values(this.numbers).reduce((sum, values) => sum + values.byteLength, 0);
    return this.ids.length + coded + numbers;
  }

  /**
   * The total and the first `depth` ids of a search; undefined for the filters the index does
   * not hold (keywords, which look in names and companies: the SQL path answers those).
   */
  match(filters: ProspectSearchFilters, depth: number): IndexMatches | undefined {
    if (filters.keywords.length > 0) return undefined;
    const codeTests = this.codeTests(filters);
    const rangeTests = this.rangeTests(filters);
    const driver = this.driver(codeTests);
    const others = codeTests.filter((test) => test !== driver);
    const first: number[] = [];
    let found = 0;
    const visit = (row: number): boolean => {
      if (!passes(row, others, rangeTests)) return true;
      if (found < depth) first.push(row);
      return ++found <= EXACT_TOTAL_LIMIT;
    };
    if (driver) this.eachCandidate(driver, visit);
    else this.eachRow(visit);
    return {
      total:
        found > EXACT_TOTAL_LIMIT
          ? { total: EXACT_TOTAL_LIMIT, relation: 'gte' }
          : { total: found, relation: 'eq' },
      ids: Buffer.concat(first.map((row) => this.ids.subarray(row * 16, row * 16 + 16))),
    };
  }

  private codeTests(filters: ProspectSearchFilters): CodeTest[] {
    const tests: (CodeTest | undefined)[] = [
      this.wordTest('title', filters.titles, false),
      this.wordTest('industry', filters.industries, false),
      this.wordTest('location', filters.locations, false),
      this.wordTest('company_location', filters.companyLocations, false),
      this.valueTest('seniority', filters.seniorities),
      this.valueTest('department', filters.departments),
      this.valueTest('company_domain', filters.domains),
      this.wordTest('title', filters.notTitles, true),
      this.wordTest('industry', filters.notIndustries, true),
      this.wordTest('location', filters.notLocations, true),
      this.wordTest('company_location', filters.notCompanyLocations, true),
    ];
    return tests.filter((test) => test !== undefined);
  }

  /** Values OR'ed; a value without words asks for nothing (as in search-query.ts). */
  private wordTest(field: WordField, values: string[], negated: boolean): CodeTest | undefined {
    const phrases = values.map(words).filter((phrase) => phrase.length > 0);
    if (phrases.length === 0) return undefined;
    const column = this.coded[field];
    const allowed = new Uint8Array(column.values.length);
    this.words[field].forEach((have, code) => {
      if (phrases.some((phrase) => hasPhrase(have, phrase))) allowed[code] = 1;
    });
    return { column, allowed, negated };
  }

  private valueTest(field: ValueField, values: string[]): CodeTest | undefined {
    if (values.length === 0) return undefined;
    const column = this.coded[field];
    const wanted = new Set(values);
    const allowed = new Uint8Array(column.values.length);
    column.values.forEach((value, code) => {
      if (code > 0 && wanted.has(value)) allowed[code] = 1;
    });
    return { column, allowed, negated: false };
  }

  private rangeTests(filters: ProspectSearchFilters): RangeTest[] {
    const tests: RangeTest[] = [];
    if (filters.headcounts.length)
      tests.push({ values: this.numbers.employee_count, ranges: filters.headcounts });
    if (filters.revenues.length)
      tests.push({ values: this.numbers.annual_revenue, ranges: filters.revenues });
    return tests;
  }

  /**
   * The inclusion with the fewest candidate rows, when they are few enough that reading its posting
   * lists beats testing every row (a third of the rows: a posting list is read through a bitmap).
   */
  private driver(tests: CodeTest[]): CodeTest | undefined {
    let best: CodeTest | undefined;
    let fewest = this.size / 3;
    for (const test of tests) {
      if (test.negated) continue;
      const count = test.column.count(test.allowed);
      if (count <= fewest) [best, fewest] = [test, count];
    }
    return best;
  }

  private eachRow(visit: (row: number) => boolean): void {
    let row = 0;
    while (row < this.size && visit(row)) row++;
  }

  /** Calls `visit` with the rows `driver` allows, in order, until it returns false. */
  private eachCandidate(driver: CodeTest, visit: (row: number) => boolean): void {
    const codes = [...driver.allowed.keys()].filter((code) => driver.allowed[code]);
    if (codes.length === 0) return;
    if (codes.length === 1) {
      for (const row of driver.column.postings(codes[0])) if (!visit(row)) return;
      return;
    }
    // Several posting lists: their union in order, through a bitmap of the rows.
    const bitmap = new Uint32Array(Math.ceil(this.size / 32));
    for (const code of codes)
      for (const row of driver.column.postings(code)) bitmap[row >>> 5] |= 1 << (row & 31);
    for (let word = 0; word < bitmap.length; word++) {
      let bits = bitmap[word];
      while (bits !== 0) {
        const low = bits & -bits;
        if (!visit(word * 32 + 31 - Math.clz32(low))) return;
        bits ^= low;
      }
    }
  }
}

function passes(row: number, codeTests: CodeTest[], rangeTests: RangeTest[]): boolean {
  for (const { column, allowed, negated } of codeTests)
    if ((allowed[column.codes[row]] === 1) === negated) return false;
  for (const { values, ranges } of rangeTests) {
    const value = values[row];
    // NaN (no value) is in no range.
    if (!ranges.some(({ min, max }) => value >= min && (max === null || value <= max)))
      return false;
  }
  return true;
}

/** Codes for the distinct values of one field, in order of first appearance; 0 is "no value". */
class Dictionary {
  readonly values: string[] = [''];
  private readonly codes = new Map<string, number>();

  code(value: string | null): number {
    if (value === null) return 0;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.push(value) - 1;
      this.codes.set(value, code);
    }
    return code;
  }
}

/**
 * Makes a SearchIndex from rows in id order: `add` takes them batch by batch (while the database
 * holds their snapshot open), `finish` makes the columns and the word lists (after it closed).
 */
export class SearchIndexBuilder {
  private size = 0;
  private readonly ids: Buffer[] = [];
  private readonly dictionaries = Object.fromEntries(
    [...WORD_FIELDS, ...VALUE_FIELDS].map((field) => [field, new Dictionary()]),
  ) as Record<CodedField, Dictionary>;
  private readonly codes = Object.fromEntries(
    [...WORD_FIELDS, ...VALUE_FIELDS].map((field) => [field, [] as Uint32Array[]]),
  ) as Record<CodedField, Uint32Array[]>;
  private readonly numbers = Object.fromEntries(
    NUMBER_FIELDS.map((field) => [field, [] as Float64Array[]]),
  ) as Record<NumberField, Float64Array[]>;

  add(rows: IndexRow[]): void {
    this.ids.push(Buffer.from(rows.map((row) => row.id.replace(/-/g, '')).join(''), 'hex'));
    for (const field of [...WORD_FIELDS, ...VALUE_FIELDS]) {
      const dictionary = this.dictionaries[field];
      this.codes[field].push(Uint32Array.from(rows, (row) => dictionary.code(row[field])));
    }
    for (const field of NUMBER_FIELDS)
      this.numbers[field].push(Float64Array.from(rows, (row) => row[field] ?? NaN));
    this.size += rows.length;
  }

  /**
   * The index of the rows added, read at data version `version`; `wordLists` splits the distinct
   * texts of the word fields into words the way the stored `search_words` were made.
   */
  async finish(version: string, wordLists: WordLists): Promise<SearchIndex> {
    const words = {} as Record<WordField, string[][]>;
    for (const field of WORD_FIELDS) {
      const values = this.dictionaries[field].values;
      words[field] = [[], ...(await wordLists(values.slice(1)))];
    }
    return new SearchIndex(
      version,
      this.size,
      Buffer.concat(this.ids),
      this.codedColumns(),
      words,
      this.numberColumns(),
    );
  }

  private codedColumns(): Record<CodedField, CodedColumn> {
    return Object.fromEntries(
      Object.entries(this.codes).map(([field, chunks]) => {
        const values = this.dictionaries[field as CodedField].values;
        // Most fields have fewer than 65,536 distinct values: half the memory.
        const codes =
          values.length <= 0x10000 ? new Uint16Array(this.size) : new Uint32Array(this.size);
        let at = 0;
        for (const chunk of chunks) {
          codes.set(chunk, at);
          at += chunk.length;
        }
        return [field, new CodedColumn(values, codes)];
      }),
    ) as Record<CodedField, CodedColumn>;
  }

  private numberColumns(): Record<NumberField, Float64Array> {
    return Object.fromEntries(
      Object.entries(this.numbers).map(([field, chunks]) => {
        const values = new Float64Array(this.size);
        let at = 0;
        for (const chunk of chunks) {
          values.set(chunk, at);
          at += chunk.length;
        }
        return [field, values];
      }),
    ) as Record<NumberField, Float64Array>;
  }
}
