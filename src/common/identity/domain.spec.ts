import { normalizeDomain } from './domain';

describe('domain identity', () => {
  it('reduces company domains to their host name', () => {
    expect(normalizeDomain('https://www.Acme.com/about')).toBe('acme.com');
    expect(normalizeDomain('acme.co.uk')).toBe('acme.co.uk');
    expect(normalizeDomain('acme.com.')).toBe('acme.com');
    expect(normalizeDomain('localhost')).toBeNull();
    expect(normalizeDomain('not a domain')).toBeNull();
  });
});

describe('domain identity at the edges', () => {
  const label = (length: number) => 'a'.repeat(length);

  it('strips any scheme, path, query, fragment, a leading www. and a trailing dot', () => {
    expect(normalizeDomain(' HTTP://Shop.Acme.com?x=1 ')).toBe('shop.acme.com');
    expect(normalizeDomain('git+ssh://acme.com/repo')).toBe('acme.com');
    expect(normalizeDomain('acme.com#about')).toBe('acme.com');
    expect(normalizeDomain('www.acme.com.')).toBe('acme.com');
    expect(normalizeDomain('mywww.acme.com')).toBe('mywww.acme.com');
    expect(normalizeDomain('shop.www.acme.com')).toBe('shop.www.acme.com');
    expect(normalizeDomain('acme.com.example')).toBe('acme.com.example');
  });

  it('accepts host names of 4 to 253 characters and labels of 1 to 63', () => {
    expect(normalizeDomain('a.co')).toBe('a.co');
    expect(normalizeDomain(`${label(63)}.com`)).toBe(`${label(63)}.com`);
    expect(normalizeDomain(`${label(64)}.com`)).toBeNull();
    const longest = `${label(62)}.${label(62)}.${label(61)}.${label(61)}.com`;
    expect(longest).toHaveLength(253);
    expect(normalizeDomain(longest)).toBe(longest);
    expect(normalizeDomain(`a${longest}`)).toBeNull();
    expect(normalizeDomain(`x.${label(63)}`)).toBe(`x.${label(63)}`);
    expect(normalizeDomain(`x.${label(64)}`)).toBeNull();
  });

  it('refuses what is not a host name', () => {
    for (const bad of [
      '-acme.com',
      'acme-.com',
      'acme..com',
      '.acme.com',
      'acme.c',
      'acme.c0m',
      'acme.com:8080',
      'ac_me.com',
      'acme',
      '',
      'http://',
    ]) {
      expect([bad, normalizeDomain(bad)]).toEqual([bad, null]);
    }
    expect(normalizeDomain('a-b.co')).toBe('a-b.co');
    expect(normalizeDomain('a1.b2.io')).toBe('a1.b2.io');
  });
});
