import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';

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

/**
 * Why a request could not get its answer from the database, when the cause is the database and
 * not the request: `unavailable` (unreachable, shutting down or starting up, no connection free
 * in time) or `timeout` (a statement ran past `statement_timeout`). Both are worth a retry.
 */
export type DatabaseFault = 'unavailable' | 'timeout';

/** Socket errors of a connection that could not be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is going, coming or full: admin shutdown, crash shutdown, cannot
 * connect now (starting up or shutting down), too many connections. Class 08 is matched apart.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** query_canceled: statement_timeout fired (or the query was cancelled by an operator). */
const QUERY_CANCELED = '57014';

/**
 * Errors that pg and pg-pool raise without a code: the connection ended under a query, the pool
 * found no free connection in `connectionTimeoutMillis`, or the pool was closed at shutdown.
 */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/,
];

/**
 * TypeORM releases a transaction's connection as soon as that connection fails (the server ended
 * the session under it); the transaction's next statement, or its COMMIT, then meets one of
 * these instead of the connection's own error. Nothing of the transaction was committed. (This
 * code never releases a query runner itself: TypeORM's transactions do, so these mean the lost
 * connection, not a bug of ours.)
 */
function isReleasedByLostConnection(error: unknown): boolean {
  return (
    error instanceof QueryRunnerAlreadyReleasedError ||
    error instanceof QueryRunnerProviderAlreadyReleasedError
  );
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The error and the errors it wraps: TypeORM's `driverError`, `cause`, an AggregateError's list. */
function* errorChain(error: unknown, depth = 0): Generator<ErrorLike> {
  if (depth > 4 || typeof error !== 'object' || error === null) return;
  const e = error as ErrorLike;
  yield e;
  yield* errorChain(e.driverError, depth + 1);
  yield* errorChain(e.cause, depth + 1);
  if (Array.isArray(e.errors)) for (const inner of e.errors) yield* errorChain(inner, depth + 1);
}

function faultOf(e: ErrorLike): DatabaseFault | undefined {
  if (isReleasedByLostConnection(e)) return 'unavailable';
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === QUERY_CANCELED) return 'timeout';
  if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) {
    return 'unavailable';
  }
  const message = typeof e.message === 'string' ? e.message : '';
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message)) ? 'unavailable' : undefined;
}

/** The database fault behind `error`, if that is what it is; anything else is undefined. */
export function databaseFault(error: unknown): DatabaseFault | undefined {
  for (const e of errorChain(error)) {
    const fault = faultOf(e);
    if (fault) return fault;
  }
  return undefined;
}
