import { normalizeDomain, normalizeEmail, normalizeLinkedinUrl } from './identity';

describe('identity normalisation', () => {
  it('trims and lower-cases emails, refusing non-emails', () => {
    expect(normalizeEmail('  John.Smith@Example.COM ')).toBe('john.smith@example.com');
    for (const bad of ['bob@', 'bob', '@x.com', 'a b@x.com', 'bob@x']) {
      expect(normalizeEmail(bad)).toBeUndefined();
    }
  });

  it('gives every spelling of a LinkedIn profile one form', () => {
    const canonical = 'https://linkedin.com/in/johnsmith';
    for (const url of [
      'https://linkedin.com/in/johnsmith',
      'http://www.linkedin.com/in/JohnSmith/',
      'linkedin.com/in/johnsmith?utm_source=x',
      'https://uk.linkedin.com/in/johnsmith#about',
    ]) {
      expect(normalizeLinkedinUrl(url)).toBe(canonical);
    }
    for (const bad of [
      'https://example.com/in/x',
      'https://linkedin.com/company/acme',
      'johnsmith',
    ]) {
      expect(normalizeLinkedinUrl(bad)).toBeUndefined();
    }
  });

  it('reduces company domains to their host name', () => {
    expect(normalizeDomain('https://www.Acme.com/about')).toBe('acme.com');
    expect(normalizeDomain('acme.co.uk')).toBe('acme.co.uk');
    expect(normalizeDomain('localhost')).toBeUndefined();
    expect(normalizeDomain('not a domain')).toBeUndefined();
  });
});
