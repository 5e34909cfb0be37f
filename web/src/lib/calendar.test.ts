import { describe, expect, it } from 'vitest';
import { fromWall, is12Hour, toWall } from './calendar';

describe('calendar wall-clock times', () => {
  it('shows an instant at the user\'s local time, whatever the browser\'s zone', () => {
    expect(toWall('2026-03-02T08:00:00Z', 'Europe/Berlin')).toBe('2026-03-02T09:00:00');
    expect(toWall('2026-03-02T08:00:00Z', 'America/New_York')).toBe('2026-03-02T03:00:00');
    expect(fromWall(new Date('2026-03-02T09:00:00Z'), 'Europe/Berlin')).toBe('2026-03-02T08:00:00Z');
  });

  it('round-trips across the spring clock change, keeping real durations', () => {
    // Berlin, 29 March 2026: 02:00 becomes 03:00.
    const start = fromWall(new Date('2026-03-29T01:00:00Z'), 'Europe/Berlin');
    const stop = fromWall(new Date('2026-03-29T04:00:00Z'), 'Europe/Berlin');
    expect(start).toBe('2026-03-29T00:00:00Z');
    expect(stop).toBe('2026-03-29T02:00:00Z');
    expect((Date.parse(stop) - Date.parse(start)) / 3600_000).toBe(2);
    expect(toWall(stop, 'Europe/Berlin')).toBe('2026-03-29T04:00:00');
  });

  it('round-trips across the autumn clock change', () => {
    // Berlin, 25 October 2026: 03:00 becomes 02:00; 00:00 to 05:00 on the wall lasts six hours.
    const start = fromWall(new Date('2026-10-25T00:00:00Z'), 'Europe/Berlin');
    const stop = fromWall(new Date('2026-10-25T05:00:00Z'), 'Europe/Berlin');
    expect((Date.parse(stop) - Date.parse(start)) / 3600_000).toBe(6);
  });

  it('reads the 12-hour clock from Toggl\'s time format', () => {
    expect(is12Hour('h:mm A')).toBe(true);
    expect(is12Hour('H:mm')).toBe(false);
    expect(is12Hour(undefined)).toBe(false);
  });
});
