import { INestApplicationContext } from '@nestjs/common';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
} from '@nestjs/common/constants';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AllExceptionsFilter } from '../errors';
import { replaceGetHandler } from '../http';
import { Admission, RouteDeclaration } from './admission';

/** A Nest GET route that takes no input but the caller's key (see useLeanRoute). */
export interface LeanRoute {
  /** The route's path, as Nest registers it with Fastify. */
  path: string;
  /** Its handler and controller: their decorators say who may call it, as for the Nest route. */
  declaredBy: RouteDeclaration;
  /** The response body for an admitted request: what the Nest handler returns. */
  body(request: FastifyRequest): unknown;
}

/** Decorators whose work the lean handler would skip: a route that has one stays with Nest. */
const PIPELINE_METADATA = [
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  EXCEPTION_FILTERS_METADATA,
  HTTP_CODE_METADATA,
  HEADERS_METADATA,
];

/**
 * Serves a GET route (and its HEAD) with a plain Fastify handler instead of Nest's per-request
 * pipeline (router, guard, parameter pipes, the steps between them): about a third of
 * `/v1/me`'s CPU (bench/RESULTS.md, "Overhead", stop 24). Only for routes with nothing to
 * validate or intercept. The decisions are the Nest route's own: Admission with the route's
 * declarations, errors answered by the one exception filter, the body from the same handler; the
 * global Fastify hooks run as for any route. The Nest route stays and declares the operation in the
 * OpenAPI document. Call before `app.init()` registers the routes; the server does not start if
 * the route declares more than this handler does, or if no route had the path (replaceGetHandler).
 */
export function useLeanRoute(
  fastify: FastifyInstance,
  app: INestApplicationContext,
  route: LeanRoute,
): void {
  assertNothingElseDeclared(route);
  const admission = app.get(Admission);
  const filter = app.get(AllExceptionsFilter);
  replaceGetHandler(fastify, route.path, async (request, reply) => {
    try {
      await admission.admit(request, reply, route.declaredBy);
      return await route.body(request);
    } catch (error) {
      filter.answer(error, request, reply);
      return reply;
    }
  });
}

function assertNothingElseDeclared({ path, declaredBy }: LeanRoute): void {
  const declared = PIPELINE_METADATA.filter((key) =>
    declaredBy.some((target) => Reflect.getMetadata(key, target) !== undefined),
  );
  if (declared.length > 0) {
    throw new Error(`useLeanRoute: ${path} declares ${declared.join(', ')}; leave it to Nest`);
  }
}
