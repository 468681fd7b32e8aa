import { HttpStatus } from '@nestjs/common';

/** The one list of error codes the API returns, with their HTTP status. */
export const ERROR_CODES = {
  validation_error: HttpStatus.BAD_REQUEST,
  invalid_key: HttpStatus.UNAUTHORIZED,
  insufficient_permissions: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  duplicate_name: HttpStatus.CONFLICT,
  duplicate_contact: HttpStatus.CONFLICT,
  idempotency_conflict: HttpStatus.CONFLICT,
  request_timeout: HttpStatus.REQUEST_TIMEOUT,
  payload_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_media_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  headers_too_large: 431, // Request Header Fields Too Large
  internal_error: HttpStatus.INTERNAL_SERVER_ERROR,
  service_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
