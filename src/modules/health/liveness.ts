import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { replaceGetHandler } from '../../common/http';

export const LIVENESS_PATH = '/health/live';

/** The liveness body, in @nestjs/terminus' shape as the OpenAPI document declares it. */
export const LIVENESS = { status: 'ok', info: {}, error: {}, details: {} } as const;

const LIVENESS_JSON = JSON.stringify(LIVENESS);

/** As terminus' `@HealthCheck()` sets it on the Nest route: a health answer is never cached. */
const NO_CACHE = 'no-cache, no-store, must-revalidate';

const answerLiveness: RouteHandlerMethod = (_request, reply) => {
  void reply
    .header('Cache-Control', NO_CACHE)
    .type('application/json; charset=utf-8')
    .send(LIVENESS_JSON);
};

/**
 * `GET /health/live` (and its HEAD) answered by a plain Fastify handler instead of Nest's: a load
 * balancer calls it every few seconds, and it needs no guard, pipe, interceptor or health
 * indicator (terminus), which cost several times what Fastify itself does. The global Fastify
 * hooks still run (request id, nosniff, request log, metrics). The Nest route
 * (HealthController.checkLiveness) stays: it declares the operation in the OpenAPI document and
 * answers the same body, so the swap changes the cost, not the answer. Call before the app's
 * routes are registered (before `app.init()`).
 */
export function useLeanLiveness(fastify: FastifyInstance): void {
  replaceGetHandler(fastify, LIVENESS_PATH, answerLiveness);
}
