import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiKeysService } from '../../modules/api-keys/api-keys.service';
import { ApiError } from '../errors/api-error';
import { IS_PUBLIC, REQUIRED_SCOPES } from './auth.decorators';
import { assertScopes } from './principal';
import { Scope } from './scopes';

/** The one global guard: public routes pass, every other route needs a key with its scopes. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    request.principal = await this.apiKeys.authenticate(request.headers.authorization);
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
    assertScopes(request.principal, ...required);
    return true;
  }
}
