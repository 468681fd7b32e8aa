import { INestApplicationContext } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod, RouteOptions } from 'fastify';
import { AllExceptionsFilter } from '../errors';
import { Admission, RouteDeclaration } from './admission';

/** A Nest GET route that takes no input but the caller's key (see useLeanRoute). */
export interface LeanRoute {
  /** The route's path, as Nest registers it with Fastify. */
  path: string;
  /** Its handler and controller: their decorators say who may call it, as for the Nest route. */
  declaredBy: RouteDeclaration;
  /** The body for an admitted request: what the Nest handler returns. */
  answer(request: FastifyRequest): unknown;
}

/**
 * Serves a GET route (and its HEAD) with a plain Fastify handler instead of Nest's per-request
 * pipeline (router, guard, parameter pipes, the steps between them): about a third of a small
 * authenticated read's CPU (bench/RESULTS.md, "Overhead"). Only for routes with nothing to
 * validate or intercept. The decisions are the Nest route's own: Admission with the route's
 * declarations, errors answered by the one exception filter, the body from the same handler; the
 * global Fastify hooks run as for any route. The Nest route stays and declares the operation in the
 * OpenAPI document. Call before `app.init()` registers the routes.
 */
export function useLeanRoute(
  fastify: FastifyInstance,
  app: INestApplicationContext,
  route: LeanRoute,
): void {
  const admission = app.get(Admission);
  const errors = app.get(AllExceptionsFilter);
  const handler: RouteHandlerMethod = async (request, reply) => {
    try {
      await admission.admit(request, reply, route.declaredBy);
      return route.answer(request);
    } catch (error) {
      errors.answer(error, request, reply);
      return reply;
    }
  };
  fastify.addHook('onRoute', (options: RouteOptions) => {
    const methods = [options.method].flat();
    if (options.url === route.path && methods.every((m) => m === 'GET' || m === 'HEAD')) {
      options.handler = handler;
    }
  });
}
