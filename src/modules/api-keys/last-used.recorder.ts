import { Injectable, Logger, BeforeApplicationShutdown } from '@nestjs/common';
import { Jobs } from '../../common/jobs';
import { DatabaseAvailability } from '../../database/database-availability';
import { databaseFault } from '../../database/postgres-errors';
import { ApiKeysRepository } from './api-keys.repository';

const FLUSH_INTERVAL_MS = 10_000;

/**
 * Keeps `api_keys.last_used_at` current without a write per request: uses are collected in
 * memory and written in one statement every few seconds (and at shutdown).
 */
@Injectable()
export class LastUsedRecorder implements BeforeApplicationShutdown {
  private readonly logger = new Logger(LastUsedRecorder.name);
  private pending = new Map<string, Date>();

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly database: DatabaseAvailability,
    jobs: Jobs,
  ) {
    jobs.everyInstance({
      name: 'api_keys.write_key_uses',
      everyMs: FLUSH_INTERVAL_MS,
      run: () => this.flush(),
    });
  }

  record(keyId: string): void {
    this.pending.set(keyId, new Date());
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0 || !this.keys.isConnected) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.keys.recordUses(batch);
    } catch (error) {
      if (databaseFault(error) === 'unavailable') {
        // Said once by DatabaseAvailability; the uses are written when the database is back.
        this.database.noteFailure(error);
        this.keep(batch);
      } else {
        this.logger.warn(`Could not record key use: ${(error as Error).message}`);
      }
    }
  }

  /** Puts a batch back, under any newer use of the same key recorded meanwhile. */
  private keep(batch: Map<string, Date>): void {
    for (const [keyId, usedAt] of batch) {
      if (!this.pending.has(keyId)) this.pending.set(keyId, usedAt);
    }
  }

  /**
   * Runs after HttpDrain (`onModuleDestroy`) has answered the last request, so that every use is
   * pending here, and before the pools close (`onApplicationShutdown`).
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
