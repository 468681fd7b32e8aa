import { Logger } from '@nestjs/common';

export interface OutageWatchOptions {
  logger: Logger;
  /** How often a dependency found gone is asked again. */
  probeIntervalMs: number;
  /** Asks the dependency once: true when it answers. */
  probe: () => Promise<boolean>;
  /** The one warning of an outage, given the first failure's one-line reason. */
  wentAway: (reason: string) => string;
  /** The one line when it returns, given how long it was gone ("3.2"). */
  cameBack: (seconds: string) => string;
}

/**
 * The outage state of a dependency (PostgreSQL, Redis) as its callers find it: the first failure
 * logs one warning and starts probing it every `probeIntervalMs` in the background; the first
 * success (a probe's or a caller's) logs one line and stops the probes. Failures meanwhile log
 * nothing, so an outage under load is two log lines, not one per request.
 */
export class OutageWatch {
  private downSince: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(private readonly options: OutageWatchOptions) {}

  get down(): boolean {
    return this.downSince !== undefined;
  }

  /** A failure that says the dependency is gone; only the first of an outage does something. */
  failed(error: unknown): void {
    if (this.closing || this.down) return;
    this.downSince = Date.now();
    this.options.logger.warn(this.options.wentAway(reason(error)));
    this.scheduleProbe();
  }

  /** The dependency answered: ends an outage, if there was one. */
  recovered(): void {
    if (this.downSince === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const seconds = ((Date.now() - this.downSince) / 1000).toFixed(1);
    this.downSince = undefined;
    this.options.logger.log(this.options.cameBack(seconds));
  }

  /** No more probes: the application is shutting down. */
  close(): void {
    this.closing = true;
    clearTimeout(this.timer);
  }

  private scheduleProbe(): void {
    if (this.closing || this.timer) return;
    // A timeout chain, not an interval: a probe that waits out a timeout is never overlapped by
    // the next one. A chain whose outage a caller ended meanwhile stops.
    const timer = setTimeout(() => void this.runProbe(timer), this.options.probeIntervalMs);
    this.timer = timer.unref();
  }

  private async runProbe(timer: NodeJS.Timeout): Promise<void> {
    const up = await this.options.probe().catch(() => false);
    if (this.timer !== timer) return;
    this.timer = undefined;
    if (up) this.recovered();
    else this.scheduleProbe();
  }
}

/**
 * The error's own message, one line: never its stack (pg's and ioredis's messages carry no
 * credentials). An AggregateError of a refused connection to every address of a host has only
 * its code.
 */
function reason(error: unknown): string {
  const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown };
  const line = typeof message === 'string' ? message.split('\n')[0] : '';
  return line || (typeof code === 'string' ? code : String(error));
}
