/** The public entry of common/rate-limit: what other parts of the app may use. */
export { WindowName } from './rate-limit-windows';
export { CurrentRateLimitUsage, enforce, rateLimitUsageOf } from './rate-limit.http';
export { RateLimitModule } from './rate-limit.module';
export { RateLimitDecision, RateLimiterService, WindowUsage } from './rate-limiter.service';
export { RedisCircuit } from './redis-circuit';
