import { Injectable } from '@nestjs/common';
import { RedisCircuit } from '../../common/rate-limit';
import { DependencyResult } from './readiness';

/**
 * Redis for readiness: `up`, or `degraded` while it does not answer — never `down`, since the
 * instance serves everything without it (rate limits are then counted per instance).
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(private readonly circuit: RedisCircuit) {}

  get configured(): boolean {
    return this.circuit.configured;
  }

  async check(key: string): Promise<DependencyResult> {
    if (await this.circuit.check()) return { [key]: { status: 'up' } };
    return {
      [key]: {
        status: 'degraded',
        message: 'Redis does not answer: rate limits are counted per instance until it returns.',
      },
    };
  }
}
