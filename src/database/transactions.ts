import { DynamicModule, Injectable, Optional } from '@nestjs/common';
import { ClsPluginTransactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsModule } from 'nestjs-cls';
import { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The request context (nestjs-cls): one store per request, entered by the first `onRequest` hook
 * with the request id (common/logging's useRequestContext), which also holds the running
 * transaction (@nestjs-cls/transactional with its TypeORM adapter). Outside a request (the CLI,
 * jobs) `Transactions.run` opens a context of its own.
 *
 * `registerPlugins`, not `forRoot`: the Fastify hook enters the context before any other hook
 * runs, so none of nestjs-cls's middleware, guard or interceptor is wanted (`forRoot` would add
 * the last two to every route, as no-ops, even unmounted).
 */
export function requestContextModule(): DynamicModule {
  return ClsModule.registerPlugins([new ClsPluginTransactional({ adapter: adapter() })]);
}

function adapter(): TransactionalAdapterTypeOrm {
  return new TransactionalAdapterTypeOrm({ dataSourceToken: DataSource });
}

/** What the plugin would build, for a data source used outside a Nest app (a test, a script). */
function standaloneHost(dataSource: DataSource): TransactionHost<TransactionalAdapterTypeOrm> {
  return new TransactionHost<TransactionalAdapterTypeOrm>({
    ...adapter().optionsFactory(dataSource),
    connectionName: undefined,
    enableTransactionProxy: false,
    defaultTxOptions: {},
    extraProviderTokens: [],
  });
}

/** What an UPDATE or DELETE did: the rows it returned and how many it touched. */
export interface Written<Row> {
  rows: Row[];
  affected: number;
}

/**
 * The unit of work: a service runs several repository calls in one transaction with `run`, and
 * every repository reads its connection from `manager`, so no `EntityManager` is passed by hand
 * (nor across a module's API). A `run` inside a `run` joins the outer transaction. The
 * transaction lives in the request context (see requestContextModule).
 */
@Injectable()
export class Transactions {
  private readonly host: TransactionHost<TransactionalAdapterTypeOrm>;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() host?: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {
    this.host = host ?? standaloneHost(dataSource);
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.host.withTransaction(work);
  }

  /** The running transaction's manager, else the data source's (one statement, autocommit). */
  get manager(): EntityManager {
    return this.host.tx;
  }

  /**
   * An UPDATE or DELETE through `manager`: its RETURNING rows and how many rows it touched.
   * TypeORM answers these two commands, and only these, as a `[rows, count]` pair; this is the one
   * place that unpacks it, and it refuses any other statement rather than misread its rows.
   */
  async write<Row = unknown>(sql: string, params: unknown[] = []): Promise<Written<Row>> {
    const answer: unknown = await this.manager.query(sql, params);
    if (!Array.isArray(answer) || !Array.isArray(answer[0]) || typeof answer[1] !== 'number') {
      throw new Error('Transactions.write runs an UPDATE or a DELETE only');
    }
    return { rows: answer[0] as Row[], affected: answer[1] };
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
