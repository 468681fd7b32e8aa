import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Principal } from '../auth';
import { currentWindow, WindowName } from './rate-limit-windows';

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
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A workspace's plan budget: the minute window first, so a refused burst does not spend the day. */
  async consumeWorkspace(principal: Principal): Promise<RateLimitDecision> {
    if (principal.rateLimitTier === 'unmetered') return UNLIMITED;
    const limits = this.config.planLimits[principal.workspace.plan];
    const budgets: [WindowName, number | null][] = [
      ['minute', limits.perMinute],
      ['day', limits.perDay],
    ];
    const usage: WindowUsage[] = [];
    for (const [window, limit] of budgets) {
      if (limit === null) continue;
      const counted = await this.count(`ws:${principal.workspace.id}`, window, limit);
      usage.push(counted);
      if (counted.used > limit) return { allowed: false, usage, binding: counted };
    }
    return { allowed: true, usage, binding: closestToRunningOut(usage) };
  }

  /** Requests without a valid key, per client address. */
  async consumeAnonymous(address: string): Promise<RateLimitDecision> {
    const counted = await this.count(`ip:${address}`, 'minute', this.config.anonymousPerMinute);
    return { allowed: counted.used <= counted.limit, usage: [counted], binding: counted };
  }

  private async count(subject: string, name: WindowName, limit: number): Promise<WindowUsage> {
    const now = Date.now();
    const window = currentWindow(name, now);
    // The window start is part of the key, so counters reset exactly at the boundary.
    const record = await this.storage.increment(
      `rl:${subject}:${window.start}`,
      window.end - now,
      limit,
      window.end - now,
      name,
    );
    return {
      window: name,
      limit,
      used: record.totalHits,
      remaining: Math.max(0, limit - record.totalHits),
      reset: Math.ceil(window.end / 1000),
    };
  }
}

/** The window with the fewest requests left (the sooner reset on a tie). */
function closestToRunningOut(usage: WindowUsage[]): WindowUsage | undefined {
  return usage.reduce<WindowUsage | undefined>(
    (tightest, u) => (!tightest || u.remaining < tightest.remaining ? u : tightest),
    undefined,
  );
}
