import { ProspectDto } from '../dto/prospect.dto';
import { ProspectCache } from './prospect-cache';

function prospect(id: string): ProspectDto {
  return { id, name: `Person ${id}`, title: 'CEO' } as ProspectDto;
}

describe('ProspectCache', () => {
  it('gives a kept prospect back only at the version it was read at', () => {
    const cache = new ProspectCache(1_000_000);
    cache.keep('7', [prospect('a')]);
    expect(cache.get('a', '7')).toEqual(prospect('a'));
    expect(cache.get('a', '8')).toBeUndefined();
    expect(cache.get('b', '7')).toBeUndefined();
    cache.keep('8', [prospect('a')]);
    expect(cache.get('a', '7')).toBeUndefined();
    expect(cache.get('a', '8')).toEqual(prospect('a'));
  });

  it('keeps the later read when reads finish out of order', () => {
    const cache = new ProspectCache(1_000_000);
    cache.keep('9', [prospect('a')]);
    cache.keep('8', [prospect('a')]);
    expect(cache.get('a', '9')).toEqual(prospect('a'));
    expect(cache.get('a', '8')).toBeUndefined();
  });

  it('freezes what it keeps, since every later response shares it', () => {
    const cache = new ProspectCache(1_000_000);
    cache.keep('1', [prospect('a')]);
    expect(Object.isFrozen(cache.get('a', '1'))).toBe(true);
  });

  it('stays within its budget, the least recently used going first', () => {
    const cache = new ProspectCache(2_000); // room for four of these, at about 420 bytes each
    cache.keep('1', ['a', 'b', 'c'].map(prospect));
    cache.get('a', '1');
    cache.keep('1', ['d', 'e'].map(prospect));
    const kept = ['a', 'b', 'c', 'd', 'e'].filter((id) => cache.get(id, '1'));
    expect(kept.length).toBeLessThan(5);
    expect(kept).toContain('e');
    expect(kept).not.toContain('b');
  });

  it('keeps nothing with a budget of 0', () => {
    const cache = new ProspectCache(0);
    cache.keep('1', [prospect('a')]);
    expect(cache.get('a', '1')).toBeUndefined();
  });
});
