import { requestId } from './request-id';

describe('requestId', () => {
  it('keeps a sane client id and makes a ULID otherwise', () => {
    expect(requestId('abc-123')).toBe('abc-123');
    expect(requestId('bad id!')).toMatch(/^req_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(requestId(undefined)).toMatch(/^req_[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('does not keep a client id shaped like a secret: it would be logged and echoed', () => {
    const key = 'wbk_9H4f2jdB8G9tRqvpPFzW6JYQzyapDOrpKBvbUhdedm1';
    expect(requestId(key)).toMatch(/^req_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(requestId('whsec_abcdefgh12')).toMatch(/^req_/);
    expect(requestId('wbk_9H4f2jdB')).toBe('wbk_9H4f2jdB'); // a key's display prefix is not secret
  });

  it('makes distinct ids, with every random symbol in use', () => {
    const ids = Array.from({ length: 5_000 }, () => requestId(undefined));
    expect(new Set(ids).size).toBe(ids.length);
    const symbols = new Set(ids.flatMap((id) => [...id.slice(14)]));
    expect(symbols.size).toBe(32);
  });
});
