import { DatabaseError } from 'pg';
import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { databaseFault, isUniqueViolation } from './postgres-errors';

/** An error as the server sends it: pg's DatabaseError with a SQLSTATE. */
function serverError(code: string, message = 'server error'): DatabaseError {
  const error = new DatabaseError(message, 0, 'error');
  error.code = code;
  return error;
}

/** An error as Node's socket layer raises it. */
function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
}

/** As a repository call raises it: TypeORM wraps the driver's error. */
const wrapped = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('databaseFault', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'EAI_AGAIN'])(
    'calls the socket error %s unavailable, bare or wrapped by TypeORM',
    (code) => {
      expect(databaseFault(socketError(code))).toBe('unavailable');
      expect(databaseFault(wrapped(socketError(code)))).toBe('unavailable');
    },
  );

  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection due to crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['53300', 'sorry, too many clients already'],
    ['08006', 'connection failure'],
    ['08001', 'could not connect'],
    ['08P01', 'protocol violation'],
  ])('calls SQLSTATE %s (%s) unavailable', (code, message) => {
    expect(databaseFault(serverError(code, message))).toBe('unavailable');
    expect(databaseFault(wrapped(serverError(code, message)))).toBe('unavailable');
  });

  it.each([
    'Connection terminated unexpectedly',
    'Connection terminated',
    'Connection terminated due to connection timeout',
    'timeout exceeded when trying to connect',
    'Client has encountered a connection error and is not queryable',
    'Cannot use a pool after calling end on the pool',
  ])('calls pg\'s "%s" unavailable', (message) => {
    expect(databaseFault(new Error(message))).toBe('unavailable');
    expect(databaseFault(wrapped(new Error(message)))).toBe('unavailable');
  });

  it('calls a transaction whose connection TypeORM released on a connection error unavailable', () => {
    expect(databaseFault(new QueryRunnerAlreadyReleasedError())).toBe('unavailable');
    expect(databaseFault(new QueryRunnerProviderAlreadyReleasedError())).toBe('unavailable');
  });

  it('finds the cause of a cause, and a refused address among several', () => {
    const timeout = new Error('Connection terminated due to connection timeout', {
      cause: new Error('Connection terminated unexpectedly'),
    });
    expect(databaseFault(new Error('outer', { cause: timeout }))).toBe('unavailable');
    // Node tries every address of a host name: each refusal is in an AggregateError.
    const everyAddress = new AggregateError([
      socketError('ECONNREFUSED'),
      socketError('ECONNREFUSED'),
    ]);
    expect(databaseFault(everyAddress)).toBe('unavailable');
  });

  it('calls a statement cancelled by statement_timeout a timeout', () => {
    const cancelled = serverError('57014', 'canceling statement due to statement timeout');
    expect(databaseFault(cancelled)).toBe('timeout');
    expect(databaseFault(wrapped(cancelled))).toBe('timeout');
  });

  it('leaves the errors of a request or of the code alone', () => {
    for (const code of ['23505', '22P02', '42P01', '40P01', '28P01', '42501']) {
      expect(databaseFault(wrapped(serverError(code)))).toBeUndefined();
    }
    expect(databaseFault(new TypeError('x is not a function'))).toBeUndefined();
    expect(databaseFault(new Error('Connection refused by the remote CRM'))).toBeUndefined();
    expect(databaseFault(undefined)).toBeUndefined();
    expect(databaseFault('ECONNREFUSED')).toBeUndefined();
  });

  it('stops at a cycle of causes', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    a.cause = new Error('b', { cause: a });
    expect(databaseFault(a)).toBeUndefined();
  });
});

describe('isUniqueViolation', () => {
  it('matches 23505, on the named constraint when one is given', () => {
    const violation = Object.assign(serverError('23505'), { constraint: 'contacts_email_key' });
    expect(isUniqueViolation(wrapped(violation))).toBe(true);
    expect(isUniqueViolation(wrapped(violation), 'contacts_email_key')).toBe(true);
    expect(isUniqueViolation(wrapped(violation), 'lists_name_key')).toBe(false);
    expect(isUniqueViolation(wrapped(serverError('57P01')))).toBe(false);
  });
});
