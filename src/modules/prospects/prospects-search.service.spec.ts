import { NO_FILTERS } from './search/search-filters';
import { shapeFor } from './prospects-search.service';

describe('shapeFor', () => {
  const page = (page: number, per_page = 50) => ({ filters: NO_FILTERS, page, per_page });

  it('walks the id order when matches are frequent enough to fill the page soon', () => {
    // 22,244 CEOs in 1,000,000: page 1 is full after ~2,250 rows in id order.
    expect(shapeFor(22_244, page(1), 1_000_000)).toBe('walk');
  });

  it('collects the matches when walking would read more rows than there are matches', () => {
    expect(shapeFor(4_110, page(1), 1_000_000)).toBe('collect');
    expect(shapeFor(22_244, page(200), 1_000_000)).toBe('collect');
    expect(shapeFor(0, page(1), 1_000_000)).toBe('collect');
  });

  it('leaves the choice to the planner without statistics', () => {
    expect(shapeFor(10, page(1), 0)).toBe('planner');
  });
});
