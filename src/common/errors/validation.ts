import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError } from './api-error';

/** Flattens class-validator's tree into `{"prospects[3].email": ["must be an email"]}`. */
export function validationDetails(
  errors: ValidationError[],
  parent = '',
): Record<string, string[]> {
  const details: Record<string, string[]> = {};
  for (const error of errors) {
    const path = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    if (error.constraints)
      details[path] = Object.values(error.constraints).map((m) => stripProperty(m, error.property));
    Object.assign(details, validationDetails(error.children ?? [], path));
  }
  return details;
}

function stripProperty(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

export function validationException(errors: ValidationError[]): ApiError {
  return validationErrorFor(validationDetails(errors));
}

/** One `validation_error` naming the first problem (and how many more) with every one in details. */
export function validationErrorFor(details: Record<string, string[]>): ApiError {
  const [field, messages] = Object.entries(details)[0] ?? ['body', ['is invalid']];
  const more = Object.keys(details).length - 1;
  const suffix = more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : '';
  return ApiError.validation(`${field} ${messages[0]}${suffix}.`, details);
}

/** Strips unknown fields (search results pass straight into save), rejects wrong types. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  transform: true,
  forbidUnknownValues: true,
  exceptionFactory: validationException,
});
