import { HttpException, HttpStatus } from '@nestjs/common';
import { DatabaseFault, databaseFault } from '../../database/postgres-errors';
import { ApiError } from './api-error';
import { ErrorCode } from './error-codes';

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: 'validation_error',
  [HttpStatus.UNAUTHORIZED]: 'invalid_key',
  [HttpStatus.FORBIDDEN]: 'insufficient_permissions',
  [HttpStatus.NOT_FOUND]: 'not_found',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'payload_too_large',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'unsupported_media_type',
  [HttpStatus.TOO_MANY_REQUESTS]: 'rate_limited',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'service_unavailable',
};

/** Messages for errors that Fastify raises before a route runs (body parsing and the like). */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty; send a JSON object or no Content-Type.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than this server accepts.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the request body as application/json.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header does not match the body.',
};

/** A database fault is the service's, not the request's: the client is told to retry. */
const DATABASE_FAULT_MESSAGES: Record<DatabaseFault, string> = {
  unavailable: 'The database is unavailable right now. Retry after the seconds in Retry-After.',
  timeout:
    'The database took too long to answer and the request was stopped. Retry after the seconds in Retry-After.',
};

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
}

function isFastifyError(error: unknown): error is Error & FastifyLikeError {
  const e = error as FastifyLikeError | null;
  return error instanceof Error && typeof e?.statusCode === 'number' && e.statusCode < 500;
}

function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/**
 * Turns anything thrown into the one error the client sees. A database that is unreachable,
 * going, coming, out of free connections or past its statement timeout is `service_unavailable`.
 * Unknown errors become a bare `internal_error`: no stack, SQL or message from the original
 * reaches the client.
 */
export function toApiError(exception: unknown): ApiError {
  if (exception instanceof ApiError) return exception;
  if (exception instanceof HttpException) {
    const code = CODE_BY_STATUS[exception.getStatus()];
    if (code) {
      const response = exception.getResponse();
      const details =
        code === 'service_unavailable' && typeof response === 'object'
          ? (response as Record<string, unknown>)
          : undefined;
      const message =
        code === 'not_found' &&
        /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/.test(httpExceptionMessage(exception))
          ? `No route matches ${httpExceptionMessage(exception).replace(/^Cannot /, '')}.`
          : httpExceptionMessage(exception);
      return new ApiError(code, message, details);
    }
  }
  const fault = databaseFault(exception);
  if (fault) return new ApiError('service_unavailable', DATABASE_FAULT_MESSAGES[fault]);
  if (isFastifyError(exception)) {
    const code = CODE_BY_STATUS[exception.statusCode ?? 0] ?? 'validation_error';
    return new ApiError(code, FASTIFY_MESSAGES[exception.code ?? ''] ?? exception.message);
  }
  return new ApiError(
    'internal_error',
    'An unexpected error occurred. Quote the request id when reporting it.',
  );
}

export function errorBody(error: ApiError, requestId: string): Record<string, unknown> {
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details ? { details: error.details } : {}),
      request_id: requestId,
    },
  };
}
