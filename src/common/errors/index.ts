/** The public entry of common/errors: what other parts of the app may use. */
export { AllExceptionsFilter, RETRY_AFTER_SECONDS, sendError } from './all-exceptions.filter';
export { ApiError } from './api-error';
export { ErrorCode } from './error-codes';
export { ErrorResponseDto } from './error-response.dto';
export { errorBody } from './to-api-error';
export { validationErrorFor, validationException, validationPipe } from './validation';
