import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { Metrics } from './metrics';

/** What node-postgres' Pool tells about itself. */
interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** The API's connection pool, read at each scrape (nothing is counted per query). */
@Injectable()
export class DatabasePoolMetrics {
  constructor(metrics: Metrics, dataSource: DataSource) {
    const pool = () => (dataSource.driver as unknown as { master?: PoolCounts }).master;
    const gauge = (name: string, help: string, read: (p: PoolCounts) => number) =>
      new Gauge({
        name,
        help,
        registers: [metrics.registry],
        collect() {
          const counts = pool();
          this.set(counts ? read(counts) : 0);
        },
      });
    gauge('db_pool_connections_in_use', 'Connections running a query or transaction.', (p) =>
      Math.max(0, p.totalCount - p.idleCount),
    );
    gauge('db_pool_connections_idle', 'Open connections waiting for work.', (p) => p.idleCount);
    gauge(
      'db_pool_waiting_requests',
      'Queries waiting for a connection (past DATABASE_POOL_TIMEOUT_MS they answer 503).',
      (p) => p.waitingCount,
    );
  }
}
