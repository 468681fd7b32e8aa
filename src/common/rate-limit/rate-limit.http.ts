import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors';
import { RateLimitDecision, WindowUsage } from './rate-limiter.service';

declare module 'fastify' {
  interface FastifyRequest {
    rateLimit?: RateLimitDecision;
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

/** What this request's workspace has used of its windows (counted on admission, this request included). */
export function rateLimitUsageOf(request: FastifyRequest): WindowUsage[] {
  return request.rateLimit?.usage ?? [];
}

/** `rateLimitUsageOf` the request, as a handler's parameter. */
export const CurrentRateLimitUsage = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): WindowUsage[] =>
    rateLimitUsageOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
