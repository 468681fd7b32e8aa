import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeysService } from '../../modules/api-keys/api-keys.service';
import { ApiError } from '../errors/api-error';
import { RateLimiterService } from '../rate-limit/rate-limiter.service';
import { ApiKeyGuard } from './api-key.guard';
import { Public, RequireScopes } from './auth.decorators';
import { Principal } from './principal';

class Routes {
  undeclared(): void {}
  @RequireScopes('lists:write') writeLists(): void {}
  @RequireScopes() anyKey(): void {}
  @Public() open(): void {}
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

function contextFor(handler: keyof Routes): ExecutionContext {
  const request = { headers: { authorization: 'Bearer wbk_x' }, ip: '127.0.0.1' };
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
  const apiKeys = {
    authenticate: jest.fn(() => Promise.resolve(principal)),
  } as unknown as ApiKeysService;
  const limiter = {
    consumeWorkspace: jest.fn(() => Promise.resolve({ allowed: true, usage: [] })),
  } as unknown as RateLimiterService;
  const guard = new ApiKeyGuard(new Reflector(), apiKeys, limiter);

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
});
