import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Admission } from './admission';

/**
 * The one global guard: Nest's entry to Admission, which decides every permission. Guards run
 * before interceptors, so an idempotent replay is served only to a caller that may do the work.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly admission: Admission) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    await this.admission.admit(
      http.getRequest<FastifyRequest>(),
      http.getResponse<FastifyReply>(),
      [context.getHandler(), context.getClass()],
    );
    return true;
  }
}
