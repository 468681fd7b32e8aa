import { redactSecrets } from './redact';

describe('redactSecrets', () => {
  const secret = 'wbk_' + 'A1b2C3d4E5'.repeat(4) + 'xyz';

  it('hides key secrets, bearer tokens, webhook secrets and URL passwords', () => {
    const text = [
      `key ${secret}`,
      'Authorization: Bearer some-metrics-token-123',
      'signing with whsec_abcdef123456',
      'connect postgres://postgres:s3cret-pass@127.0.0.1:5432/db failed',
      'redis://:redis-pass@cache:6379',
    ].join('\n');
    const out = redactSecrets(text);
    for (const leaked of [
      secret,
      'some-metrics-token-123',
      'whsec_abcdef123456',
      's3cret-pass',
      'redis-pass',
    ]) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toContain('postgres://postgres:[redacted]@127.0.0.1:5432/db');
    expect(out).toContain('Bearer [redacted]');
  });

  it('keeps what is not a secret: key display prefixes, URLs without a password', () => {
    const text =
      'key wbk_AbCd1234 used; postgres://postgres@127.0.0.1:5432/db; http://localhost:3000/v1/me';
    expect(redactSecrets(text)).toBe(text);
  });
});
