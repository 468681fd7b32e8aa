import { Injectable } from '@nestjs/common';
import { ProspectWriter } from '../prospect-writer';
import { generateProspects, SeedProspect } from './prospect-seed';

/** Rows per INSERT: large enough that 1,000,000 rows load in about a minute. */
export const SEED_BATCH_SIZE = 5_000;

export interface SeedSummary {
  seed: string;
  requested: number;
  inserted: number;
  /** Already present (same seed run before): left as they are. */
  skipped: number;
  seconds: number;
}

@Injectable()
export class ProspectSeedService {
  constructor(private readonly writer: ProspectWriter) {}

  /** Loads `count` synthetic prospects; the same seed loads the same people, never twice. */
  async seed(
    options: { count: number; seed?: string },
    onProgress: (done: number) => void = () => {},
  ): Promise<SeedSummary> {
    const started = Date.now();
    const seed = options.seed ?? '1';
    let inserted = 0;
    let done = 0;
    let batch: SeedProspect[] = [];
    for (const prospect of generateProspects({ count: options.count, seed })) {
      batch.push(prospect);
      if (batch.length === SEED_BATCH_SIZE) {
        inserted += await this.writer.insertNew(batch);
        done += batch.length;
        batch = [];
        onProgress(done);
      }
    }
    if (batch.length) inserted += await this.writer.insertNew(batch);
    onProgress(options.count);
    await this.writer.refreshStatistics();
    return {
      seed,
      requested: options.count,
      inserted,
      skipped: options.count - inserted,
      seconds: (Date.now() - started) / 1000,
    };
  }
}
