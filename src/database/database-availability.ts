import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutageWatch } from '../common/outage';
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
  private readonly watch: OutageWatch;

  constructor(dataSource: DataSource) {
    this.watch = new OutageWatch({
      logger: new Logger('Database'),
      probeIntervalMs: PROBE_INTERVAL_MS,
      probe: async () => {
        await dataSource.query('SELECT 1');
        return true;
      },
      wentAway: (reason) =>
        `PostgreSQL is unavailable (${reason}); requests that need it answer 503 until it returns`,
      cameBack: (seconds) => `PostgreSQL is back (unavailable for ${seconds} s)`,
    });
  }

  get available(): boolean {
    return !this.watch.down;
  }

  /**
   * Called with any error a request or a background job met; does something only for the first
   * one that says the database is unavailable (concurrent failures find the state already set).
   */
  noteFailure(error: unknown): void {
    if (databaseFault(error) === 'unavailable') this.watch.failed(error);
  }

  onApplicationShutdown(): void {
    this.watch.close();
  }
}
