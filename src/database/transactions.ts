import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The unit of work: a service runs several repository calls in one transaction with `run`, and
 * every repository reads its connection from `manager`, so no `EntityManager` is passed by hand
 * (nor across a module's API). A `run` inside a `run` joins the outer transaction.
 */
@Injectable()
export class Transactions {
  private readonly current = new AsyncLocalStorage<EntityManager>();

  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.current.getStore()) return work();
    return this.dataSource.transaction((manager) => this.current.run(manager, work));
  }

  /** The running transaction's manager, else the data source's (one statement, autocommit). */
  get manager(): EntityManager {
    return this.current.getStore() ?? this.dataSource.manager;
  }

  /** Whether the data source is connected (a background flush at exit may come after it closed). */
  get isReady(): boolean {
    return this.dataSource.isInitialized;
  }

  /** The pg pool itself, for the few hot statements that run as named prepared statements. */
  get pool(): Pool {
    return (this.dataSource.driver as PostgresDriver).master as Pool;
  }
}
