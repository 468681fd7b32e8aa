import { currentWindow } from './rate-limit-windows';

describe('currentWindow', () => {
  it('aligns the day window to 00:00 UTC', () => {
    const now = Date.parse('2026-11-26T23:59:59.500Z');
    const day = currentWindow('day', now);
    expect(new Date(day.start).toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(new Date(day.end).toISOString()).toBe('2026-11-27T00:00:00.000Z');
    expect(currentWindow('day', day.end).start).toBe(day.end);
  });

  it('aligns the minute window to the clock minute', () => {
    const minute = currentWindow('minute', Date.parse('2026-11-26T10:15:42.123Z'));
    expect(new Date(minute.start).toISOString()).toBe('2026-11-26T10:15:00.000Z');
    expect(minute.end - minute.start).toBe(60_000);
  });
});
