import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type Redis from 'ioredis';
import { RedisCircuit } from './redis-circuit';

/** What the circuit uses of an ioredis client: its events and PING. */
class FakeRedis extends EventEmitter {
  answering = true;
  pings = 0;

  ping(): Promise<string> {
    this.pings += 1;
    return this.answering
      ? Promise.resolve('PONG')
      : Promise.reject(new Error('Command timed out'));
  }
}

describe('RedisCircuit', () => {
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;
  beforeEach(() => {
    jest.useFakeTimers();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('opens on the first failure, probes once a second, closes when Redis answers; one line each way', async () => {
    const redis = new FakeRedis();
    const circuit = new RedisCircuit(redis as unknown as Redis);
    expect(circuit.usable).toBe(true);

    redis.answering = false;
    circuit.failed(new Error('connect ECONNREFUSED 127.0.0.1:6390'));
    redis.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6390'));
    expect(circuit.usable).toBe(false);
    expect(await circuit.check()).toBe(false);
    await jest.advanceTimersByTimeAsync(3_000);
    expect(redis.pings).toBe(1 + 3); // readiness' check, then one probe a second, never two at once

    redis.answering = true;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(circuit.usable).toBe(true);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(redis.pings).toBe(5); // no probing while Redis answers
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/unreachable \(connect ECONNREFUSED.*per instance/);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toMatch(/^Redis is back \(unreachable for 4\.0 s\)/);
    circuit.onApplicationShutdown();
  });

  it('is never usable without Redis', async () => {
    const circuit = new RedisCircuit(null);
    expect(circuit.configured).toBe(false);
    expect(circuit.usable).toBe(false);
    expect(await circuit.check()).toBe(false);
  });
});
