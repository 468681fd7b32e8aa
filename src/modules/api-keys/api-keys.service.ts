import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { IsNull, Repository } from 'typeorm';
import { Principal } from '../../common/auth/principal';
import { expandScopes, Scope } from '../../common/auth/scopes';
import { ApiError } from '../../common/errors/api-error';
import { isUniqueViolation } from '../../database/postgres-errors';
import { ApiKey, RateLimitTier } from './api-key.entity';
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

const INVALID_KEY = 'The API key is missing, malformed, unknown, revoked or expired.';

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    private readonly lastUsed: LastUsedRecorder,
  ) {}

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
    const secret = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
    if (!secret || !SECRET_PATTERN.test(secret)) throw new ApiError('invalid_key', INVALID_KEY);
    const key = await this.keys.findOne({
      where: { hash: hashSecret(secret), revokedAt: IsNull() },
      relations: { workspace: true },
    });
    if (!key?.workspace || (key.expiresAt && key.expiresAt.getTime() <= Date.now())) {
      throw new ApiError('invalid_key', INVALID_KEY);
    }
    this.lastUsed.record(key.id);
    return {
      keyId: key.id,
      keyName: key.name,
      keyPrefix: key.prefix,
      scopes: key.scopes as Scope[],
      rateLimitTier: key.rateLimitTier,
      expiresAt: key.expiresAt,
      workspace: { id: key.workspace.id, name: key.workspace.name, plan: key.workspace.plan },
    };
  }

  list(workspaceId: string): Promise<ApiKey[]> {
    return this.keys.find({ where: { workspaceId }, order: { createdAt: 'ASC' } });
  }

  /** Revokes a key by id; an unknown id, or one already revoked, is `not_found`. */
  async revoke(keyId: string, workspaceId?: string): Promise<ApiKey> {
    if (!isUUID(keyId)) throw ApiError.notFound('API key', keyId);
    const key = await this.keys.findOneBy({
      id: keyId,
      revokedAt: IsNull(),
      ...(workspaceId ? { workspaceId } : {}),
    });
    if (!key) throw ApiError.notFound('API key', keyId);
    key.revokedAt = new Date();
    return this.keys.save(key);
  }
}
