import { expandScopes, Principal } from '../../common/auth';
import { ApiError } from '../../common/errors';
import { RateLimitTier } from './api-key.entity';
import { toDateTime } from './dto/api-key.dto';

/** What a new key would be given. */
export interface KeyGrant {
  scopes: readonly string[];
  rateLimitTier?: RateLimitTier;
  /** null or absent: never expires. */
  expiresAt?: Date | null;
}

/**
 * A key never creates more than it holds: no scope it lacks (403), no unmetered tier unless it
 * is unmetered (403), no key that outlives it (400 naming `expires_at`: an expiring key must
 * give the new key an expiry no later than its own).
 */
export function assertMayGrant(caller: Principal, grant: KeyGrant): void {
  assertWithinPermissions(caller, grant);
  assertWithinLifetime(caller, grant.expiresAt ?? null);
}

/**
 * The same rule on the body of `POST /v1/api-keys` as sent, for the guard (see AuthorizeBody).
 * What it cannot read (a scope that is not a string, a malformed date) is left to validation,
 * which refuses the request anyway.
 */
export function mayCreateKey(caller: Principal, body: unknown): void {
  const fields = (body ?? {}) as Record<string, unknown>;
  assertWithinPermissions(caller, {
    scopes: Array.isArray(fields.scopes)
      ? fields.scopes.filter((s): s is string => typeof s === 'string')
      : [],
    rateLimitTier: fields.rate_limit_tier === 'unmetered' ? 'unmetered' : undefined,
  });
  const expiresAt = fields.expires_at == null ? null : toDateTime(fields.expires_at);
  if (expiresAt === null || expiresAt instanceof Date) assertWithinLifetime(caller, expiresAt);
}

function assertWithinPermissions(caller: Principal, grant: KeyGrant): void {
  const beyond = expandScopes(grant.scopes).scopes.filter((s) => !caller.scopes.includes(s));
  if (beyond.length > 0) {
    throw new ApiError(
      'insufficient_permissions',
      `A key cannot grant permissions it does not hold: ${beyond.join(', ')}.`,
      { missing_scopes: beyond },
    );
  }
  if (grant.rateLimitTier === 'unmetered' && caller.rateLimitTier !== 'unmetered') {
    throw new ApiError(
      'insufficient_permissions',
      'Only an unmetered key can create an unmetered key.',
    );
  }
}

function assertWithinLifetime(caller: Principal, expiresAt: Date | null): void {
  const limit = caller.expiresAt;
  if (!limit || (expiresAt && expiresAt.getTime() <= limit.getTime())) return;
  const problem = `must be set, no later than ${limit.toISOString()} (when this key expires)`;
  throw ApiError.validation(`A key cannot create a key that outlives it: expires_at ${problem}.`, {
    expires_at: [problem],
  });
}
