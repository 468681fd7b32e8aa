import { displayPrefix, generateSecret, hashSecret, SECRET_PATTERN } from './key-secret';

describe('key secrets', () => {
  it('are wbk_ plus 43 base62 characters, all different', () => {
    const secrets = Array.from({ length: 200 }, generateSecret);
    for (const secret of secrets) expect(secret).toMatch(/^wbk_[0-9A-Za-z]{43}$/);
    expect(new Set(secrets).size).toBe(200);
    expect(SECRET_PATTERN.test(secrets[0])).toBe(true);
  });

  it('hash to a SHA-256 hex digest and show a 12-character prefix', () => {
    expect(hashSecret('wbk_x')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret('wbk_x')).not.toBe(hashSecret('wbk_y'));
    expect(displayPrefix('wbk_abcdefghijklmnop')).toBe('wbk_abcdefgh');
  });
});
