import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
// Also brings the `request.principal` that common/auth declares on Fastify's request.
import type { Principal } from '../auth';
import { REQUEST_MESSAGE, RequestLine } from './pretty-line';
import { RootLogger } from './root-logger';

/**
 * One line per request, written when its response is sent: the request id, method, route pattern
 * (never the URL: it may carry ids, search terms or worse), status, duration, and the caller's
 * workspace and key prefix when it authenticated. Always `info`: how bad a failure was is said by
 * the line that reports it (an error with its stack, the database going away), once.
 * A plain hook and one object per request: no child logger, no request-scoped storage.
 */
export function useRequestLog(fastify: FastifyInstance, root: RootLogger): void {
  if (!root.isLevelEnabled('info')) return;
  fastify.addHook('onResponse', (request, reply, done) => {
    root.info(requestLine(request, reply), REQUEST_MESSAGE);
    done();
  });
}

export function requestLine(request: FastifyRequest, reply: FastifyReply): RequestLine {
  const principal: Principal | undefined = request.principal;
  return {
    reqId: request.id,
    method: request.method,
    route: request.routeOptions.url,
    status: reply.statusCode,
    ms: Math.round(reply.elapsedTime * 100) / 100,
    workspaceId: principal?.workspace.id,
    keyPrefix: principal?.keyPrefix,
  };
}
