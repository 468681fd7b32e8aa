import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { Logger as WorkerLogger, parseCronItems, run, Runner, TaskList } from 'graphile-worker';
import { Pool } from 'pg';
import { DatabaseAvailability } from '../../database/database-availability';
import { databaseFault } from '../../database/postgres-errors';
import { Transactions } from '../../database/transactions';
import { redactSecrets } from '../logging';

/** Where the job runner connects, and whether this process runs jobs at all (the CLI does not). */
export interface JobsSettings {
  databaseUrl: string;
  runsJobs: boolean;
}
export const JOBS_SETTINGS = Symbol('JOBS_SETTINGS');

/** Work each instance does for itself, on its own memory (e.g. writing what it has batched). */
export interface InstanceJob {
  name: string;
  everyMs: number;
  /** Also run once as soon as the application is up. */
  atStart?: boolean;
  /** May return a promise: the job ends when it settles. */
  run(): unknown;
}

/** Work that must run once per period across all instances (e.g. deleting expired rows). */
export interface ClusterJob {
  name: string;
  /** A crontab schedule (minute granularity), e.g. `*\/10 * * * *`. */
  cron: string;
  run(): unknown;
}

/** Work queued by a transaction, run once by whichever instance picks it up. */
export interface QueuedTask<Payload> {
  name: string;
  run(payload: Payload): unknown;
}

/**
 * The one mechanism for background work, with one lifecycle: nothing runs before the application
 * is up (`onApplicationBootstrap`), and at shutdown — after the HTTP drain has answered the last
 * request — nothing new starts and what is running finishes (`beforeApplicationShutdown`),
 * before the pools close. Work that is global (runs once across instances) and queued work go
 * through PostgreSQL (graphile-worker: a cron job is taken by exactly one instance per period,
 * and a job enqueued in a transaction exists only if that transaction commits); work on an
 * instance's own memory runs on a timer of that instance.
 */
@Injectable()
export class Jobs implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly instanceJobs: InstanceJob[] = [];
  private readonly clusterJobs: ClusterJob[] = [];
  private readonly tasks: TaskList = {};
  private readonly timers: NodeJS.Timeout[] = [];
  /** The instance jobs running now: a job never overlaps itself, and shutdown waits for them. */
  private readonly running = new Map<InstanceJob, Promise<void>>();
  private runner: Runner | undefined;
  /**
   * The runner's connections, ours rather than graphile-worker's: it removes its error listener
   * from a pool it made and then ends the pool without waiting, so an idle connection dropped in
   * that moment (a database restarting, or dropped under a test) raised an unhandled error.
   */
  private pool: Pool | undefined;
  private stopping = false;

  constructor(
    @Inject(JOBS_SETTINGS) private readonly settings: JobsSettings,
    private readonly database: DatabaseAvailability,
    private readonly transactions: Transactions,
  ) {}

  everyInstance(job: InstanceJob): void {
    this.instanceJobs.push(job);
  }

  onceAcrossInstances(job: ClusterJob): void {
    this.clusterJobs.push(job);
    this.tasks[job.name] = () => this.attempt(job.name, () => job.run());
  }

  define<Payload>(task: QueuedTask<Payload>): void {
    this.tasks[task.name] = async (payload) => void (await task.run(payload as Payload));
  }

  /**
   * Queues `name` in the running transaction (Transactions.run): it runs after a commit, never
   * after a rollback.
   */
  async enqueue(name: string, payload: object): Promise<void> {
    await this.transactions.manager.query('SELECT graphile_worker.add_job($1, $2::json)', [
      name,
      JSON.stringify(payload),
    ]);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.runsJobs) return;
    for (const job of this.instanceJobs) {
      if (job.atStart) this.runOnInstance(job);
      const timer = setInterval(() => this.runOnInstance(job), job.everyMs);
      this.timers.push(timer.unref());
    }
    this.pool = new Pool({ connectionString: this.settings.databaseUrl, max: 2 });
    // A connection that breaks, idle or in use, leaves the pool (a query on it fails, and says
    // so); an outage is DatabaseAvailability's to report, once.
    this.pool.on('error', () => undefined);
    this.pool.on('connect', (client) => client.on('error', () => undefined));
    this.runner = await run({
      pgPool: this.pool,
      concurrency: 1,
      noHandleSignals: true,
      taskList: this.tasks,
      parsedCronItems: parseCronItems(
        this.clusterJobs.map((job) => ({
          task: job.name,
          match: job.cron,
          // A missed period is not made up: the next one does the same work.
          options: { backfillPeriod: 0, maxAttempts: 1 },
        })),
      ),
      logger: this.workerLogger(),
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all([...this.running.values(), this.runner?.stop()]);
    await this.pool?.end();
  }

  private runOnInstance(job: InstanceJob): void {
    if (this.stopping || this.running.has(job)) return;
    const done = this.attempt(job.name, () => job.run()).finally(() => this.running.delete(job));
    this.running.set(job, done);
  }

  /** Runs a job; a failure is logged (the database's absence once, by DatabaseAvailability). */
  private async attempt(name: string, work: () => unknown): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (databaseFault(error) === 'unavailable') return this.database.noteFailure(error);
      this.logger.warn(`Job ${name} failed: ${redactSecrets((error as Error).message)}`);
    }
  }

  /**
   * graphile-worker's own lines: its errors while the database is away are DatabaseAvailability's
   * one warning, not a line each; its start-up chatter is debug.
   */
  private workerLogger(): WorkerLogger {
    return new WorkerLogger(() => (level: string, message: string, meta?: unknown) => {
      const error = (meta as { error?: unknown } | undefined)?.error;
      // graphile's LogLevel is a const enum (types only): its values are these strings.
      if (level === 'error' || level === 'warning') {
        if (error && databaseFault(error) === 'unavailable')
          return this.database.noteFailure(error);
        if (!this.database.available) return;
        this.logger.warn(redactSecrets(message));
      } else {
        this.logger.debug(redactSecrets(message));
      }
    });
  }
}
