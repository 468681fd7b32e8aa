import { CanActivate, HttpCode, INestApplicationContext, UseGuards } from '@nestjs/common';
import Fastify, { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error';
import { Admission } from './admission';
import { RequireScopes } from './auth.decorators';
import { LeanRoute, useLeanRoute } from './lean-route';

class AnyGuard implements CanActivate {
  canActivate(): boolean {
    return true;
  }
}

class Routes {
  @RequireScopes() me(): void {}
  @RequireScopes() @UseGuards(AnyGuard) guarded(): void {}
  @RequireScopes() @HttpCode(202) accepted(): void {}
}

describe('useLeanRoute', () => {
  // Admission and the filter are collaborators here; the real ones serve /v1/me end to end.
  const admit = jest.fn((request: FastifyRequest) =>
    request.headers.authorization === 'Bearer good'
      ? Promise.resolve()
      : Promise.reject(new ApiError('invalid_key', 'no key')),
  );
  const answer = jest.fn(
    (
      error: ApiError,
      _request: FastifyRequest,
      reply: { status(n: number): { send(b: object): unknown } },
    ) => reply.status(error.getStatus()).send({ refused: error.code }),
  );
  const app = {
    get: (token: unknown) => (token === Admission ? { admit } : { answer }),
  } as unknown as INestApplicationContext;
  const route = (overrides: Partial<LeanRoute> = {}): LeanRoute => ({
    path: '/v1/me',
    declaredBy: [Object.getOwnPropertyDescriptor(Routes.prototype, 'me')?.value, Routes],
    body: () => ({ lean: true }),
    ...overrides,
  });
  let fastify: FastifyInstance;

  beforeEach(() => {
    jest.clearAllMocks();
    fastify = Fastify();
  });
  afterEach(() => fastify.close());

  const serve = async (lean: LeanRoute) => {
    useLeanRoute(fastify, app, lean);
    fastify.get('/v1/me', () => ({ nest: true }));
    fastify.get('/v1/other', () => ({ nest: true }));
    await fastify.ready();
  };
  const get = (url: string, method: 'GET' | 'HEAD' = 'GET') =>
    fastify.inject({ method, url, headers: { authorization: 'Bearer good' } });

  it('answers GET and HEAD of its path with the lean body, after admission by its declarations', async () => {
    const lean = route();
    await serve(lean);
    expect((await get('/v1/me')).json()).toEqual({ lean: true });
    expect(admit).toHaveBeenCalledWith(expect.anything(), expect.anything(), lean.declaredBy);
    const head = await get('/v1/me', 'HEAD');
    expect([head.statusCode, head.body]).toEqual([200, '']);
    expect(admit).toHaveBeenCalledTimes(2);
    expect((await get('/v1/other')).json()).toEqual({ nest: true });
  });

  it('sends a refusal, and a body that fails late, through the exception filter', async () => {
    await serve(route({ body: () => Promise.reject(new ApiError('not_found', 'gone')) }));
    const refused = await fastify.inject({ url: '/v1/me' });
    expect([refused.statusCode, refused.json()]).toEqual([401, { refused: 'invalid_key' }]);
    const late = await get('/v1/me');
    expect([late.statusCode, late.json()]).toEqual([404, { refused: 'not_found' }]);
    expect(answer).toHaveBeenCalledTimes(2);
  });

  it('keeps the server from starting when no route had its path', async () => {
    useLeanRoute(fastify, app, route({ path: '/v1/moved' }));
    fastify.get('/v1/me', () => ({ nest: true }));
    await expect(fastify.ready()).rejects.toThrow('no GET route has the path /v1/moved');
  });

  it.each(['guarded', 'accepted'] as const)(
    'refuses a route whose %s handler declares what the lean handler would skip',
    (name) => {
      const declaredBy = [Object.getOwnPropertyDescriptor(Routes.prototype, name)?.value, Routes];
      expect(() =>
        useLeanRoute(fastify, app, route({ declaredBy: declaredBy as LeanRoute['declaredBy'] })),
      ).toThrow('leave it to Nest');
    },
  );
});
