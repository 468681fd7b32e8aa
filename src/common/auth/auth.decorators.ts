import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { Scope } from './scopes';

export const REQUIRED_SCOPES = 'auth:required-scopes';
export const IS_PUBLIC = 'auth:public';

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
