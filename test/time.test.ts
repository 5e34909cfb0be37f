import { describe, expect, it } from 'vitest';
import { formatDay, formatMicros, formatSeconds } from '../src/time.js';

describe('wire timestamp formats', () => {
  it('agree with Date#toISOString across eras, leap days and second boundaries', () => {
    const samples = [0, 1, 999, 1000, -1, -1001, 951_782_400_000, 1_709_164_800_123, 4_102_444_799_999, 1_734_294_050_283, -86_400_000 * 365 * 20 + 17];
    for (let i = 0; i < 2000; i++) samples.push(Math.floor((Math.random() - 0.3) * 4_000_000_000_000));
    // Runs within a day and across midnight, as an entry list formats them.
    for (let ms = 1_709_164_800_000 - 7_200_000; ms < 1_709_164_800_000 + 7_200_000; ms += 61_017) samples.push(ms);
    for (const ms of samples) {
      const iso = new Date(ms).toISOString();
      expect(formatSeconds(ms), String(ms)).toBe(iso.slice(0, 19) + '+00:00');
      expect(formatMicros(ms), String(ms)).toBe(iso.slice(0, 23) + '000Z');
      expect(formatDay(ms), String(ms)).toBe(iso.slice(0, 10) + 'T00:00:00Z');
    }
  });

  it('matches the shapes recorded from Toggl', () => {
    expect(formatSeconds(Date.UTC(2024, 11, 15, 20, 20, 50))).toBe('2024-12-15T20:20:50+00:00');
    expect(formatMicros(Date.UTC(2024, 11, 15, 20, 20, 50, 283))).toBe('2024-12-15T20:20:50.283000Z');
    expect(formatDay(Date.UTC(2024, 11, 15, 20, 20, 50))).toBe('2024-12-15T00:00:00Z');
  });
});
