import { describe, expect, it } from 'vitest';
import { formatDuration, formatDurationAs, parseDuration } from './duration';

describe('parseDuration', () => {
  it('reads every usual way of writing an hour and a half as 90 minutes', () => {
    for (const text of ['1h30', '1h30m', '1h 30m', '1 h 30', '90m', '90 min', '90 minutes', '90', '1:30', '1.5', '1,5', '1.5h', ' 1H30M ']) {
      expect(parseDuration(text), text).toBe(90 * 60);
    }
  });

  it('reads hours, minutes and seconds', () => {
    expect(parseDuration('2h')).toBe(7200);
    expect(parseDuration('45s')).toBe(45);
    expect(parseDuration('1h30m15s')).toBe(5415);
    expect(parseDuration('1:30:15')).toBe(5415);
    expect(parseDuration('0:05')).toBe(300);
    expect(parseDuration('.25')).toBe(900);
    expect(parseDuration('10m30')).toBe(630);
    expect(parseDuration('26:00')).toBe(26 * 3600);
  });

  it('refuses what it cannot read rather than guessing', () => {
    for (const text of ['', '  ', 'abc', '1h30x', '1:75', '30m1h', '1h2h', '1 30', 'h', '1:2:3:4', '-1h']) {
      expect(parseDuration(text), text).toBeNull();
    }
  });
});

describe('formatDuration', () => {
  it('is h:mm:ss with unbounded hours', () => {
    expect(formatDuration(0)).toBe('0:00:00');
    expect(formatDuration(59)).toBe('0:00:59');
    expect(formatDuration(5400)).toBe('1:30:00');
    expect(formatDuration(26 * 3600 + 3 * 60 + 9)).toBe('26:03:09');
    expect(formatDuration(-5)).toBe('0:00:00');
    expect(formatDuration(61.9)).toBe('0:01:01');
  });

  it('follows the decimal duration format', () => {
    expect(formatDurationAs(5400, 'decimal')).toBe('1.50 h');
    expect(formatDurationAs(5400, 'improved')).toBe('1:30:00');
  });

  it('round-trips what it writes', () => {
    for (const s of [0, 59, 3600, 5415, 100_000]) expect(parseDuration(formatDuration(s))).toBe(s);
  });
});
