/** A range of whole numbers, both ends included; `max` null means no upper bound. */
export interface NumberRange {
  min: number;
  max: number | null;
}

/** A named bucket of a scale and the numbers it holds. */
export interface Bucket extends NumberRange {
  label: string;
}

/**
 * A scale the API names by buckets (headcounts, revenues): each filter value is a bucket label
 * or a `"min,max"` range (either side may be empty), and each stored number falls in one bucket.
 */
export class RangeScale {
  readonly labels: readonly string[];
  private readonly byLabel: ReadonlyMap<string, Bucket>;

  /**
   * @param buckets in increasing order, without gaps or overlaps
   * @param readNumber one side of a `"min,max"` range, trimmed; undefined when it is no number
   * @param forms what the values may be, in words, for documents and error messages
   */
  constructor(
    readonly buckets: readonly Bucket[],
    private readonly readNumber: (text: string) => number | undefined,
    readonly forms: string,
  ) {
    this.labels = buckets.map((bucket) => bucket.label);
    this.byLabel = new Map(buckets.map((bucket) => [bucket.label.toUpperCase(), bucket]));
  }

  /** A bucket label or `"min,max"` → the range; undefined when it is neither. */
  parse(value: string): NumberRange | undefined {
    const bucket = this.byLabel.get(value.trim().toUpperCase());
    if (bucket) return { min: bucket.min, max: bucket.max };
    const sides = value.split(',');
    if (sides.length !== 2) return undefined;
    const [low, high] = sides.map((side) => side.trim());
    if (low === '' && high === '') return undefined;
    const min = low === '' ? 0 : this.readNumber(low);
    const max = high === '' ? null : this.readNumber(high);
    if (min === undefined || max === undefined) return undefined;
    return max !== null && max < min ? undefined : { min, max };
  }

  /** The buckets a range overlaps, and whether they cover exactly the range (no edge check needed). */
  overlapping(range: NumberRange): { buckets: string[]; exact: boolean } {
    const touched = this.buckets.filter(
      ({ min, max }) =>
        (range.max === null || min <= range.max) && (max === null || max >= range.min),
    );
    const first = touched.at(0);
    const last = touched.at(-1);
    const exact =
      first !== undefined &&
      last !== undefined &&
      first.min === range.min &&
      last.max === range.max;
    return { buckets: touched.map((bucket) => bucket.label), exact };
  }

  /** The label of the bucket a number falls in; null for none (or no number). */
  bucketOf(value: number | null): string | null {
    if (value === null) return null;
    return (
      this.buckets.find(({ min, max }) => value >= min && (max === null || value <= max))?.label ??
      null
    );
  }
}
