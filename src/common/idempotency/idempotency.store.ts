import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { ApiError } from '../errors/api-error';

export type Claim = { kind: 'new' } | { kind: 'replay'; status: number; body: unknown };

interface StoredRow {
  fingerprint: string;
  state: 'in_progress' | 'done';
  response_status: number | null;
  response_body: unknown;
  expired: boolean;
  abandoned: boolean;
}

const WAIT_FOR_OTHER_MS = 10_000;
const POLL_MS = 50;
const CLEANUP_EVERY_MS = 10 * 60_000;

/**
 * Idempotency keys live in PostgreSQL, per workspace, for 24 hours, so replays work across
 * instances and restarts. A key is claimed with an insert (the primary key decides who runs the
 * work); the others wait for the stored result.
 */
@Injectable()
export class IdempotencyStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private timer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  async claim(workspaceId: string, key: string, fingerprint: string): Promise<Claim> {
    const deadline = Date.now() + WAIT_FOR_OTHER_MS;
    for (;;) {
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO idempotency_keys (workspace_id, key, fingerprint, expires_at)
         VALUES ($1, $2, $3, now() + interval '24 hours')
         ON CONFLICT (workspace_id, key) DO NOTHING RETURNING 1`,
        [workspaceId, key, fingerprint],
      );
      if (inserted.length > 0) return { kind: 'new' };
      const row = await this.find(workspaceId, key);
      if (!row) continue; // released by a failed attempt in between: claim again
      if (row.expired || row.abandoned) {
        await this.release(workspaceId, key);
        continue;
      }
      if (row.fingerprint !== fingerprint) {
        throw new ApiError(
          'idempotency_conflict',
          'This Idempotency-Key was already used with a different request.',
        );
      }
      if (row.state === 'done')
        return { kind: 'replay', status: row.response_status ?? 200, body: row.response_body };
      if (Date.now() > deadline) {
        throw new ApiError(
          'idempotency_conflict',
          'A request with this Idempotency-Key is still in progress; retry shortly.',
        );
      }
      await sleep(POLL_MS);
    }
  }

  async complete(workspaceId: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4::jsonb
       WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, key, status, body === undefined ? null : JSON.stringify(body)],
    );
  }

  /** Forgets a claim whose work failed, so a retry runs it again. */
  async release(workspaceId: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, key],
    );
  }

  async deleteExpired(): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE expires_at <= now()`,
    );
    return affected;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.deleteExpired().catch((e: Error) => this.logger.warn(e.message)),
      CLEANUP_EVERY_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async find(workspaceId: string, key: string): Promise<StoredRow | undefined> {
    // A claim still in progress after 5 minutes belongs to a crashed instance.
    const rows: StoredRow[] = await this.dataSource.query(
      `SELECT fingerprint, state, response_status, response_body,
              expires_at <= now() AS expired,
              state = 'in_progress' AND created_at < now() - interval '5 minutes' AS abandoned
       FROM idempotency_keys WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, key],
    );
    return rows[0];
  }
}
