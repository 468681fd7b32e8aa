import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IS_PUBLIC } from '../auth/auth.decorators';
import { ApiError } from '../errors/api-error';
import { RateLimitDecision, RateLimiterService, WindowUsage } from './rate-limiter.service';

declare module 'fastify' {
  interface FastifyRequest {
    rateLimit?: RateLimitDecision;
  }
}

/**
 * Runs after the key guard (registered after it), so only authenticated requests spend their
 * workspace's budget; requests without a valid key are limited by address in the key guard.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiterService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (
      this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
        context.getHandler(),
        context.getClass(),
      ])
    )
      return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!request.principal) return true;
    const decision = await this.limiter.consumeWorkspace(request.principal);
    request.rateLimit = decision;
    enforce(
      decision,
      context.switchToHttp().getResponse<FastifyReply>(),
      `this workspace's ${request.principal.workspace.plan} plan`,
    );
    return true;
  }
}

/** Sets the X-RateLimit-* headers and, when the budget is spent, throws 429 with Retry-After. */
export function enforce(decision: RateLimitDecision, reply: FastifyReply, whose: string): void {
  const usage = decision.binding;
  if (!usage) return;
  void reply.header('X-RateLimit-Limit', usage.limit);
  void reply.header('X-RateLimit-Remaining', usage.remaining);
  void reply.header('X-RateLimit-Reset', usage.reset);
  if (decision.allowed) return;
  const retryAfter = Math.max(1, usage.reset - Math.floor(Date.now() / 1000));
  void reply.header('Retry-After', retryAfter);
  throw new ApiError('rate_limited', limitMessage(usage, whose, retryAfter), {
    limit: usage.limit,
    window: usage.window,
    retry_after: retryAfter,
  });
}

function limitMessage(usage: WindowUsage, whose: string, retryAfter: number): string {
  return `Rate limit exceeded: ${usage.limit} requests per ${usage.window} for ${whose}. Retry after ${retryAfter} s.`;
}

/** What this request's workspace has used of its windows (counted by the guard, this request included). */
export const CurrentRateLimitUsage = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): WindowUsage[] =>
    ctx.switchToHttp().getRequest<FastifyRequest>().rateLimit?.usage ?? [],
);
