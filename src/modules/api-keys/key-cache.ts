import { LRUCache } from 'lru-cache';
import type { AuthenticatedKeyRow } from './api-keys.repository';

export interface KeyCacheSettings {
  /** The longest an entry is used (a backstop; revocation drops it at once). 0: no cache. */
  maxAgeMs: number;
  /** Entries kept at most (least recently used go first). */
  maxEntries: number;
  /** Milliseconds, for the max age; `Date.now` unless a test sets it. */
  now?: () => number;
}

/** A generation: what `generation` said when a lookup began (see `store`). */
export type KeyCacheGeneration = number;

interface Entry {
  row: AuthenticatedKeyRow;
  storedAt: number;
}

/**
 * Resolved keys of this instance (key hash → the row the lookup returned), so that a request
 * with a key seen lately does not read PostgreSQL. Only found keys are kept, never an unknown
 * one; expiry is the caller's to check on every request (`expires_at` is in the row).
 *
 * It is used only while this instance hears about revocations (`KeyRevocationListener`, one
 * LISTEN connection): until `listening()` and after `notListening()` every `get` misses and
 * nothing is stored, so every request reads the database. `listening()` empties it first (the
 * notifications of the gap are lost). `revoked(keyId)` drops that key's entry.
 *
 * The race: a lookup that read the key before its revocation committed may answer after the
 * notification arrived. Every revocation and every clear moves the generation on, and `store`
 * keeps nothing read under an older generation than the current one.
 */
export class KeyCache {
  private readonly entries: LRUCache<string, Entry> | undefined;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private current: KeyCacheGeneration = 0;
  private heard = false;

  constructor(settings: KeyCacheSettings) {
    this.maxAgeMs = settings.maxAgeMs;
    this.now = settings.now ?? Date.now;
    this.entries =
      settings.maxAgeMs > 0 ? new LRUCache<string, Entry>({ max: settings.maxEntries }) : undefined;
  }

  /** Whether the cache is on at all (KEY_CACHE_SECONDS > 0): the listener connects only then. */
  get enabled(): boolean {
    return this.entries !== undefined;
  }

  /** Whether entries are used now (on, and revocations are heard). */
  get active(): boolean {
    return this.heard && this.entries !== undefined;
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }

  /** Take it before the lookup and hand it to `store` with the lookup's answer. */
  get generation(): KeyCacheGeneration {
    return this.current;
  }

  get(hash: string): AuthenticatedKeyRow | undefined {
    if (!this.heard || !this.entries) return undefined;
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (this.now() - entry.storedAt >= this.maxAgeMs) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.row;
  }

  /** Keeps a found key, unless revocations were not heard or something changed since `since`. */
  store(hash: string, row: AuthenticatedKeyRow, since: KeyCacheGeneration): void {
    if (!this.heard || !this.entries || since !== this.current) return;
    this.entries.set(hash, { row, storedAt: this.now() });
  }

  /** A key was revoked (a notification, or this instance's own revoke after its commit). */
  revoked(keyId: string): void {
    this.current++;
    if (!this.entries) return;
    for (const [hash, entry] of this.entries.entries()) {
      if (entry.row.id === keyId) this.entries.delete(hash);
    }
  }

  /** The listener is connected and LISTENing: start (again) from empty. */
  listening(): void {
    this.clear();
    this.heard = true;
  }

  /** The listener is not connected (lost, closing): bypass, and forget what is kept. */
  notListening(): void {
    this.heard = false;
    this.clear();
  }

  private clear(): void {
    this.current++;
    this.entries?.clear();
  }
}
