import { LRUCache } from 'lru-cache';
import { ProspectDto } from '../dto/prospect.dto';

interface Kept {
  /** The data version (`prospect_data_version`) the prospect was read at. */
  version: string;
  prospect: ProspectDto;
}

/**
 * Prospects as the search returns them, kept by id with the data version they were read at,
 * within a memory budget; the least recently used go first. A page whose prospects are all kept at
 * the version of its match list then costs the version check alone, not a read and parse of its
 * rows. A budget of 0 keeps nothing.
 */
export class ProspectCache {
  private readonly kept: LRUCache<string, Kept> | undefined;

  constructor(budgetBytes: number) {
    this.kept =
      budgetBytes > 0
        ? new LRUCache<string, Kept>({ maxSize: budgetBytes, sizeCalculation: approximateSize })
        : undefined;
  }

  /** The prospect of `id` as read at `version`, if kept. */
  get(id: string, version: string): ProspectDto | undefined {
    const kept = this.kept?.get(id);
    return kept?.version === version ? kept.prospect : undefined;
  }

  /**
   * Keeps `prospects`, read at `version`, unless a later read of one is kept already (reads can
   * finish out of order). They are frozen: every later response shares them.
   */
  keep(version: string, prospects: ProspectDto[]): void {
    if (!this.kept) return;
    const read = BigInt(version);
    for (const prospect of prospects) {
      const kept = this.kept.peek(prospect.id);
      if (kept && BigInt(kept.version) > read) continue;
      this.kept.set(prospect.id, { version, prospect: Object.freeze(prospect) });
    }
  }
}

/** Bytes of memory a kept prospect takes, roughly: its strings (2 bytes a character) and objects. */
function approximateSize({ prospect }: Kept, id: string): number {
  let characters = id.length;
  for (const value of Object.values(prospect)) {
    if (typeof value === 'string') characters += value.length;
  }
  return characters * 2 + 400;
}
