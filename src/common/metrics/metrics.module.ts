import { Module } from '@nestjs/common';
import { DatabasePoolMetrics } from './database-pool.metrics';
import { MetricsServer } from './metrics-endpoint';

/** The API's metrics: the pool gauges and, with METRICS_PORT, the server that serves them. */
@Module({ providers: [DatabasePoolMetrics, MetricsServer] })
export class MetricsModule {}
