import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import DataLoader from 'dataloader';
import { expandScopes, KeyAuthenticator, Principal, Scope } from '../../common/auth';
import { pageOffset, PaginationQueryDto } from '../../common/http';
import { ApiError } from '../../common/errors';
import { isUniqueViolation } from '../../database/postgres-errors';
import { Transactions } from '../../database/transactions';
import { WorkspacesService } from '../workspaces';
import { ApiKey, RateLimitTier } from './api-key.entity';
import { ApiKeysRepository, AuthenticatedKeyRow } from './api-keys.repository';
import { assertMayGrant } from './key-grant.policy';
import { KeyCache } from './key-cache';
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
   * query; under load, one round trip serves many requests. A failed query fails every request
   * of its batch, as it would have failed each of them alone. A key found is then kept in
   * `cache` (KeyCache: used only while this instance hears every revocation, see
   * KeyRevocationListener), so later requests with it read nothing.
   */
  private readonly activeKeys = new DataLoader<string, AuthenticatedKeyRow | undefined>(
    (hashes) => this.findActiveKeys(hashes),
    { cache: false, batchScheduleFn: (run) => setImmediate(run), maxBatchSize: 100 },
  );

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly lastUsed: LastUsedRecorder,
    private readonly transactions: Transactions,
    private readonly workspaces: WorkspacesService,
    private readonly cache: KeyCache,
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
    return this.keys.page(workspaceId, pageOffset(page), page.per_page);
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
    const row = {
      workspaceId: input.workspaceId,
      name: input.name,
      description: input.description ?? null,
      prefix: displayPrefix(secret),
      hash: hashSecret(secret),
      scopes,
      rateLimitTier: input.rateLimitTier ?? 'standard',
      expiresAt: input.expiresAt ?? null,
    };
    try {
      const key = await this.keys.insert(row);
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
    const hash = hashSecret(secret);
    let row = this.cache.get(hash);
    if (!row) {
      const generation = this.cache.generation; // before the read: see KeyCache.store
      row = await this.activeKeys.load(hash);
      if (row) this.cache.store(hash, row, generation); // never an unknown key
    }
    // Expiry against the clock on every request: a kept key expires on time too.
    if (!row || (row.expires_at !== null && row.expires_at.getTime() <= Date.now())) {
      throw new ApiError('invalid_key', INVALID_KEY);
    }
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

  /** One read for a batch of requests (see `activeKeys`), answered in the batch's order. */
  private async findActiveKeys(
    hashes: readonly string[],
  ): Promise<(AuthenticatedKeyRow | undefined)[]> {
    const rows = await this.keys.findActiveByHashes([...new Set(hashes)]); // each asked once
    const byHash = new Map(rows.map(({ hash, ...row }) => [hash, row]));
    return hashes.map((hash) => byHash.get(hash));
  }

  list(workspaceId: string): Promise<ApiKey[]> {
    return this.keys.listOf(workspaceId);
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
    const revoked = await this.transactions.run(async () => {
      const found = await this.keys.findUnrevoked(keyId, options.workspaceId);
      if (!found) throw ApiError.notFound('API key', keyId);
      await this.workspaces.lockForChanges(found.workspaceId);
      const key = await this.keys.findUnrevoked(keyId); // again under the lock: revoked meanwhile?
      if (!key) throw ApiError.notFound('API key', keyId);
      if (!options.force && key.scopes.includes(ADMIN_SCOPE)) {
        const others = await this.keys.countOtherActiveWith(key.workspaceId, key.id, ADMIN_SCOPE);
        if (others === 0) throw new LastAdminKeyError();
      }
      key.revokedAt = new Date();
      await this.keys.markRevoked(key.id, key.revokedAt);
      await this.keys.notifyRevoked(key.id); // every instance hears it at the commit
      return key;
    });
    // Committed: this instance refuses the key from its next request, before its own
    // notification comes back.
    this.cache.revoked(revoked.id);
    return revoked;
  }
}
