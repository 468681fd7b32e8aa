import { parseAmount, parseRevenueRange, REVENUE, revenueBucket } from './revenue';

describe('parseAmount', () => {
  it.each([
    ['0', 0],
    ['250000', 250_000],
    ['$1200', 1_200],
    ['5M', 5_000_000],
    ['2.5m', 2_500_000],
    ['750K', 750_000],
    ['1B', 1_000_000_000],
    ['$ 10b', 10_000_000_000],
  ])('reads %j', (text, amount) => {
    expect(parseAmount(text)).toBe(amount);
  });

  it.each(['', 'M', '1.5', '1.0000000001M', '-5', '5T', '1e6', '2,000', '2000000B'])(
    'refuses %j',
    (text) => {
      expect(parseAmount(text)).toBeUndefined();
    },
  );
});

describe('parseRevenueRange', () => {
  it.each([
    ['0-1M', { min: 0, max: 999_999 }],
    ['1m-10m', { min: 1_000_000, max: 9_999_999 }],
    ['1B-10B', { min: 1_000_000_000, max: 9_999_999_999 }],
    ['10B+', { min: 10_000_000_000, max: null }],
    ['5M,20M', { min: 5_000_000, max: 20_000_000 }],
    [' 1000000 , ', { min: 1_000_000, max: null }],
    [',500K', { min: 0, max: 500_000 }],
  ])('reads %j', (value, range) => {
    expect(parseRevenueRange(value)).toEqual(range);
  });

  it.each(['', ',', '20M,5M', '1M-5M', 'lots', '1,2,3', '1.5,3'])('refuses %j', (value) => {
    expect(parseRevenueRange(value)).toBeUndefined();
  });
});

describe('revenue buckets', () => {
  it('cover every amount from 0 up, without gaps or overlaps', () => {
    REVENUE.buckets.forEach((bucket, at) => {
      const next = REVENUE.buckets[at + 1];
      if (next) expect(next.min).toBe(bucket.max! + 1);
      else expect(bucket.max).toBeNull();
    });
    expect(REVENUE.buckets[0].min).toBe(0);
  });

  it.each([
    [0, '0-1M'],
    [999_999, '0-1M'],
    [1_000_000, '1M-10M'],
    [49_999_999, '10M-50M'],
    [50_000_000, '50M-100M'],
    [999_999_999, '500M-1B'],
    [1_000_000_000, '1B-10B'],
    [10_000_000_000, '10B+'],
    [null, null],
  ])('puts %j in %j', (revenue, bucket) => {
    expect(revenueBucket(revenue)).toBe(bucket);
  });

  it('finds the buckets a dollar range overlaps, exact only on bucket edges', () => {
    expect(REVENUE.overlapping({ min: 1_000_000, max: 49_999_999 })).toEqual({
      buckets: ['1M-10M', '10M-50M'],
      exact: true,
    });
    expect(REVENUE.overlapping({ min: 5_000_000, max: 20_000_000 })).toEqual({
      buckets: ['1M-10M', '10M-50M'],
      exact: false,
    });
  });
});
