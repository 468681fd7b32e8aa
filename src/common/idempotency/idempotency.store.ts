import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { ApiError } from '../errors';
import { Jobs } from '../jobs';
import { ClaimOwner, OWNER_LOCK_SPACE } from './claim-owner';

/** A response as it was sent: its status and its body text (null: no body, e.g. a 204). */
export interface StoredResponse {
  status: number;
  body: string | null;
}

export type Claim = { kind: 'new' } | { kind: 'replay'; response: StoredResponse };

interface StoredRow {
  fingerprint: string;
  state: 'in_progress' | 'done';
  response_status: number | null;
  response_body: string | null;
  stale: boolean;
}

const WAIT_FOR_OTHER_MS = 10_000;
const POLL_MS = 50;

/**
 * A claim nobody will finish: expired, or in progress for an instance that is gone (no session
 * holds its owner lock, see ClaimOwner). A claim made while its instance had no owner session
 * (owner null), or whose instance lives but lost track of it (a failed release), ages out after
 * 5 minutes. The CASE keeps pg_locks out of the common cases (a replay, a fresh claim).
 */
const STALE = `(k.expires_at <= now() OR CASE
    WHEN k.state <> 'in_progress' THEN false
    WHEN k.created_at < now() - interval '5 minutes' THEN true
    WHEN k.owner IS NULL THEN false
    ELSE NOT EXISTS (
      SELECT 1 FROM pg_locks l
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = ${OWNER_LOCK_SPACE}::oid AND l.objid = k.owner::oid)
  END)`;

/**
 * Idempotency keys live in PostgreSQL, per workspace, for 24 hours, so replays work across
 * instances and restarts. A key is claimed with an insert (the primary key decides who runs the
 * work); the others wait for the stored result, unless the claim is stale (its instance died):
 * then the next request takes it over and runs the work.
 */
@Injectable()
export class IdempotencyStore {
  /** This instance's claims still running, keyed by workspace and key. */
  private readonly running = new Map<string, { workspaceId: string; key: string }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly owner: ClaimOwner,
    jobs: Jobs,
  ) {
    owner.onRenewed((previous, next) => this.restamp(previous, next));
    jobs.onceAcrossInstances({
      name: 'idempotency_keys.delete_expired',
      cron: '*/10 * * * *',
      run: () => this.deleteExpired(),
    });
  }

  async claim(workspaceId: string, key: string, fingerprint: string): Promise<Claim> {
    const deadline = Date.now() + WAIT_FOR_OTHER_MS;
    for (;;) {
      if (await this.insert(workspaceId, key, fingerprint)) return { kind: 'new' };
      const row = await this.find(workspaceId, key);
      if (!row) continue; // released by a failed attempt in between: claim again
      if (row.stale) {
        await this.deleteIfStale(workspaceId, key);
        continue;
      }
      if (row.fingerprint !== fingerprint) {
        throw new ApiError(
          'idempotency_conflict',
          'This Idempotency-Key was already used with a different request.',
        );
      }
      if (row.state === 'done') {
        const response = { status: row.response_status ?? 200, body: row.response_body };
        return { kind: 'replay', response };
      }
      if (Date.now() > deadline) {
        throw new ApiError(
          'idempotency_conflict',
          'A request with this Idempotency-Key is still in progress; retry shortly.',
        );
      }
      await sleep(POLL_MS);
    }
  }

  /** Stores the response exactly as sent (text, not jsonb, which would reorder its keys). */
  async complete(workspaceId: string, key: string, response: StoredResponse): Promise<void> {
    try {
      await this.dataSource.query(
        `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4
         WHERE workspace_id = $1 AND key = $2`,
        [workspaceId, key, response.status, response.body],
      );
    } finally {
      this.running.delete(runningKey(workspaceId, key));
    }
  }

  /** Forgets a claim whose work failed, so a retry runs it again. */
  async release(workspaceId: string, key: string): Promise<void> {
    try {
      await this.dataSource.query(
        `DELETE FROM idempotency_keys WHERE workspace_id = $1 AND key = $2`,
        [workspaceId, key],
      );
    } finally {
      this.running.delete(runningKey(workspaceId, key));
    }
  }

  async deleteExpired(): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE expires_at <= now()`,
    );
    return affected;
  }

  /** True when this request now holds the claim, stamped with this instance's owner id. */
  private async insert(workspaceId: string, key: string, fingerprint: string): Promise<boolean> {
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (workspace_id, key, fingerprint, owner, expires_at)
       VALUES ($1, $2, $3, $4, now() + interval '24 hours')
       ON CONFLICT (workspace_id, key) DO NOTHING RETURNING 1`,
      [workspaceId, key, fingerprint, this.owner.id],
    );
    if (inserted.length === 0) return false;
    this.running.set(runningKey(workspaceId, key), { workspaceId, key });
    return true;
  }

  private async find(workspaceId: string, key: string): Promise<StoredRow | undefined> {
    const rows: StoredRow[] = await this.dataSource.query(
      `SELECT fingerprint, state, response_status, response_body, ${STALE} AS stale
       FROM idempotency_keys k WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, key],
    );
    return rows[0];
  }

  /**
   * Deletes the claim only if it is still stale when deleted: of two requests that both found it
   * stale, the second must not delete the claim the first has just made.
   */
  private async deleteIfStale(workspaceId: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys k WHERE workspace_id = $1 AND key = $2 AND ${STALE}`,
      [workspaceId, key],
    );
  }

  /**
   * The owner session was lost and replaced: the claims this instance is still running move to
   * the new id, so that they do not look dead; claims left behind under the old id (a release
   * that failed while the database was away) do, and the next retry runs them.
   */
  private async restamp(previous: number | null, next: number): Promise<void> {
    if (this.running.size === 0) return;
    const claims = [...this.running.values()];
    await this.dataSource.query(
      `UPDATE idempotency_keys SET owner = $1
       WHERE state = 'in_progress' AND (owner IS NULL OR owner = $2)
         AND (workspace_id, key) IN (SELECT * FROM unnest($3::uuid[], $4::text[]))`,
      [next, previous, claims.map((c) => c.workspaceId), claims.map((c) => c.key)],
    );
  }
}

function runningKey(workspaceId: string, key: string): string {
  return `${workspaceId} ${key}`;
}
