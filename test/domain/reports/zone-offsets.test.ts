// The report formatters cache UTC offsets per day (per quarter hour on days the offset changes)
// and build wall-clock text by hand; they must agree with the time-zone database to the second.
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatInZone, localWallClock, zoneOffset } from '../../../src/domain/reports/report-range.js';
import { prng } from '../../helpers/report-data.js';

const s = (iso: string) => Date.parse(iso) / 1000;

/** What luxon (the time-zone database through Intl) says, without any cache. */
function expected(zone: string, epochSeconds: number) {
  const offset = IANAZone.create(zone).offset(epochSeconds * 1000) * 60;
  return { offset, wall: new Date((epochSeconds + offset) * 1000).toISOString().slice(0, 19) };
}

describe('zone offsets and wall-clock times', () => {
  // Whole-hour DST, southern-hemisphere DST, a 30-minute DST shift, quarter-hour offsets.
  const zones = ['Europe/Berlin', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'UTC'];

  it.each(zones)('%s: around every change of 2024 and 2025, to the second', (zone) => {
    const z = IANAZone.create(zone);
    const instants: number[] = [];
    for (let t = s('2024-01-01T00:00:00Z'); t < s('2026-01-01T00:00:00Z'); t += 3600) {
      if (z.offset(t * 1000) === z.offset((t + 3600) * 1000)) continue;
      // A change within this hour: every second of it, and the UTC midnights around it.
      for (let u = t; u <= t + 3600; u++) instants.push(u);
      const midnight = Math.floor(t / 86400) * 86400;
      instants.push(midnight - 1, midnight, midnight + 86400 - 1, midnight + 86400);
    }
    for (const t of instants) {
      const want = expected(zone, t);
      expect(zoneOffset(zone, t)).toBe(want.offset);
      expect(localWallClock(t, zone)).toBe(want.wall);
    }
  });

  it.each(zones)('%s: at random instants from 1960 to 2040', (zone) => {
    const random = prng(7);
    for (let i = 0; i < 5000; i++) {
      const t = s('1960-01-01T00:00:00Z') + Math.floor(random() * 80 * 365 * 86400);
      const want = expected(zone, t);
      expect(zoneOffset(zone, t)).toBe(want.offset);
      expect(localWallClock(t, zone)).toBe(want.wall);
    }
  });

  it('formats with the offset in force', () => {
    expect(formatInZone(s('2025-03-30T00:59:59Z'), 'Europe/Berlin')).toBe('2025-03-30T01:59:59+01:00');
    expect(formatInZone(s('2025-03-30T01:00:00Z'), 'Europe/Berlin')).toBe('2025-03-30T03:00:00+02:00');
    expect(formatInZone(s('2025-06-01T12:00:00Z'), 'Asia/Kathmandu')).toBe('2025-06-01T17:45:00+05:45');
    expect(formatInZone(s('1969-12-31T23:59:59Z'), 'UTC')).toBe('1969-12-31T23:59:59+00:00');
  });

  it('treats an unknown zone as UTC', () => {
    expect(zoneOffset('Not/AZone', s('2025-07-01T00:00:00Z'))).toBe(0);
    expect(localWallClock(s('2025-07-01T10:20:30Z'), 'Not/AZone')).toBe('2025-07-01T10:20:30');
  });
});
