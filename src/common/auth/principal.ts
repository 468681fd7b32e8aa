import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Plan } from '../../config/app-config';
import { ApiError } from '../errors';
import { Scope } from './scopes';

/** Who is calling: the key and its workspace, resolved by the guard. */
export interface Principal {
  keyId: string;
  keyName: string;
  keyPrefix: string;
  scopes: Scope[];
  rateLimitTier: 'standard' | 'unmetered';
  expiresAt: Date | null;
  workspace: { id: string; name: string; plan: Plan };
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The authenticated caller of an admitted request; only on routes behind `@RequireScopes`. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('A principal was read on a route without authentication');
  return request.principal;
}

/** The authenticated caller; only on routes behind `@RequireScopes`. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal =>
    principalOf(ctx.switchToHttp().getRequest<FastifyRequest>()),
);

/** For permissions that depend on the request body (e.g. `list_id` on save). */
export function assertScopes(principal: Principal, ...required: Scope[]): void {
  const missing = required.filter((scope) => !principal.scopes.includes(scope));
  if (missing.length > 0) {
    throw new ApiError(
      'insufficient_permissions',
      `This API key lacks the ${missing.join(', ')} permission${missing.length > 1 ? 's' : ''}.`,
      { missing_scopes: missing },
    );
  }
}
