import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Principal } from '../auth';
import { currentWindow, WindowName } from './rate-limit-windows';
import { WindowStorage } from './window-storage';

export interface WindowUsage {
  window: WindowName;
  limit: number;
  used: number;
  remaining: number;
  /** Unix seconds when the window resets. */
  reset: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** Every window counted for this request; empty when the caller is not limited. */
  usage: WindowUsage[];
  /** The window closest to running out (or the one that refused), for the headers. */
  binding?: WindowUsage;
}

const UNLIMITED: RateLimitDecision = { allowed: true, usage: [] };

/**
 * Counts requests in fixed windows through @nestjs/throttler's storage (Redis when configured,
 * so every instance shares one budget; this instance's memory while Redis is unreachable, see
 * RedisOrMemoryStorage). Every metered request is counted: limits and headers never lapse.
 */
@Injectable()
export class RateLimiterService {
  constructor(
    @Inject(ThrottlerStorage) private readonly storage: WindowStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A workspace's plan budget: the minute window first, so a refused burst does not spend the day. */
  async consumeWorkspace(principal: Principal): Promise<RateLimitDecision> {
    if (principal.rateLimitTier === 'unmetered') return UNLIMITED;
    const limits = this.config.planLimits[principal.workspace.plan];
    const now = Date.now();
    const budgets = (
      [
        ['minute', limits.perMinute],
        ['day', limits.perDay],
      ] as const
    )
      .filter((budget): budget is [WindowName, number] => budget[1] !== null)
      .map(([name, limit]) => ({ name, limit, window: currentWindow(name, now) }));
    if (budgets.length === 0) return UNLIMITED;
    // Every window in one call (one Redis round trip), which stops at the first one refused.
    const hits = await this.storage.incrementInOrder(
      budgets.map(({ name, limit, window }) => ({
        key: windowKey(`ws:${principal.workspace.id}`, window.start),
        name,
        ttlMs: window.end - now,
        limit,
      })),
    );
    const usage = hits.map((used, i) =>
      windowUsage(budgets[i].name, budgets[i].limit, used, budgets[i].window.end),
    );
    const refused = usage.find((u) => u.used > u.limit);
    if (refused) return { allowed: false, usage, binding: refused };
    return { allowed: true, usage, binding: closestToRunningOut(usage) };
  }

  /** Requests without a valid key, per client address. */
  async consumeAnonymous(address: string): Promise<RateLimitDecision> {
    const limit = this.config.anonymousPerMinute;
    const now = Date.now();
    const window = currentWindow('minute', now);
    const record = await this.storage.increment(
      windowKey(`ip:${address}`, window.start),
      window.end - now,
      limit,
      window.end - now,
      'minute',
    );
    const counted = windowUsage('minute', limit, record.totalHits, window.end);
    return { allowed: counted.used <= counted.limit, usage: [counted], binding: counted };
  }
}

/** The window start is part of the key, so counters reset exactly at the boundary. */
function windowKey(subject: string, windowStart: number): string {
  return `rl:${subject}:${windowStart}`;
}

function windowUsage(window: WindowName, limit: number, used: number, end: number): WindowUsage {
  return {
    window,
    limit,
    used,
    remaining: Math.max(0, limit - used),
    reset: Math.ceil(end / 1000),
  };
}

/** The window with the fewest requests left (the sooner reset on a tie). */
function closestToRunningOut(usage: WindowUsage[]): WindowUsage | undefined {
  return usage.reduce<WindowUsage | undefined>(
    (tightest, u) => (!tightest || u.remaining < tightest.remaining ? u : tightest),
    undefined,
  );
}
