import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('ignores key order at every depth but keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }),
    );
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('keeps values apart that differ only in where a comma goes', () => {
    expect(canonicalJson([1, 23])).not.toBe(canonicalJson([12, 3]));
    expect(canonicalJson({ a: '1', b: '23' })).not.toBe(canonicalJson({ a: '1","b":"23' }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson({ 0: 1, 1: 2 }));
  });

  it('is JSON with the keys sorted: `{"a":…,"b":[…]}`', () => {
    expect(canonicalJson({ b: [1, 'x', null, { d: 1, c: 2 }], a: true })).toBe(
      '{"a":true,"b":[1,"x",null,{"c":2,"d":1}]}',
    );
  });

  it('reads back as the value it was made from (fast-check)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // As JSON reads it back: `-0` is written `0` by JSON itself (fast-check does make -0).
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});
