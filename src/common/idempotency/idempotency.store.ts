import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { Transactions } from '../../database/transactions';
import { ApiError } from '../errors';
import { Jobs } from '../jobs';
import { ClaimOwner } from './claim-owner';
import { IdempotencyKeysRepository, StoredResponse } from './idempotency-keys.repository';

export type { StoredResponse };

export type Claim = { kind: 'new' } | { kind: 'replay'; response: StoredResponse };

const WAIT_FOR_OTHER_MS = 10_000;
const POLL_MS = 50;

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
  private readonly keys: IdempotencyKeysRepository;

  constructor(
    transactions: Transactions,
    private readonly owner: ClaimOwner,
    jobs: Jobs,
  ) {
    // Made here rather than registered in IdempotencyModule, whose providers are being reworked.
    this.keys = new IdempotencyKeysRepository(transactions);
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
      const row = await this.keys.find(workspaceId, key);
      if (!row) continue; // released by a failed attempt in between: claim again
      if (row.stale) {
        await this.keys.deleteIfStale(workspaceId, key);
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
      await this.keys.storeResponse(workspaceId, key, response);
    } finally {
      this.running.delete(runningKey(workspaceId, key));
    }
  }

  /** Forgets a claim whose work failed, so a retry runs it again. */
  async release(workspaceId: string, key: string): Promise<void> {
    try {
      await this.keys.delete(workspaceId, key);
    } finally {
      this.running.delete(runningKey(workspaceId, key));
    }
  }

  deleteExpired(): Promise<number> {
    return this.keys.deleteExpired();
  }

  /** True when this request now holds the claim, stamped with this instance's owner id. */
  private async insert(workspaceId: string, key: string, fingerprint: string): Promise<boolean> {
    if (!(await this.keys.insertClaim(workspaceId, key, fingerprint, this.owner.id))) return false;
    this.running.set(runningKey(workspaceId, key), { workspaceId, key });
    return true;
  }

  /**
   * The owner session was lost and replaced: the claims this instance is still running move to
   * the new id, so that they do not look dead; claims left behind under the old id (a release
   * that failed while the database was away) do, and the next retry runs them.
   */
  private async restamp(previous: number | null, next: number): Promise<void> {
    if (this.running.size === 0) return;
    await this.keys.restamp([...this.running.values()], previous, next);
  }
}

function runningKey(workspaceId: string, key: string): string {
  return `${workspaceId} ${key}`;
}
