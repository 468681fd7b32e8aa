import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DatabaseAvailability } from '../../database/database-availability';
import { databaseFault } from '../../database/postgres-errors';
import { errorBody, toApiError } from './to-api-error';

/**
 * Seconds a `503 service_unavailable` asks the client to wait: a database restart or fail-over
 * takes seconds, and an earlier retry would only add load to one that is starting.
 */
export const RETRY_AFTER_SECONDS = 2;

/** Every error, from any layer, leaves in the one error shape. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly database: DatabaseAvailability) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.answer(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  /** The answer to a failed request; also for the routes served outside Nest's pipeline. */
  answer(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
    this.noteDatabaseFault(exception, request);
    sendError(exception, request, reply, this.logger);
  }

  /**
   * A database that went away is logged once for all the requests it fails (by
   * DatabaseAvailability); a statement timeout once per request, in a line naming the request,
   * since it points at one slow query rather than at the database.
   */
  private noteDatabaseFault(exception: unknown, request: FastifyRequest): void {
    this.database.noteFailure(exception);
    if (databaseFault(exception) === 'timeout') {
      this.logger.warn(
        `${request.id} ${request.method} ${request.url}: a query ran past the statement timeout and was cancelled`,
      );
    }
  }
}

export function sendError(
  exception: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: Logger,
): void {
  const error = toApiError(exception);
  if (error.code === 'internal_error') {
    // One line with the stack (as `err`), tied to the request's own line by its id.
    logger.error(
      { reqId: request.id, err: asError(exception) },
      `${request.id} ${request.method} ${request.url}: ${asError(exception).message}`,
    );
  }
  if (error.code === 'service_unavailable') void reply.header('Retry-After', RETRY_AFTER_SECONDS);
  void reply.status(error.getStatus()).send(errorBody(error, request.id));
}

function asError(exception: unknown): Error {
  return exception instanceof Error ? exception : new Error(String(exception));
}
