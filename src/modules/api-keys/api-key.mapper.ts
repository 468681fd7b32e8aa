import { ApiKey } from './api-key.entity';
import { ApiKeyDto } from './dto/api-key.dto';

export function toApiKeyDto(key: ApiKey): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    description: key.description,
    prefix: key.prefix,
    scopes: key.scopes,
    rate_limit_tier: key.rateLimitTier,
    expires_at: key.expiresAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
    created_at: key.createdAt.toISOString(),
  };
}
