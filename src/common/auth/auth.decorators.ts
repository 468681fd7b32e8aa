import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { Principal } from './principal';
import { Scope } from './scopes';

export const REQUIRED_SCOPES = 'auth:required-scopes';
export const IS_PUBLIC = 'auth:public';
export const BODY_POLICY = 'auth:body-policy';

/**
 * A permission rule that depends on the request body (e.g. `list_id` needs `lists:write`): throws
 * to refuse. It gets the body as parsed, not yet validated, and leaves what it cannot read to
 * validation.
 */
export type BodyPolicy = (principal: Principal, body: unknown) => void;

/**
 * The scopes a key must hold to call this route. Every route states this or `@Public()`;
 * the global guard refuses any route that states neither.
 */
export function RequireScopes(...scopes: Scope[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_SCOPES, scopes),
    ApiBearerAuth(),
    ApiExtension('x-required-scopes', scopes),
  );
}

/** Open to anyone: health checks only. */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(IS_PUBLIC, true);
}

/**
 * Checks `policy` in the guard, with the route's scopes: before anything else runs, a stored
 * idempotent response included, so a replay never skips a permission the work would need.
 */
export function AuthorizeBody(policy: BodyPolicy): MethodDecorator {
  return SetMetadata(BODY_POLICY, policy);
}
