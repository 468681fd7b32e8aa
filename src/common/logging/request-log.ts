import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
// Also brings the `request.principal` that common/auth declares on Fastify's request.
import type { Principal } from '../auth';
import { REQUEST_MESSAGE, RequestLine } from './pretty-line';
import { jsonInfoWriter, RootLogger } from './root-logger';

/**
 * One line per request, written when its response is sent: the request id, method, route pattern
 * (never the URL: it may carry ids, search terms or worse), status, duration, and the caller's
 * workspace and key prefix when it authenticated. Always `info`: how bad a failure was is said by
 * the line that reports it (an error with its stack, the database going away), once.
 * A plain hook and one object per request: no child logger, no request-scoped storage; in JSON
 * the line is written as pino would write it, without pino's general path (see jsonInfoWriter).
 */
export function useRequestLog(fastify: FastifyInstance, root: RootLogger): void {
  if (!root.isLevelEnabled('info')) return;
  const writeJson = jsonInfoWriter(root, REQUEST_MESSAGE);
  fastify.addHook('onResponse', (request, reply, done) => {
    const line = requestLine(request, reply);
    if (writeJson) writeJson(requestLineFields(line));
    else root.info(line, REQUEST_MESSAGE);
    done();
  });
}

/** The line's fields as pino writes them: in order, JSON-escaped, an undefined one left out. */
export function requestLineFields(line: RequestLine): string {
  let fields = `"reqId":${JSON.stringify(line.reqId)},"method":${JSON.stringify(line.method)}`;
  if (line.route !== undefined) fields += `,"route":${JSON.stringify(line.route)}`;
  fields += `,"status":${line.status},"ms":${line.ms}`;
  if (line.workspaceId !== undefined)
    fields += `,"workspaceId":${JSON.stringify(line.workspaceId)}`;
  if (line.keyPrefix !== undefined) fields += `,"keyPrefix":${JSON.stringify(line.keyPrefix)}`;
  return fields;
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
