import { QueryFailedError } from 'typeorm';

interface PgError {
  code?: string;
  constraint?: string;
}

/** A unique index refused the row; `constraint` narrows it to one index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const driverError = (error instanceof QueryFailedError ? error.driverError : error) as
    PgError | undefined;
  return driverError?.code === '23505' && (!constraint || driverError.constraint === constraint);
}
