import { Injectable } from '@nestjs/common';
import { ArrayContains, IsNull, Not, Raw, Repository } from 'typeorm';
import { Plan } from '../../config/app-config';
import { Scope } from '../../common/auth';
import { Transactions } from '../../database/transactions';
import { ApiKey, RateLimitTier } from './api-key.entity';

/** The NOTIFY channel of revocations (payload: the key's id), heard by KeyRevocationListener. */
export const KEY_REVOKED_CHANNEL = 'api_key_revoked';

/** An active key as a request's authentication needs it, with its workspace. */
export interface AuthenticatedKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  rate_limit_tier: RateLimitTier;
  expires_at: Date | null;
  workspace_id: string;
  workspace_name: string;
  plan: Plan;
}

export type NewApiKeyRow = Pick<
  ApiKey,
  | 'workspaceId'
  | 'name'
  | 'description'
  | 'prefix'
  | 'hash'
  | 'scopes'
  | 'rateLimitTier'
  | 'expiresAt'
>;

/**
 * The api_keys table: entities through TypeORM's Repository API, and the two statements of the
 * request path (the key lookup, the batched last-use write) in raw SQL, the fast path. Runs in the caller's transaction when
 * there is one (see Transactions).
 */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly db: Transactions) {}

  private get keys(): Repository<ApiKey> {
    return this.db.manager.getRepository(ApiKey);
  }

  /** Throws the unique violation `api_keys_active_name_key` for an active key's name. */
  insert(row: NewApiKeyRow): Promise<ApiKey> {
    return this.keys.save(this.keys.create(row));
  }

  /** Oldest first. */
  page(workspaceId: string, offset: number, limit: number): Promise<[ApiKey[], number]> {
    return this.keys.findAndCount({
      where: { workspaceId },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
  }

  listOf(workspaceId: string): Promise<ApiKey[]> {
    return this.keys.find({ where: { workspaceId }, order: { createdAt: 'ASC' } });
  }

  /** A key not revoked (of `workspaceId` when given). */
  findUnrevoked(keyId: string, workspaceId?: string): Promise<ApiKey | null> {
    return this.keys.findOneBy({
      id: keyId,
      revokedAt: IsNull(),
      ...(workspaceId ? { workspaceId } : {}),
    });
  }

  async markRevoked(keyId: string, at: Date): Promise<void> {
    await this.keys.update({ id: keyId }, { revokedAt: at });
  }

  /**
   * Tells every instance that the key is revoked (KeyRevocationListener). In the caller's
   * transaction, PostgreSQL delivers it at the commit, and never if it rolls back.
   */
  async notifyRevoked(keyId: string): Promise<void> {
    await this.db.manager.query('SELECT pg_notify($1, $2)', [KEY_REVOKED_CHANNEL, keyId]);
  }

  /** The workspace's other active (unrevoked, unexpired) keys that hold `scope`. */
  countOtherActiveWith(workspaceId: string, keyId: string, scope: Scope): Promise<number> {
    return this.keys.countBy({
      workspaceId,
      id: Not(keyId),
      revokedAt: IsNull(),
      expiresAt: Raw((column) => `(${column} IS NULL OR ${column} > now())`),
      scopes: ArrayContains([scope]),
    });
  }

  /**
   * Runs for every request (batched by ApiKeysService), so it is a named prepared statement on
   * the pg pool (planned once per connection) returning plain rows, rather than an entity query.
   * The workspace's name and plan come in the same read: a second query per request would cost
   * every request a round trip.
   */
  async findActiveByHashes(
    hashes: readonly string[],
  ): Promise<(AuthenticatedKeyRow & { hash: string })[]> {
    const result = await this.db.pool.query<AuthenticatedKeyRow & { hash: string }>({
      name: 'api-keys-by-hash',
      text: `SELECT k.hash, k.id, k.name, k.prefix, k.scopes, k.rate_limit_tier, k.expires_at,
                    w.id AS workspace_id, w.name AS workspace_name, w.plan
             FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id
             WHERE k.hash = ANY($1::text[]) AND k.revoked_at IS NULL
               AND (k.expires_at IS NULL OR k.expires_at > now())`,
      values: [hashes],
    });
    return result.rows;
  }

  /** Whether writes can run now (a flush at exit may come after the database closed). */
  get isConnected(): boolean {
    return this.db.isReady;
  }

  /** One statement for many keys; a later use already stored is never moved back. */
  async recordUses(uses: Map<string, Date>): Promise<void> {
    await this.db.manager.query(
      `UPDATE api_keys k SET last_used_at = GREATEST(k.last_used_at, u.used_at)
       FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, used_at) WHERE k.id = u.id`,
      [[...uses.keys()], [...uses.values()]],
    );
  }
}
