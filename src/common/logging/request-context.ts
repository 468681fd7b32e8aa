import type { FastifyInstance } from 'fastify';
import { CLS_ID, ClsServiceManager } from 'nestjs-cls';

/**
 * The request context: nestjs-cls's one store, which also holds the running transaction (see
 * database/transactions.ts). Its process-wide service, not an injected one: the root logger is
 * made before any Nest app, and its mixin reads the request id from here.
 */
const context = ClsServiceManager.getClsService();

/** The id of the request the running code serves; undefined outside a request (a job, start-up). */
export function currentRequestId(): string | undefined {
  return context.getId();
}

/**
 * Enters the request context, with the request's id, for every later hook and the handler of a
 * request, so that any line logged while serving it names the request (`reqId`, as its request
 * line does) and its transactions live in it. Registered first.
 */
export function useRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) =>
    context.runWith({ [CLS_ID]: request.id }, done),
  );
}
