import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { databaseFault } from './postgres-errors';

/** How often a database found gone is tried again, to say when it is back. */
const PROBE_INTERVAL_MS = 500;

/**
 * Whether PostgreSQL is reachable, as requests find it: the first failure that says it is not
 * logs one warning; the failures of every other request meanwhile log nothing (they answer 503,
 * see toApiError). Once gone, a `SELECT 1` every PROBE_INTERVAL_MS finds it back and logs one
 * line. Requests never wait on this state: each still tries the database, so service resumes
 * with the first query that works, not with the next probe.
 */
@Injectable()
export class DatabaseAvailability implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private downSince: number | undefined;
  private probe: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(private readonly dataSource: DataSource) {}

  get available(): boolean {
    return this.downSince === undefined;
  }

  /**
   * Called with any error a request or a background job met; does something only for the first
   * one that says the database is unavailable (concurrent failures find the state already set).
   */
  noteFailure(error: unknown): void {
    if (this.closing || !this.available || databaseFault(error) !== 'unavailable') return;
    this.downSince = Date.now();
    this.logger.warn(
      `PostgreSQL is unavailable (${reason(error)}); requests that need it answer 503 until it returns`,
    );
    this.scheduleProbe();
  }

  onApplicationShutdown(): void {
    this.closing = true;
    clearTimeout(this.probe);
  }

  private scheduleProbe(): void {
    if (this.closing) return;
    // A timeout chain, not an interval: a slow probe is never overlapped by the next one.
    this.probe = setTimeout(() => void this.checkBack(), PROBE_INTERVAL_MS).unref();
  }

  private async checkBack(): Promise<void> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      return this.scheduleProbe();
    }
    const seconds = ((Date.now() - (this.downSince ?? Date.now())) / 1000).toFixed(1);
    this.downSince = undefined;
    this.logger.log(`PostgreSQL is back (unavailable for ${seconds} s)`);
  }
}

/**
 * The error's own message, one line: never its stack (pg's messages carry no credentials). An
 * AggregateError of a refused connection to every address of a host has only its code.
 */
function reason(error: unknown): string {
  const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown };
  const line = typeof message === 'string' ? message.split('\n')[0] : '';
  return line || (typeof code === 'string' ? code : 'no message');
}
