import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import { Transactions } from '../../database/transactions';

/**
 * The first key of the advisory locks that say "this instance is alive" (the second is the
 * instance's owner id). Any constant will do, as long as every instance uses the same one.
 */
export const OWNER_LOCK_SPACE = 1_764_190;

const RECONNECT_MS = 1_000;

/**
 * The owner session idles for the life of the process: no idle timeout may end it; and the
 * server probes the connection, so that a machine that vanished without closing it (no FIN)
 * releases its lock within ~25 s rather than the system's default two hours.
 */
const SESSION_SETTINGS = `SET idle_session_timeout = 0; SET tcp_keepalives_idle = 10;
  SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3`;
/** Tries before giving up on a free id (two live instances drawing the same one is ~1 in 2^31). */
const ID_DRAWS = 5;

type RenewedListener = (previous: number | null, next: number) => Promise<void>;

/**
 * This instance's liveness, as PostgreSQL itself sees it. One session of its own holds the
 * advisory lock (OWNER_LOCK_SPACE, id), and every idempotency claim this instance makes is
 * stamped with that id. PostgreSQL drops the lock the moment the session ends — the process
 * killed, the machine gone — so a claim whose id no session holds belongs to a dead instance and
 * can be taken over at once. Costs one idle connection per instance and no round trip per request.
 *
 * The session needs a direct connection (or session pooling): a transaction-mode pooler would
 * hand the lock to whichever client next used that server connection.
 */
@Injectable()
export class ClaimOwner
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('Idempotency');
  private session?: Client;
  private ownerId: number | null = null;
  /** The id of a session that was lost; the claims made under it are renewed with the next. */
  private lostId: number | null = null;
  private retry?: NodeJS.Timeout;
  private closing = false;
  private renewed: RenewedListener = () => Promise.resolve();

  constructor(private readonly database: Transactions) {}

  /** The id to stamp on a new claim; null while the session is down (claims then age out instead). */
  get id(): number | null {
    return this.ownerId;
  }

  /** Called with the old and new id once a lost session is replaced, before new claims use it. */
  onRenewed(listener: RenewedListener): void {
    this.renewed = listener;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  /** No reconnecting once shutdown starts (an embedded database may stop before the session). */
  beforeApplicationShutdown(): void {
    this.closing = true;
  }

  /** After the HTTP server has closed: the requests still running kept their claims alive. */
  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearTimeout(this.retry);
    const session = this.session;
    this.session = undefined;
    this.ownerId = null;
    await session?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    // The pool's own settings (address, credentials, timeouts), on a connection outside the pool.
    const session = new Client({
      ...this.database.pool.options,
      application_name: 'prospect-api idempotency owner',
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    session.on('error', (error) => this.logger.debug(`Owner session: ${error.message}`)); // 'end' follows
    let ended = false;
    session.once('end', () => {
      ended = true;
      this.lost(session);
    });
    try {
      await session.connect();
      await session.query(SESSION_SETTINGS);
      const id = await drawFreeId(session);
      if (this.closing) return void (await session.end());
      await this.renewed(this.lostId, id);
      if (ended) throw new Error('the session ended while starting');
      this.session = session;
      this.ownerId = id;
      this.lostId = null;
    } catch (error) {
      this.logger.debug(`Owner session unavailable: ${(error as Error).message}`);
      await session.end().catch(() => undefined);
      this.reconnectLater();
    }
  }

  /**
   * Until a new session has restamped this instance's running claims, they look dead to other
   * requests: so the first reconnection is immediate (a few milliseconds while the database is
   * up), later ones every second.
   */
  private lost(session: Client): void {
    if (this.closing || session !== this.session) return;
    this.logger.debug('Owner session lost; reconnecting');
    this.lostId = this.ownerId;
    this.ownerId = null;
    this.session = undefined;
    void this.connect();
  }

  private reconnectLater(): void {
    if (this.closing) return;
    this.retry = setTimeout(() => void this.connect(), RECONNECT_MS);
    this.retry.unref();
  }
}

async function drawFreeId(session: Client): Promise<number> {
  for (let draw = 0; draw < ID_DRAWS; draw++) {
    const id = randomInt(1, 2 ** 31 - 1); // positive: pg_locks shows the keys as oids
    const { rows } = await session.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1, $2) AS locked',
      [OWNER_LOCK_SPACE, id],
    );
    if (rows[0].locked) return id;
  }
  throw new Error('no free owner id');
}
