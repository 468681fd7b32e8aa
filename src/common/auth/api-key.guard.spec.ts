import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiError } from '../errors/api-error';
import { Metrics } from '../metrics/metrics';
import { RateLimiterService } from '../rate-limit/rate-limiter.service';
import { Admission } from './admission';
import { ApiKeyGuard } from './api-key.guard';
import { KeyAuthenticator } from './key-authenticator';
import { AuthorizeBody, Public, RequireScopes } from './auth.decorators';
import { assertScopes, Principal } from './principal';

class Routes {
  undeclared(): void {}
  @RequireScopes('lists:write') writeLists(): void {}
  @RequireScopes() anyKey(): void {}
  @Public() open(): void {}
  @RequireScopes('lists:read')
  @AuthorizeBody((p, body) => (body as { write?: boolean }).write && assertScopes(p, 'lists:write'))
  bodyDependent(): void {}
}

const principal: Principal = {
  keyId: 'k',
  keyName: 'k',
  keyPrefix: 'wbk_',
  scopes: ['lists:read'],
  rateLimitTier: 'standard',
  expiresAt: null,
  workspace: { id: 'w', name: 'w', plan: 'pro' },
};

function contextFor(
  handler: keyof Routes,
  {
    body = {},
    authorization = 'Bearer wbk_x',
    rawHeaders = undefined as string[] | undefined,
    ip = '127.0.0.1',
  } = {},
): ExecutionContext {
  rawHeaders ??= ['Authorization', authorization];
  const request = { headers: { authorization }, raw: { rawHeaders }, ip, body };
  return {
    getHandler: () =>
      Object.getOwnPropertyDescriptor(Routes.prototype, handler)?.value as () => void,
    getClass: () => Routes,
    switchToHttp: () => ({
      getRequest: () => request,
      getResponse: () => ({ header: () => undefined }),
    }),
  } as unknown as ExecutionContext;
}

describe('ApiKeyGuard', () => {
  // The key store is a collaborator here; the real lookup is covered end to end.
  const authenticate = jest.fn(() => Promise.resolve(principal));
  const apiKeys = { authenticate } as unknown as KeyAuthenticator;
  const limiter = {
    consumeWorkspace: jest.fn(() => Promise.resolve({ allowed: true, usage: [] })),
  } as unknown as RateLimiterService;
  const guard = new ApiKeyGuard(new Admission(new Reflector(), apiKeys, limiter, new Metrics()));

  it('refuses a route that declares no scope (deny by default), even for a valid key', async () => {
    const error = await guard.canActivate(contextFor('undeclared')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('insufficient_permissions');
  });

  it('refuses a missing scope, naming it', async () => {
    await expect(guard.canActivate(contextFor('writeLists'))).rejects.toThrow('lists:write');
  });

  it('lets any valid key through @RequireScopes() and anyone through @Public()', async () => {
    await expect(guard.canActivate(contextFor('anyKey'))).resolves.toBe(true);
    await expect(guard.canActivate(contextFor('open'))).resolves.toBe(true);
  });

  it("checks the route's body policy too, before anything after the guard runs", async () => {
    await expect(guard.canActivate(contextFor('bodyDependent'))).resolves.toBe(true);
    await expect(
      guard.canActivate(contextFor('bodyDependent', { body: { write: true } })),
    ).rejects.toThrow('lists:write');
  });

  it('refuses a request with two Authorization headers before any lookup', async () => {
    const rawHeaders = ['Authorization', 'Bearer wbk_x', 'authorization', 'Bearer wbk_y'];
    authenticate.mockClear();
    const error = await guard
      .canActivate(contextFor('anyKey', { rawHeaders }))
      .catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('validation_error');
    expect(authenticate).not.toHaveBeenCalled();
  });
});

describe('ApiKeyGuard, once an address is refused', () => {
  const known = 'Bearer wbk_Known123restofthesecretrestofthesecretrestofth';
  const apiKeys = {
    authenticate: jest.fn((header: string) =>
      header === known
        ? Promise.resolve({ ...principal, keyPrefix: 'wbk_Known123' })
        : Promise.reject(new ApiError('invalid_key', 'no')),
    ),
  };
  const usage = {
    window: 'minute',
    limit: 2,
    used: 3,
    remaining: 0,
    reset: Date.now() / 1000 + 30,
  };
  const limiter = {
    consumeWorkspace: jest.fn(() => Promise.resolve({ allowed: true, usage: [] })),
    consumeAnonymous: jest.fn(() =>
      Promise.resolve({ allowed: false, usage: [usage], binding: usage }),
    ),
  };
  const metrics = new Metrics();
  const guard = new ApiKeyGuard(
    new Admission(new Reflector(), apiKeys, limiter as unknown as RateLimiterService, metrics),
  );
  const attempt = (ip: string, authorization = 'Bearer wbk_guess') =>
    guard
      .canActivate(contextFor('anyKey', { ip, authorization }))
      .catch((e: unknown) => (e as ApiError).code);

  it('refuses its next requests before the key is looked up, until the window resets', async () => {
    expect(await attempt('198.51.100.7')).toBe('rate_limited'); // looked up, counted, refused
    expect(await attempt('198.51.100.7')).toBe('rate_limited');
    expect(await attempt('198.51.100.7')).toBe('rate_limited');
    expect(apiKeys.authenticate).toHaveBeenCalledTimes(1);
    expect(limiter.consumeAnonymous).toHaveBeenCalledTimes(1);
    await attempt('198.51.100.8'); // another address is looked up as usual
    expect(apiKeys.authenticate).toHaveBeenCalledTimes(2);
    // Every refusal is counted, under the per-address budget's label.
    const refusals = await metrics.rateLimitRefusals.get();
    expect(refusals.values).toEqual([{ labels: { plan: 'anonymous' }, value: 4 }]);
  });

  it('still looks up a key it has seen authenticate, from a refused address', async () => {
    expect(await attempt('203.0.113.9', known)).toBe(true); // seen from elsewhere
    expect(await attempt('198.51.100.7', known)).toBe(true);
    expect(await attempt('198.51.100.7', 'Bearer wbk_Known124guess')).toBe('rate_limited');
  });
});
