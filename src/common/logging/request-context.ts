import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';

const current = new AsyncLocalStorage<string>();

/** The id of the request the running code serves; undefined outside a request (a job, start-up). */
export function currentRequestId(): string | undefined {
  return current.getStore();
}

/**
 * Runs every later hook and the handler of a request in its context, so that any line logged
 * while serving it names the request (`reqId`, as its request line does). Registered first.
 */
export function useRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => current.run(request.id, done));
}
