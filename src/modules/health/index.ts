/** The public entry of modules/health: Liveness and readiness. */
export { HealthModule } from './health.module';
export { useLeanLiveness } from './liveness';
