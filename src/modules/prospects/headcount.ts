import { NumberRange, RangeScale } from './ranges';

/** A range of employee counts; `max` null means no upper bound. */
export type EmployeeRange = NumberRange;

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

/** A side of "min,max": up to nine digits. */
const readCount = (text: string): number | undefined =>
  /^\d{1,9}$/.test(text) ? Number(text) : undefined;

export const HEADCOUNT = new RangeScale(
  HEADCOUNT_BUCKETS.map((label) => {
    const [min, max] = label.replace('+', '').split('-').map(Number);
    return { label, min, max: max ?? null };
  }),
  readCount,
  `one of ${HEADCOUNT_BUCKETS.join(', ')}, or "min,max" (either side may be empty)`,
);

export const HEADCOUNT_FORMS = HEADCOUNT.forms;

/** A bucket label or `"min,max"` → the range; undefined when it is neither. */
export const parseHeadcount = (value: string): EmployeeRange | undefined => HEADCOUNT.parse(value);

/** The buckets a range overlaps, and whether they cover exactly the range (no edge check needed). */
export const bucketsOverlapping = (range: EmployeeRange): { buckets: string[]; exact: boolean } =>
  HEADCOUNT.overlapping(range);

/** The bucket label an employee count falls in (the Prospect's `headcount`); none below 1. */
export const headcountBucket = (employeeCount: number | null): string | null =>
  HEADCOUNT.bucketOf(employeeCount);
