/** A range of employee counts; `max` null means no upper bound. */
export interface EmployeeRange {
  min: number;
  max: number | null;
}

/** The buckets the API names headcounts by, smallest first. */
export const HEADCOUNT_BUCKETS = [
  '1-10',
  '11-50',
  '51-200',
  '201-500',
  '501-1000',
  '1001-5000',
  '5001-10000',
  '10001+',
] as const;

const BUCKET_RANGES: Record<string, EmployeeRange> = Object.fromEntries(
  HEADCOUNT_BUCKETS.map((bucket) => {
    const [min, max] = bucket.replace('+', '').split('-').map(Number);
    return [bucket, { min, max: max ?? null }];
  }),
);

const MIN_MAX = /^\s*(\d{0,9})\s*,\s*(\d{0,9})\s*$/;

export const HEADCOUNT_FORMS = `one of ${HEADCOUNT_BUCKETS.join(', ')}, or "min,max" (either side may be empty)`;

/** A bucket label or `"min,max"` → the range; undefined when it is neither. */
export function parseHeadcount(value: string): EmployeeRange | undefined {
  const label = value.trim();
  if (Object.hasOwn(BUCKET_RANGES, label)) return BUCKET_RANGES[label];
  const match = MIN_MAX.exec(value);
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const min = match[1] === '' ? 0 : Number(match[1]);
  const max = match[2] === '' ? null : Number(match[2]);
  return max !== null && max < min ? undefined : { min, max };
}

/** The buckets a range overlaps, and whether they cover exactly the range (no edge check needed). */
export function bucketsOverlapping(range: EmployeeRange): { buckets: string[]; exact: boolean } {
  const buckets = HEADCOUNT_BUCKETS.filter((bucket) => {
    const { min, max } = BUCKET_RANGES[bucket];
    return (range.max === null || min <= range.max) && (max === null || max >= range.min);
  });
  const first = buckets.length ? BUCKET_RANGES[buckets[0]] : undefined;
  const last = buckets.length ? BUCKET_RANGES[buckets[buckets.length - 1]] : undefined;
  const exact =
    first !== undefined && last !== undefined && first.min === range.min && last.max === range.max;
  return { buckets, exact };
}

/** The bucket label an employee count falls in (the Prospect's `headcount`). */
export function headcountBucket(employeeCount: number | null): string | null {
  if (employeeCount === null || employeeCount < 1) return null;
  return (
    HEADCOUNT_BUCKETS.find((bucket) => {
      const { min, max } = BUCKET_RANGES[bucket];
      return employeeCount >= min && (max === null || employeeCount <= max);
    }) ?? null
  );
}
