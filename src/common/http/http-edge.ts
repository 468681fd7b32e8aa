import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { isUtf8 } from 'node:buffer';
import { STATUS_CODES } from 'node:http';
import { Socket } from 'node:net';
import { ApiError, errorBody, sendError } from '../errors';
import { jsonBodyProblem } from './json-body-limits';
import { requestId } from './request-id';
import { NO_SNIFF } from './security-headers';

/**
 * How the HTTP server treats requests before any route runs: every refusal there leaves in the
 * one error shape, with a request id, like the errors the routes raise.
 */

/** A request whose headers and body have not all arrived by then is answered 408 and closed. */
const REQUEST_TIMEOUT_MS = 120_000;

const logger = new Logger('Errors');

/** Fastify options for the adapter. */
export const HTTP_EDGE_OPTIONS: Pick<
  FastifyServerOptions,
  'requestTimeout' | 'frameworkErrors' | 'clientErrorHandler'
> = {
  requestTimeout: REQUEST_TIMEOUT_MS,
  // Refused while routing, before any hook: the headers every response carries are set here.
  frameworkErrors: (error, request, reply) => {
    setResponseHeaders(request, reply);
    sendError(frameworkError(error), request, reply, logger);
  },
  clientErrorHandler: answerMalformedRequest,
};

/**
 * Every response names its request (`X-Request-ID`) and carries NO_SNIFF, set through Fastify's
 * reply in one hook. Not on Node's response ahead of Fastify: a header already there sends every
 * response down Node's slower `writeHead` path (each header merged and checked again), which cost
 * a liveness probe about a sixth of its CPU (bench/RESULTS.md, Overhead, stop 25).
 */
export function useResponseHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    setResponseHeaders(request, reply);
    done();
  });
}

function setResponseHeaders(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('X-Request-ID', request.id).header(NO_SNIFF.name, NO_SNIFF.value);
}

function frameworkError(error: Error & { code?: string }): ApiError {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return new ApiError('not_found', 'Nothing here: a path segment is too long to be an id.');
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return ApiError.validation('The request path is not a valid URL (bad percent-encoding).');
  }
  return ApiError.validation(error.message);
}

/** Requests Node's HTTP parser refuses (malformed lines or headers, timeouts, oversized headers). */
function answerMalformedRequest(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const apiError =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? new ApiError('request_timeout', 'The request did not arrive in time.')
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? new ApiError('headers_too_large', 'The request line and headers are too large.')
        : ApiError.validation('The HTTP request is malformed and could not be read.');
  const id = requestId(undefined);
  const body = JSON.stringify(errorBody(apiError, id));
  const status = apiError.getStatus();
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-ID: ${id}\r\n${NO_SNIFF.name}: ${NO_SNIFF.value}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

const NOT_UTF8 = 'The request body is not valid UTF-8: send JSON encoded as UTF-8.';

/**
 * Methods whose requests carry a body. Many HTTP clients send `Content-Type: application/json` on
 * every request: on the others (DELETE; GET never reaches a parser) an empty body is no body.
 */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * JSON bodies are parsed by Fastify's own parser (which refuses `__proto__` keys), then checked
 * against the body limits before any validator sees them. The body is received as bytes and
 * decoded once: received as a string, it is decoded chunk by chunk into a chain of pieces that
 * the parser must copy into one string again (a 550 kB save paid both). Bytes that are not UTF-8
 * are refused: decoded, each would become U+FFFD and be stored as if the client had sent it.
 */
export function useCheckedJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, raw, done) => {
    const body = raw as Buffer; // parseAs 'buffer'; Fastify's types do not narrow it
    if (!isUtf8(body)) return done(ApiError.validation(NOT_UTF8), undefined);
    const text = body.toString();
    if (text.length === 0) {
      if (!BODY_METHODS.has(request.method)) return done(null, undefined);
      return done(ApiError.validation('The request body is empty: send a JSON object.'), undefined);
    }
    void parse(request, text, (error, value) => {
      if (error) return done(error, undefined);
      const problem = jsonBodyProblem(value, text);
      if (problem) return done(ApiError.validation(problem), undefined);
      done(null, value);
    });
  });
}
