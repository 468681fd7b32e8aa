import { LRUCache } from 'lru-cache';
import type { RateLimitDecision, WindowUsage } from '../rate-limit';

/** Entries kept at most: a guesser with many addresses cannot grow these without bound. */
const MAX_ENTRIES = 10_000;
/** How long a key that authenticated here still passes a refused address's door. */
const KNOWN_KEY_MS = 10 * 60_000;
/** `wbk_` and the first 8 random characters: what the API shows of a key (its `prefix`). */
const PREFIX = /^Bearer +(wbk_[0-9A-Za-z]{8})/i;

/**
 * Client addresses whose budget of failed key attempts is spent, until that window resets. Their
 * requests are refused before the key is hashed and looked up, so a guess past the budget costs
 * the service almost nothing — except a key this instance has seen authenticate lately (known by
 * its display prefix, 47 random bits that a guess does not hit): a colleague behind the same
 * address keeps working while a broken script or a guesser is refused. Kept per instance: each
 * instance learns of a spent budget from its own first refusal.
 */
export class RefusedAddresses {
  private readonly refused = new LRUCache<string, WindowUsage>({ max: MAX_ENTRIES });
  private readonly knownKeys = new LRUCache<string, true>({ max: MAX_ENTRIES, ttl: KNOWN_KEY_MS });

  /** Remembers a refusal (a decision that did not allow the request) until its window resets. */
  remember(address: string, decision: RateLimitDecision): void {
    const usage = decision.binding;
    if (decision.allowed || !usage) return;
    const ttl = usage.reset * 1000 - Date.now();
    if (ttl > 0) this.refused.set(address, { ...usage, remaining: 0 }, { ttl });
  }

  /** A key that has just authenticated, by its display prefix. */
  keyAuthenticated(prefix: string): void {
    this.knownKeys.set(prefix, true);
  }

  /**
   * The refusal in force for this address, as a decision for `enforce`; undefined when there is
   * none, or when the request carries a key seen authenticating lately (it is then looked up).
   */
  refusal(address: string, authorization: string | undefined): RateLimitDecision | undefined {
    const usage = this.refused.get(address);
    if (!usage) return undefined;
    const prefix = PREFIX.exec(authorization ?? '')?.[1];
    if (prefix && this.knownKeys.has(prefix)) return undefined;
    return { allowed: false, usage: [usage], binding: usage };
  }
}
