import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseAvailability } from './database-availability';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('DatabaseAvailability', () => {
  let query: jest.Mock;
  let availability: DatabaseAvailability;
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    query = jest.fn();
    // Only the probe's `SELECT 1` is asked of the data source.
    availability = new DatabaseAvailability({ query } as unknown as DataSource);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation();
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation();
  });

  afterEach(() => {
    availability.onApplicationShutdown();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('warns once for many concurrent failures, and says once when the database is back', async () => {
    query.mockRejectedValue(refused());
    for (let i = 0; i < 50; i++) availability.noteFailure(refused());
    expect(availability.available).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/^PostgreSQL is unavailable \(connect ECONNREFUSED/);
    expect(warn.mock.calls[0][0]).not.toMatch(/\n\s+at /); // no stack

    await jest.advanceTimersByTimeAsync(3_000); // probes fail: still down, still quiet
    expect(query).toHaveBeenCalled();
    expect(availability.available).toBe(false);
    expect(log).not.toHaveBeenCalled();

    query.mockResolvedValue([{ '?column?': 1 }]);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(availability.available).toBe(true);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toMatch(/^PostgreSQL is back \(unavailable for \d+\.\d s\)$/);

    // Back for good: no more probes; the next outage is a new warning.
    const probes = query.mock.calls.length;
    await jest.advanceTimersByTimeAsync(5_000);
    expect(query.mock.calls.length).toBe(probes);
    availability.noteFailure(refused());
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('ignores errors that are not the database going away', async () => {
    availability.noteFailure(new Error('duplicate key value violates unique constraint'));
    availability.noteFailure(
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
    );
    await jest.advanceTimersByTimeAsync(2_000);
    expect(availability.available).toBe(true);
    expect(warn).not.toHaveBeenCalled();
    expect(query).not.toHaveBeenCalled();
  });

  it('stops probing at shutdown, and says nothing of the pool closing', async () => {
    query.mockRejectedValue(refused());
    availability.noteFailure(refused());
    availability.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(query).not.toHaveBeenCalled();
    availability.noteFailure(new Error('Cannot use a pool after calling end on the pool'));
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
