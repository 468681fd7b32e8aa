import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiKeysService } from '../../modules/api-keys/api-keys.service';
import { ApiError } from '../errors/api-error';
import { enforce } from '../rate-limit/rate-limit.http';
import { RateLimiterService } from '../rate-limit/rate-limiter.service';
import { IS_PUBLIC, REQUIRED_SCOPES } from './auth.decorators';
import { assertScopes } from './principal';
import { Scope } from './scopes';

/**
 * The one global guard: public routes pass; every other request is authenticated, then counted
 * against its workspace's rate limits (so every authenticated response, a 403 included, carries
 * the rate-limit headers), then checked for the route's scopes.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly limiter: RateLimiterService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const principal = await this.authenticate(request, reply);
    request.principal = principal;
    request.rateLimit = await this.limiter.consumeWorkspace(principal);
    enforce(request.rateLimit, reply, `this workspace's ${principal.workspace.plan} plan`);
    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(
      REQUIRED_SCOPES,
      targets,
    );
    if (!required) {
      // Deny by default: a route that forgot to declare its scopes is closed, not open.
      throw new ApiError(
        'insufficient_permissions',
        'This route declares no permission, so no key may call it.',
      );
    }
    assertScopes(principal, ...required);
    return true;
  }

  /** A failed attempt spends the caller's address budget: past it, 429 instead of 401. */
  private async authenticate(request: FastifyRequest, reply: FastifyReply) {
    try {
      return await this.apiKeys.authenticate(request.headers.authorization);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'invalid_key') {
        enforce(
          await this.limiter.consumeAnonymous(request.ip),
          reply,
          'requests without a valid key from one address',
        );
      }
      throw error;
    }
  }
}
