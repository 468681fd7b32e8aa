/** The public entry of modules/api-keys: API keys: creation, revocation, authentication of requests, `/v1/me`. */
export { ApiKey, RATE_LIMIT_TIERS, RateLimitTier } from './api-key.entity';
export { ApiKeysModule } from './api-keys.module';
export { ApiKeysService, LastAdminKeyError } from './api-keys.service';
export { toDateTime } from './dto/api-key.dto';
export { useLeanMe } from './me.lean-route';
