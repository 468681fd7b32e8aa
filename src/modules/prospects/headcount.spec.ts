import {
  bucketsOverlapping,
  HEADCOUNT_BUCKETS,
  HEADCOUNT_FORMS,
  headcountBucket,
  parseHeadcount,
} from './headcount';

describe('parseHeadcount', () => {
  it.each([
    ['1-10', { min: 1, max: 10 }],
    ['51-200', { min: 51, max: 200 }],
    ['10001+', { min: 10001, max: null }],
    ['51,200', { min: 51, max: 200 }],
    [' 100 , ', { min: 100, max: null }],
    [',50', { min: 0, max: 50 }],
  ])('reads %j', (value, range) => {
    expect(parseHeadcount(value)).toEqual(range);
  });

  it.each(['', ',', '200,51', '51-199', 'abc', '1-10-20', '-5,10', '1.5,3'])(
    'refuses %j',
    (value) => {
      expect(parseHeadcount(value)).toBeUndefined();
    },
  );
});

describe('headcountBucket', () => {
  it.each([
    [1, '1-10'],
    [10, '1-10'],
    [11, '11-50'],
    [200, '51-200'],
    [201, '201-500'],
    [10000, '5001-10000'],
    [10001, '10001+'],
    [250000, '10001+'],
    [0, null],
    [null, null],
  ])('puts %j in %j', (count, bucket) => {
    expect(headcountBucket(count)).toBe(bucket);
  });
});

describe('bucketsOverlapping', () => {
  it('names the buckets a range touches and whether they cover it exactly', () => {
    expect(bucketsOverlapping({ min: 51, max: 200 })).toEqual({ buckets: ['51-200'], exact: true });
    expect(bucketsOverlapping({ min: 11, max: 500 })).toEqual({
      buckets: ['11-50', '51-200', '201-500'],
      exact: true,
    });
    expect(bucketsOverlapping({ min: 100, max: 300 })).toEqual({
      buckets: ['51-200', '201-500'],
      exact: false,
    });
    expect(bucketsOverlapping({ min: 5001, max: null })).toEqual({
      buckets: ['5001-10000', '10001+'],
      exact: true,
    });
  });
});

describe('headcount edges', () => {
  it('puts each bucket edge in its own bucket', () => {
    const edges: [number, string][] = [
      [1, '1-10'],
      [10, '1-10'],
      [11, '11-50'],
      [50, '11-50'],
      [51, '51-200'],
      [200, '51-200'],
      [201, '201-500'],
      [500, '201-500'],
      [501, '501-1000'],
      [1000, '501-1000'],
      [1001, '1001-5000'],
      [5000, '1001-5000'],
      [5001, '5001-10000'],
      [10000, '5001-10000'],
      [10001, '10001+'],
    ];
    for (const [count, bucket] of edges)
      expect([count, headcountBucket(count)]).toEqual([count, bucket]);
    expect(headcountBucket(-3)).toBeNull();
  });

  it('reads every bucket label, trimmed, and nothing inherited', () => {
    for (const bucket of HEADCOUNT_BUCKETS) {
      const range = parseHeadcount(` ${bucket} `)!;
      expect(headcountBucket(range.min)).toBe(bucket);
      if (range.max !== null) expect(headcountBucket(range.max)).toBe(bucket);
    }
    expect(parseHeadcount('toString')).toBeUndefined();
    expect(parseHeadcount('constructor')).toBeUndefined();
  });

  it('reads "min,max" with spaces anywhere, a range of one, and up to nine digits', () => {
    expect(parseHeadcount(' 5 , 5 ')).toEqual({ min: 5, max: 5 });
    expect(parseHeadcount('0,0')).toEqual({ min: 0, max: 0 });
    expect(parseHeadcount('999999999,')).toEqual({ min: 999999999, max: null });
    expect(parseHeadcount('1234567890,')).toBeUndefined();
    expect(parseHeadcount('1,2,3')).toBeUndefined();
    expect(parseHeadcount('x1,2')).toBeUndefined();
    expect(parseHeadcount('1,2x')).toBeUndefined();
    expect(parseHeadcount(' , ')).toBeUndefined();
  });

  it('finds the buckets a range touches at their edges', () => {
    expect(bucketsOverlapping({ min: 10, max: 11 })).toEqual({
      buckets: ['1-10', '11-50'],
      exact: false,
    });
    expect(bucketsOverlapping({ min: 50, max: 50 })).toEqual({ buckets: ['11-50'], exact: false });
    expect(bucketsOverlapping({ min: 1, max: null })).toEqual({
      buckets: [...HEADCOUNT_BUCKETS],
      exact: true,
    });
    expect(bucketsOverlapping({ min: 0, max: 0 })).toEqual({ buckets: [], exact: false });
    expect(bucketsOverlapping({ min: 1, max: 50 })).toEqual({
      buckets: ['1-10', '11-50'],
      exact: true,
    });
    expect(bucketsOverlapping({ min: 1, max: 49 })).toEqual({
      buckets: ['1-10', '11-50'],
      exact: false,
    });
    expect(bucketsOverlapping({ min: 2, max: 50 }).exact).toBe(false);
    expect(bucketsOverlapping({ min: 10001, max: 20000 })).toEqual({
      buckets: ['10001+'],
      exact: false,
    });
  });
});

describe('HEADCOUNT_FORMS', () => {
  it('tells a client every bucket and the range form (the 400 of a bad headcount filter)', () => {
    expect(HEADCOUNT_FORMS).toBe(
      'one of 1-10, 11-50, 51-200, 201-500, 501-1000, 1001-5000, 5001-10000, 10001+, ' +
        'or "min,max" (either side may be empty)',
    );
  });
});
