import { INestApplicationContext } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { principalOf, useLeanRoute } from '../../common/auth';
import { rateLimitUsageOf } from '../../common/rate-limit';
import { MeController } from './me.controller';

/**
 * `GET /v1/me` served outside Nest's per-request pipeline (useLeanRoute): a client's cheapest
 * authenticated call, often its health check of a key. Same answer, from MeController.getMe.
 */
export function useLeanMe(fastify: FastifyInstance, app: INestApplicationContext): void {
  const me = app.get(MeController);
  useLeanRoute(fastify, app, {
    path: '/v1/me',
    // eslint-disable-next-line @typescript-eslint/unbound-method -- read for its metadata, not called
    declaredBy: [MeController.prototype.getMe, MeController],
    body: (request) => me.getMe(principalOf(request), rateLimitUsageOf(request)),
  });
}
