import { ApiError } from '../../common/errors/api-error';
import { readiness } from './readiness';

describe('readiness', () => {
  const degraded = { redis: { status: 'degraded' as const, message: 'Redis does not answer' } };

  it('is ready with a degraded dependency, listed in info and details', () => {
    expect(readiness([{ database: { status: 'up' } }, degraded])).toEqual({
      status: 'ok',
      info: { database: { status: 'up' }, ...degraded },
      error: {},
      details: { database: { status: 'up' }, ...degraded },
    });
  });

  it('is a 503 naming what is down, with the whole result in its details', () => {
    const down = { database: { status: 'down' as const, message: 'timeout of 2000ms exceeded' } };
    let thrown: unknown;
    try {
      readiness([down, degraded]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).code).toBe('service_unavailable');
    expect((thrown as ApiError).message).toBe('Not ready: database does not answer.');
    expect((thrown as ApiError).details).toEqual({
      status: 'error',
      info: degraded,
      error: down,
      details: { ...down, ...degraded },
    });
  });
});
