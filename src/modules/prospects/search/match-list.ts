import { LRUCache } from 'lru-cache';
import { PageTotal } from '../../../common/http';

/** A prospect id (a UUID) takes 16 bytes in a match list. */
const ID_BYTES = 16;

/** Packed ids (16 bytes each, as `decode(..., 'hex')` gives them) as UUID strings, `start` to `end`. */
export function unpackIds(packed: Buffer, start = 0, end = packed.length / ID_BYTES): string[] {
  const ids: string[] = [];
  for (let at = start * ID_BYTES; at < Math.min(end * ID_BYTES, packed.length); at += ID_BYTES) {
    const hex = packed.toString('hex', at, at + ID_BYTES);
    ids.push(
      `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    );
  }
  return ids;
}

/**
 * The matches of one filter set as of one data version (`prospect_data_version`): the total
 * (exact, or a lower bound past EXACT_TOTAL_LIMIT), and the ids of the first results in search order (by id), packed 16 bytes each so that
 * 10,000 of them take 160 kB.
 */
export class MatchList {
  constructor(
    readonly version: string,
    readonly total: PageTotal,
    private readonly ids: Buffer,
  ) {}

  get size(): number {
    return this.ids.length;
  }

  /** Whether the ids of the results before `end` are all here. */
  covers(end: number): boolean {
    const known = this.ids.length / ID_BYTES;
    return end <= known || (this.total.relation === 'eq' && known === this.total.total);
  }

  /** Whether this list should replace `other`: read at a later version, or as late and deeper. */
  supersedes(other: MatchList): boolean {
    const mine = BigInt(this.version);
    const theirs = BigInt(other.version);
    return mine > theirs || (mine === theirs && this.ids.length >= other.ids.length);
  }

  /** The ids of results `start` to `end` (exclusive), as UUID strings. */
  slice(start: number, end: number): string[] {
    return unpackIds(this.ids, start, end);
  }
}

/**
 * Match lists kept per filter set, within a memory budget; the least recently used go first.
 * Concurrent reads of the same list share one. A budget of 0 keeps and shares nothing: every
 * search reads its own list.
 */
export class MatchListCache {
  private readonly lists: LRUCache<string, MatchList> | undefined;
  private readonly reading = new Map<string, Promise<MatchList>>();

  constructor(budgetBytes: number) {
    this.lists =
      budgetBytes > 0
        ? new LRUCache<string, MatchList>({
            maxSize: budgetBytes,
            // The key and the object's own overhead count too: a small list is not free.
            sizeCalculation: (list, key) => list.size + key.length * 2 + 200,
          })
        : undefined;
  }

  get(filters: string): MatchList | undefined {
    return this.lists?.get(filters);
  }

  /**
   * Reads the list of `filters` down to `depth` with `read` (or joins a read under way), and keeps
   * it unless a newer or deeper list has been kept meanwhile.
   */
  read(filters: string, depth: number, read: () => Promise<MatchList>): Promise<MatchList> {
    const lists = this.lists;
    if (!lists) return read();
    const key = `${depth} ${filters}`;
    let reading = this.reading.get(key);
    if (!reading) {
      reading = read()
        .then((list) => {
          const kept = lists.peek(filters);
          if (!kept || list.supersedes(kept)) lists.set(filters, list);
          return list;
        })
        .finally(() => this.reading.delete(key));
      this.reading.set(key, reading);
    }
    return reading;
  }

  /** Forgets `list` unless a newer list has replaced it meanwhile. */
  forget(filters: string, list: MatchList): void {
    if (this.lists?.peek(filters) === list) this.lists.delete(filters);
  }
}
