import { ApiKeysService } from '../src/modules/api-keys/api-keys.service';
import { awayFromMinuteBoundary } from './helpers/clock';
import { startTestApp, TestApp } from './helpers/test-app';

// The security probe's finding: past the per-address budget of invalid keys (429), guesses were
// still hashed and looked up. Once refused, an address is refused before the lookup.
describe('Key guessing from one address (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    // In-memory counters, so that no other suite shares this address budget.
    t = await startTestApp({ ANONYMOUS_RATE_LIMIT: '3', REDIS_URL: '' });
  });
  afterAll(() => t.close());

  it('refuses guesses past the budget before looking them up; a key seen working gets in', async () => {
    await awayFromMinuteBoundary();
    const ws = await t.createWorkspace({ plan: 'unlimited', scopes: ['read'] });
    await t.http().get('/v1/me').set(ws.auth).expect(200); // this key has worked here
    const guess = () =>
      t
        .http()
        .get('/v1/me')
        .set('Authorization', `Bearer wbk_${'g'.repeat(43)}`);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await guess()).status);
    expect(statuses).toEqual([401, 401, 401, 429]);

    const lookups = jest.spyOn(t.app.get(ApiKeysService), 'authenticate');
    for (let i = 0; i < 5; i++) {
      const refused = await guess().expect(429);
      expect(refused.body.error.code).toBe('rate_limited');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    await t.http().get('/v1/me').expect(429); // no key at all: refused as well
    expect(lookups).not.toHaveBeenCalled();
    // A colleague behind the same address, with a key that has worked here, is still served.
    await t.http().get('/v1/me').set(ws.auth).expect(200);
    expect(lookups).toHaveBeenCalledTimes(1);
  });
});
