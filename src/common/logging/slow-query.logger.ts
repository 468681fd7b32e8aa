import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/** Longest SQL text shown: enough to recognise the statement, not a whole bulk insert. */
const SHOWN_SQL_CHARS = 300;

/**
 * TypeORM's logger for LOG_LEVEL=debug: each query slower than LOG_SLOW_QUERY_MS, with its time
 * and its SQL on one line, never its parameters (contact data, key hashes). Everything else
 * TypeORM could log is left out: failed queries reach the error filter, migrations log their own.
 */
export class SlowQueryLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('SQL');

  logQuerySlow(time: number, query: string): void {
    const sql = query.replace(/\s+/g, ' ').trim();
    const shown = sql.length > SHOWN_SQL_CHARS ? `${sql.slice(0, SHOWN_SQL_CHARS)}…` : sql;
    this.logger.debug(`slow query, ${time} ms: ${shown}`);
  }

  logQuery(): void {}
  logQueryError(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
