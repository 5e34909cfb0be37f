import { describe, expect, it } from 'vitest';
import { listFilter, parseTimestamp, resolveTiming } from '../../../src/domain/time-entries/time-entries.timing.js';

const s = (iso: string) => Date.parse(iso) / 1000;

describe('parseTimestamp', () => {
  it.each([
    ['2024-12-15T20:20:50Z', s('2024-12-15T20:20:50Z')],
    ['2024-12-15t20:20:50z', s('2024-12-15T20:20:50Z')],
    ['2024-12-15T20:20:50.999Z', s('2024-12-15T20:20:50Z')],
    ['2024-12-15T22:20:50+02:00', s('2024-12-15T20:20:50Z')],
    ['2024-12-15T22:20:50 02:00', s('2024-12-15T20:20:50Z')],
    ['2024-12-15T20:20:50', null],
    ['2024-12-15', null],
    ['2024-02-30T00:00:00Z', null],
    ['2024-12-15T25:00:00Z', null],
    ['2024-12-15T24:00:00Z', null],
    ['2024-12-15T20:60:00Z', null],
    ['2024-12-15T20:20:60Z', null],
    ['2024-12-15T20:20:50+24:00', null],
    ['2023-02-29T00:00:00Z', null],
    ['2024-02-29T00:00:00Z', s('2024-02-29T00:00:00Z')],
    ['2024-12-15T20:20:50.123456Z', s('2024-12-15T20:20:50Z')],
    ['2024-12-15T15:50:50-04:30', s('2024-12-15T20:20:50Z')],
  ])('%s → %s', (input, expected) => {
    expect(parseTimestamp(input)).toBe(expected);
  });
});

describe('resolveTiming', () => {
  const start = s('2024-06-01T09:00:00Z');
  const stopped = { start, stop: start + 600 };
  const running = { start, stop: null };

  it.each([
    ['new, duration', null, { start, duration: 60 }, { start, stop: start + 60, duration: 60 }],
    ['new, stop', null, { start, stop: start + 90 }, { start, stop: start + 90, duration: 90 }],
    ['new, running', null, { start, duration: -1 }, { start, stop: null, duration: 0 }],
    ['new, nothing', null, { start }, { start, stop: start, duration: 0 }],
    ['stopped, new start keeps stop', stopped, { start: start + 60 }, { start: start + 60, stop: start + 600, duration: 540 }],
    ['stopped, new duration moves stop', stopped, { duration: 60 }, { start, stop: start + 60, duration: 60 }],
    ['stopped, restart', stopped, { duration: -5 }, { start, stop: null, duration: 0 }],
    ['running, new start keeps running', running, { start: start - 60 }, { start: start - 60, stop: null, duration: 0 }],
    ['running, stop', running, { stop: start + 30 }, { start, stop: start + 30, duration: 30 }],
    ['start_date', null, { start, start_date: '2024-02-29', duration: 1 }, { start: s('2024-02-29T09:00:00Z'), stop: s('2024-02-29T09:00:01Z'), duration: 1 }],
  ] as const)('%s', (_name, current, change, expected) => {
    expect(resolveTiming(current, change)).toEqual(expected);
  });

  it.each([
    [null, {}, 'Start time is required'],
    [null, { start, stop: start + 10, duration: 5 }, 'stop and duration are inconsistent: start + duration must equal stop'],
    [null, { start, stop: start - 1 }, 'Stop time must be after start time'],
    [stopped, { start: start + 601 }, 'Stop time must be after start time'],
    [null, { start, duration: 999 * 3600 + 1 }, 'Max allowed duration per 1 time entry is 999 hours'],
  ] as const)('refuses %j %j', (current, change, message) => {
    expect(() => resolveTiming(current, change)).toThrow(message);
  });

  it('judges the length only when times change', () => {
    const long = { start, stop: start + 1000 * 3600 };
    expect(resolveTiming(long, {}).duration).toBe(1000 * 3600);
  });
});

describe('listFilter', () => {
  const now = s('2024-06-20T12:00:00Z');
  it('reads days in the time zone and instants as given', () => {
    expect(listFilter({ start_date: '2024-06-01', end_date: '2024-06-01' }, 'Europe/Tallinn', now)).toEqual({
      from: s('2024-05-31T21:00:00Z'),
      to: s('2024-06-01T21:00:00Z'),
      includeDeleted: false,
      limit: 1000,
    });
    expect(listFilter({ before: '2024-06-01T00:00:00Z' }, 'Nowhere/Invalid', now)).toMatchObject({ to: s('2024-06-01T00:00:00Z') });
    expect(listFilter({ since: 5 }, 'UTC', now)).toEqual({ since: 5, includeDeleted: true });
    expect(listFilter({}, 'UTC', now)).toMatchObject({ from: now - 9 * 86400, includeDeleted: false });
  });
});
