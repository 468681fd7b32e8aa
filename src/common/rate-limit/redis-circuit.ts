import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { InjectRedis } from '../../database/redis.provider';

/** How often a Redis found unreachable is pinged, to notice its return. */
const PROBE_INTERVAL_MS = 1_000;

/**
 * Whether Redis answers, as the rate limiter and readiness find it. The first failure (a command
 * that fails or times out, or a connection error) opens the circuit: requests then count in this
 * instance's memory at once, instead of each waiting out the command timeout on a Redis that is
 * gone, and a ping every PROBE_INTERVAL_MS, in the background, looks for its return, which closes
 * the circuit. One warning when Redis goes, one line when it returns.
 */
@Injectable()
export class RedisCircuit implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private downSince: number | undefined;
  private probe: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(@InjectRedis() private readonly redis: Redis | null) {
    // ioredis reports a lost connection before any command fails: no request has to find out.
    redis?.on('error', (error: Error) => this.failed(error));
  }

  get configured(): boolean {
    return this.redis !== null;
  }

  /** Redis is configured and answered when last asked: counters are shared by every instance. */
  get usable(): boolean {
    return this.redis !== null && this.downSince === undefined;
  }

  /** Called with any Redis failure; only the first one of an outage does something. */
  failed(error: unknown): void {
    if (this.closing || this.downSince !== undefined || !this.redis) return;
    this.downSince = Date.now();
    this.logger.warn(
      `Redis is unreachable (${reason(error)}); rate limits are counted in memory, per instance, until it returns`,
    );
    this.scheduleProbe();
  }

  /** Asks Redis now (readiness does, and the probe): true when it answers. Sets the state to match. */
  async check(): Promise<boolean> {
    if (!this.redis) return false;
    try {
      await this.redis.ping();
    } catch (error) {
      this.failed(error);
      return false;
    }
    this.recovered();
    return true;
  }

  onApplicationShutdown(): void {
    this.closing = true;
    clearTimeout(this.probe);
  }

  private scheduleProbe(): void {
    if (this.closing || this.probe) return;
    // A timeout chain, not an interval: a ping that waits out the command timeout is never
    // overlapped by the next one. A chain that readiness found Redis back during stops.
    const probe = setTimeout(
      () =>
        void this.check().then((up) => {
          if (this.probe !== probe) return;
          this.probe = undefined;
          if (!up) this.scheduleProbe();
        }),
      PROBE_INTERVAL_MS,
    ).unref();
    this.probe = probe;
  }

  private recovered(): void {
    if (this.downSince === undefined) return;
    clearTimeout(this.probe);
    this.probe = undefined;
    const seconds = ((Date.now() - this.downSince) / 1000).toFixed(1);
    this.downSince = undefined;
    this.logger.log(
      `Redis is back (unreachable for ${seconds} s); rate limits are shared by every instance again`,
    );
  }
}

function reason(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message ? message.split('\n')[0] : String(error);
}
