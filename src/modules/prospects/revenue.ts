import { NumberRange, RangeScale } from './ranges';

/** The buckets the API names annual revenues (US dollars) by, smallest first. */
export const REVENUE_BUCKETS = [
  '0-1M',
  '1M-10M',
  '10M-50M',
  '50M-100M',
  '100M-250M',
  '250M-500M',
  '500M-1B',
  '1B-10B',
  '10B+',
] as const;

const UNITS: Record<string, number> = { '': 1, K: 1e3, M: 1e6, B: 1e9 };

/** The largest revenue stored or searched for: a quadrillion dollars, far above any company's. */
export const MAX_REVENUE = 1e15;

/**
 * A dollar amount: a whole number, or a number with a K, M or B suffix ("2.5M" is 2,500,000),
 * either with a leading `$`. Undefined when it is none of these, not whole, or above MAX_REVENUE.
 */
export function parseAmount(text: string): number | undefined {
  const match = /^\$?\s*(\d{1,16}(?:\.\d{1,9})?)\s*([KMB]?)$/i.exec(text.trim());
  if (!match) return undefined;
  const amount = Number(match[1]) * UNITS[match[2].toUpperCase()];
  return Number.isSafeInteger(amount) && amount <= MAX_REVENUE ? amount : undefined;
}

/** A label's figures: each bucket holds its lower figure up to, not including, its upper one. */
function bucket(label: string, index: number): { label: string; min: number; max: number | null } {
  const [low, high] = label.replace('+', '').split('-');
  const next = REVENUE_BUCKETS[index + 1];
  return {
    label,
    min: parseAmount(low)!,
    max: high === undefined || next === undefined ? null : parseAmount(high)! - 1,
  };
}

export const REVENUE = new RangeScale(
  REVENUE_BUCKETS.map(bucket),
  parseAmount,
  `one of ${REVENUE_BUCKETS.join(', ')} (US dollars; each bucket from its lower figure up to, ` +
    'not including, its upper one), or "min,max" in dollars, both ends included, either side ' +
    'may be empty, each a whole number or one with a K, M or B suffix ("5M,20M")',
);

/** A bucket label or `"min,max"` → the range of dollars; undefined when it is neither. */
export const parseRevenueRange = (value: string): NumberRange | undefined => REVENUE.parse(value);

/** The bucket an annual revenue falls in (the Prospect's `revenue_range`). */
export const revenueBucket = (revenue: number | null): string | null => REVENUE.bucketOf(revenue);
