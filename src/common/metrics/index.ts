/** The public entry of common/metrics: what other parts of the app may use. */
export { Metrics } from './metrics';
export { useMetrics } from './metrics-endpoint';
export { MetricsModule } from './metrics.module';
