import { HttpException } from '@nestjs/common';
import { ERROR_CODES, ErrorCode } from './error-codes';

export type ErrorDetails = Record<string, unknown>;

/** An error meant for the client: its code picks the status, its message is shown as is. */
export class ApiError extends HttpException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message, ERROR_CODES[code]);
  }

  static notFound(what: string, id?: string): ApiError {
    return new ApiError(
      'not_found',
      id ? `${what} ${id} was not found.` : `${what} was not found.`,
    );
  }

  static validation(message: string, details?: ErrorDetails): ApiError {
    return new ApiError('validation_error', message, details);
  }
}
