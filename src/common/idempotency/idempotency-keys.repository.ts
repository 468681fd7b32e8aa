import { Transactions } from '../../database/transactions';
import { OWNER_LOCK_SPACE } from './claim-owner';

/** A response as it was sent: its status and its body text (null: no body, e.g. a 204). */
export interface StoredResponse {
  status: number;
  body: string | null;
}

export interface StoredRow {
  fingerprint: string;
  state: 'in_progress' | 'done';
  response_status: number | null;
  response_body: string | null;
  stale: boolean;
}

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

/** The idempotency_keys table, in raw SQL (every statement is on a request's path). */
export class IdempotencyKeysRepository {
  constructor(private readonly db: Transactions) {}

  /** True when this call inserted the claim (the primary key decides who runs the work). */
  async insertClaim(
    workspaceId: string,
    key: string,
    fingerprint: string,
    owner: number | null,
  ): Promise<boolean> {
    const inserted: unknown[] = await this.db.manager.query(
      `INSERT INTO idempotency_keys (workspace_id, key, fingerprint, owner, expires_at)
       VALUES ($1, $2, $3, $4, now() + interval '24 hours')
       ON CONFLICT (workspace_id, key) DO NOTHING RETURNING 1`,
      [workspaceId, key, fingerprint, owner],
    );
    return inserted.length > 0;
  }

  async find(workspaceId: string, key: string): Promise<StoredRow | undefined> {
    const rows: StoredRow[] = await this.db.manager.query(
      `SELECT fingerprint, state, response_status, response_body, ${STALE} AS stale
       FROM idempotency_keys k WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, key],
    );
    return rows[0];
  }

  /** Stores the response text as sent (text, not jsonb, which would reorder its keys). */
  async storeResponse(workspaceId: string, key: string, response: StoredResponse): Promise<void> {
    await this.db.manager.query(
      `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4
       WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, key, response.status, response.body],
    );
  }

  async delete(workspaceId: string, key: string): Promise<void> {
    await this.db.manager.query(
      `DELETE FROM idempotency_keys WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, key],
    );
  }

  /** Deletes the claim only if it is still stale at the moment it is deleted. */
  async deleteIfStale(workspaceId: string, key: string): Promise<void> {
    await this.db.manager.query(
      `DELETE FROM idempotency_keys k WHERE workspace_id = $1 AND key = $2 AND ${STALE}`,
      [workspaceId, key],
    );
  }

  async deleteExpired(): Promise<number> {
    const { affected } = await this.db.write(
      `DELETE FROM idempotency_keys WHERE expires_at <= now()`,
    );
    return affected;
  }

  /** Moves these claims, still in progress, from the owner id `previous` (or none) to `next`. */
  async restamp(
    claims: { workspaceId: string; key: string }[],
    previous: number | null,
    next: number,
  ): Promise<void> {
    await this.db.manager.query(
      `UPDATE idempotency_keys SET owner = $1
       WHERE state = 'in_progress' AND (owner IS NULL OR owner = $2)
         AND (workspace_id, key) IN (SELECT * FROM unnest($3::uuid[], $4::text[]))`,
      [next, previous, claims.map((c) => c.workspaceId), claims.map((c) => c.key)],
    );
  }
}
