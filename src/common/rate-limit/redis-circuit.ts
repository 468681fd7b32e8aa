import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { InjectRedis } from '../../database/redis.provider';
import { OutageWatch } from '../outage';

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
  private readonly watch = new OutageWatch({
    logger: new Logger('Redis'),
    probeIntervalMs: PROBE_INTERVAL_MS,
    probe: () => this.check(),
    wentAway: (reason) =>
      `Redis is unreachable (${reason}); rate limits are counted in memory, per instance, until it returns`,
    cameBack: (seconds) =>
      `Redis is back (unreachable for ${seconds} s); rate limits are shared by every instance again`,
  });

  constructor(@InjectRedis() private readonly redis: Redis | null) {
    // ioredis reports a lost connection before any command fails: no request has to find out.
    redis?.on('error', (error: Error) => this.failed(error));
  }

  get configured(): boolean {
    return this.redis !== null;
  }

  /** Redis is configured and answered when last asked: counters are shared by every instance. */
  get usable(): boolean {
    return this.redis !== null && !this.watch.down;
  }

  /** Called with any Redis failure; only the first one of an outage does something. */
  failed(error: unknown): void {
    if (this.redis) this.watch.failed(error);
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
    this.watch.recovered();
    return true;
  }

  onApplicationShutdown(): void {
    this.watch.close();
  }
}
