import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import DataLoader from 'dataloader';
import { Pool } from 'pg';
import { DataSource, IsNull, Repository } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { expandScopes, KeyAuthenticator, Principal, Scope } from '../../common/auth';
import { Plan } from '../../config/app-config';
import { pageOffset, PaginationQueryDto } from '../../common/http';
import { ApiError } from '../../common/errors';
import { isUniqueViolation } from '../../database/postgres-errors';
import { ApiKey, RateLimitTier } from './api-key.entity';
import { assertMayGrant } from './key-grant.policy';
import { displayPrefix, generateSecret, hashSecret, SECRET_PATTERN } from './key-secret';
import { LastUsedRecorder } from './last-used.recorder';

export interface NewApiKey {
  workspaceId: string;
  name: string;
  scopes: readonly string[];
  description?: string | null;
  rateLimitTier?: RateLimitTier;
  expiresAt?: Date | null;
}

/** A key that can manage keys; a workspace always keeps at least one. */
const ADMIN_SCOPE: Scope = 'api_keys:write';

interface AuthenticatedKeyRow {
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

/** Refusal to revoke a workspace's last active admin key (403 over the API). */
export class LastAdminKeyError extends ApiError {
  constructor() {
    super(
      'insufficient_permissions',
      "This is the workspace's last active admin key; create another before revoking it.",
    );
  }
}

const INVALID_KEY = 'The API key is missing, malformed, unknown, revoked or expired.';

@Injectable()
export class ApiKeysService implements KeyAuthenticator {
  /**
   * The key lookups of requests that arrive together (in one turn of the event loop) share one
   * query. Each still reads the database after its request arrived, so a revoked key fails from
   * the next request on; under load, one round trip serves many requests. A failed query fails
   * every request of its batch, as it would have failed each of them alone.
   */
  private readonly activeKeys = new DataLoader<string, AuthenticatedKeyRow | undefined>(
    (hashes) => this.findActiveKeys(hashes),
    { cache: false, batchScheduleFn: (run) => setImmediate(run), maxBatchSize: 100 },
  );

  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    private readonly lastUsed: LastUsedRecorder,
    private readonly dataSource: DataSource,
  ) {}

  /** A key created over the API: never more than the caller holds (see assertMayGrant). */
  async createFor(
    caller: Principal,
    input: Omit<NewApiKey, 'workspaceId'>,
  ): Promise<{ key: ApiKey; secret: string }> {
    assertMayGrant(caller, { ...input, scopes: this.parseScopes(input.scopes) });
    return this.create({ ...input, workspaceId: caller.workspace.id });
  }

  async listPage(workspaceId: string, page: PaginationQueryDto): Promise<[ApiKey[], number]> {
    await this.lastUsed.flush(); // so last_used_at is current in what we show
    return this.keys.findAndCount({
      where: { workspaceId },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: pageOffset(page),
      take: page.per_page,
    });
  }

  /** Revokes a key of the caller's workspace, under the last-admin rule (see `revoke`). */
  async revokeFor(caller: Principal, keyId: string): Promise<void> {
    await this.revoke(keyId, { workspaceId: caller.workspace.id });
  }

  /** Creates a key; the secret is returned here and never again. */
  async create(input: NewApiKey): Promise<{ key: ApiKey; secret: string }> {
    const scopes = this.parseScopes(input.scopes);
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw ApiError.validation('expires_at must be in the future.', {
        expires_at: ['must be in the future'],
      });
    }
    const secret = generateSecret();
    const entity = this.keys.create({
      workspaceId: input.workspaceId,
      name: input.name,
      description: input.description ?? null,
      prefix: displayPrefix(secret),
      hash: hashSecret(secret),
      scopes,
      rateLimitTier: input.rateLimitTier ?? 'standard',
      expiresAt: input.expiresAt ?? null,
    });
    try {
      const key = await this.keys.save(entity);
      return { key, secret };
    } catch (error) {
      if (isUniqueViolation(error, 'api_keys_active_name_key')) {
        throw new ApiError(
          'duplicate_name',
          `An active API key named "${input.name}" already exists.`,
        );
      }
      throw error;
    }
  }

  parseScopes(names: readonly string[]): Scope[] {
    const { scopes, unknown } = expandScopes(names);
    if (unknown.length > 0 || scopes.length === 0) {
      const message = unknown.length
        ? `Unknown scope: ${unknown.join(', ')}.`
        : 'At least one scope is required.';
      throw ApiError.validation(message, { scopes: [message] });
    }
    return scopes;
  }

  /** Resolves an `Authorization` header to its caller, or throws `invalid_key`. */
  async authenticate(header: string | undefined): Promise<Principal> {
    const secret = /^Bearer +(\S+)$/i.exec(header ?? '')?.[1]; // the scheme is case-insensitive
    if (!secret || !SECRET_PATTERN.test(secret)) throw new ApiError('invalid_key', INVALID_KEY);
    const row = await this.activeKeys.load(hashSecret(secret));
    if (!row) throw new ApiError('invalid_key', INVALID_KEY);
    this.lastUsed.record(row.id);
    return {
      keyId: row.id,
      keyName: row.name,
      keyPrefix: row.prefix,
      scopes: [...row.scopes], // requests with the same key in one batch share its row
      rateLimitTier: row.rate_limit_tier,
      expiresAt: row.expires_at,
      workspace: { id: row.workspace_id, name: row.workspace_name, plan: row.plan },
    };
  }

  /**
   * Runs for every request (in batches, see `activeKeys`), so it is a named prepared statement on
   * the pg pool (planned once per connection) returning plain rows, rather than an entity query.
   */
  private async findActiveKeys(
    hashes: readonly string[],
  ): Promise<(AuthenticatedKeyRow | undefined)[]> {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const result = await pool.query<AuthenticatedKeyRow & { hash: string }>({
      name: 'api-keys-by-hash',
      text: `SELECT k.hash, k.id, k.name, k.prefix, k.scopes, k.rate_limit_tier, k.expires_at,
                    w.id AS workspace_id, w.name AS workspace_name, w.plan
             FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id
             WHERE k.hash = ANY($1::text[]) AND k.revoked_at IS NULL
               AND (k.expires_at IS NULL OR k.expires_at > now())`,
      values: [[...new Set(hashes)]],
    });
    const byHash = new Map(result.rows.map(({ hash, ...row }) => [hash, row]));
    return hashes.map((hash) => byHash.get(hash));
  }

  list(workspaceId: string): Promise<ApiKey[]> {
    return this.keys.find({ where: { workspaceId }, order: { createdAt: 'ASC' } });
  }

  /**
   * Revokes a key by id (of `workspaceId` when given); an unknown id, or one already revoked, is
   * `not_found`. The workspace's last active key that can manage keys is kept, so a workspace
   * never locks itself out (`LastAdminKeyError`); only `force` (an operator's shell, never the
   * API) revokes it anyway. The workspace row lock makes the check race-free.
   */
  async revoke(
    keyId: string,
    options: { workspaceId?: string; force?: boolean } = {},
  ): Promise<ApiKey> {
    if (!isUUID(keyId)) throw ApiError.notFound('API key', keyId);
    return this.dataSource.transaction(async (manager) => {
      const keys = manager.getRepository(ApiKey);
      const active = { id: keyId, revokedAt: IsNull() };
      const found = await keys.findOneBy({
        ...active,
        ...(options.workspaceId ? { workspaceId: options.workspaceId } : {}),
      });
      if (!found) throw ApiError.notFound('API key', keyId);
      await manager.query('SELECT 1 FROM workspaces WHERE id = $1 FOR UPDATE', [found.workspaceId]);
      const key = await keys.findOneBy(active); // again under the lock: revoked meanwhile?
      if (!key) throw ApiError.notFound('API key', keyId);
      if (!options.force && key.scopes.includes(ADMIN_SCOPE)) {
        const [{ others }]: { others: number }[] = await manager.query(
          `SELECT count(*)::int AS others FROM api_keys
           WHERE workspace_id = $1 AND id <> $2 AND revoked_at IS NULL
             AND (expires_at IS NULL OR expires_at > now()) AND $3 = ANY (scopes)`,
          [key.workspaceId, key.id, ADMIN_SCOPE],
        );
        if (others === 0) throw new LastAdminKeyError();
      }
      key.revokedAt = new Date();
      await keys.update({ id: key.id }, { revokedAt: key.revokedAt });
      return key;
    });
  }
}
