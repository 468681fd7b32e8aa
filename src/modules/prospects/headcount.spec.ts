import { bucketsOverlapping, headcountBucket, parseHeadcount } from './headcount';

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
