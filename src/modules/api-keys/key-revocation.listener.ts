import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { Workload, WORKLOAD } from '../../database/data-source-options';
import { KEY_REVOKED_CHANNEL } from './api-keys.repository';
import { KeyCache } from './key-cache';

/** After a lost connection (or a failed attempt), the next attempt. */
const RETRY_MS = 1_000;
/** A connection that has died without a word (a half-open socket) is found within this + TIMEOUT. */
const HEARTBEAT_MS = 5_000;
const HEARTBEAT_TIMEOUT_MS = 3_000;
const CONNECT_TIMEOUT_MS = 3_000;

/**
 * Hears key revocations from every instance (and the CLI): one dedicated `pg` connection, not a
 * pool's, LISTENs on KEY_REVOKED_CHANNEL (ApiKeysRepository.notifyRevoked, delivered at the
 * revoke's commit) and drops the key from this instance's KeyCache. The cache is used only while
 * this connection is up and listening: lost (or not yet made) means every request reads the
 * database; made again means the cache starts from empty. A server process only (the CLI has no
 * requests to serve), and only with the cache on (KEY_CACHE_SECONDS > 0). Closed at shutdown,
 * after the HTTP drain.
 */
@Injectable()
export class KeyRevocationListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('KeyRevocations');
  private client: Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;
  /** Since when the connection is lost (said once, and once when it is back). */
  private lostSince: number | undefined;

  constructor(
    private readonly cache: KeyCache,
    private readonly dataSource: DataSource,
    @Inject(WORKLOAD) private readonly workload: Workload,
  ) {}

  /** Whether revocations are heard now (the cache is in use). */
  get listening(): boolean {
    return this.cache.active;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.cache.enabled || this.workload !== 'api') return;
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    const client = this.client;
    this.client = undefined;
    this.cache.notListening();
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    this.retry = undefined;
    if (this.closed) return;
    const client = new Client({
      connectionString: (this.dataSource.options as PostgresConnectionOptions).url,
      application_name: 'prospect-api key revocations',
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
    });
    this.client = client;
    client.on('notification', ({ channel, payload }) => {
      if (channel === KEY_REVOKED_CHANNEL && payload) this.cache.revoked(payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${KEY_REVOKED_CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.client !== client) return; // lost or closed meanwhile
    this.cache.listening(); // empties it: what was revoked while nobody listened is forgotten
    this.heartbeat = setInterval(() => void this.check(client), HEARTBEAT_MS);
    this.heartbeat.unref();
    if (this.lostSince !== undefined) {
      const seconds = Math.round((Date.now() - this.lostSince) / 1000);
      this.logger.log(`Listening for key revocations again (key cache was off for ${seconds} s)`);
      this.lostSince = undefined;
    }
  }

  /** A connection that no longer answers is ended (and made again). */
  private async check(client: Client): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error('no answer')), HEARTBEAT_TIMEOUT_MS);
    });
    try {
      await Promise.race([client.query('SELECT 1'), timeout]);
    } catch (error) {
      this.lost(client, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client !== client) return; // already handled, or closed
    this.client = undefined;
    this.cache.notListening(); // first: no entry is used from here on
    clearInterval(this.heartbeat);
    client.removeAllListeners('notification');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.closed) return;
    if (this.lostSince === undefined) {
      this.lostSince = Date.now();
      const reason = error instanceof Error ? error.message : 'connection ended';
      // Not a warning: the database's absence is warned about once, by DatabaseAvailability.
      this.logger.log(
        `Not listening for key revocations (${reason}); the key cache is off until it is back`,
      );
    }
    this.retry = setTimeout(() => void this.connect(), RETRY_MS);
  }
}
