/** The public entry of common/idempotency: what other parts of the app may use. */
export { Idempotent, SecretInResponse } from './idempotency.interceptor';
export { IdempotencyModule } from './idempotency.module';
