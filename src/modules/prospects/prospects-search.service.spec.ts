import { listDepth, shapeFor } from './prospects-search.service';

describe('listDepth', () => {
  it('reads 250 ids for a first page, doubling for deeper pages, up to the 10,000 cap', () => {
    expect(listDepth(50)).toBe(250);
    expect(listDepth(250)).toBe(250);
    expect(listDepth(251)).toBe(500);
    expect(listDepth(1_050)).toBe(2_000);
    expect(listDepth(9_000)).toBe(10_000);
    expect(listDepth(10_000)).toBe(10_000);
  });
});

describe('shapeFor', () => {
  it('walks the id order when matches are frequent enough to find the first ones soon', () => {
    // 178,566 managers in 1,000,000: the first 1,000 are found after ~5,600 rows in id order.
    expect(shapeFor(178_566, 1_000, 1_000_000)).toBe('walk');
  });

  it('collects the matches when walking would read more rows than there are matches', () => {
    expect(shapeFor(2_597, 1_000, 1_000_000)).toBe('collect');
    expect(shapeFor(19_798, 10_000, 1_000_000)).toBe('collect');
    expect(shapeFor(0, 1_000, 1_000_000)).toBe('collect');
  });

  it('leaves the choice to the planner without statistics', () => {
    expect(shapeFor(10, 1_000, 0)).toBe('planner');
  });
});
