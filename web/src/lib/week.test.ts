import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dayOf, formatDate, formatTime, luxonPattern, today, weekOf } from './week';

const at = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();

describe('weekOf', () => {
  it('starts on the user\'s beginning_of_week, at midnight in their zone', () => {
    // Wednesday 2025-03-12, 10:00 UTC.
    const monday = weekOf(at('2025-03-12T10:00:00Z'), 'Europe/Tallinn', 1);
    expect(monday.start.toISO()).toBe('2025-03-10T00:00:00.000+02:00');
    expect(monday.days).toEqual(['2025-03-10', '2025-03-11', '2025-03-12', '2025-03-13', '2025-03-14', '2025-03-15', '2025-03-16']);
    const sunday = weekOf(at('2025-03-12T10:00:00Z'), 'America/New_York', 0);
    // The US moved its clocks at 02:00 that Sunday: its midnight was still EST.
    expect(sunday.start.toISO()).toBe('2025-03-09T00:00:00.000-05:00');
    const saturday = weekOf(at('2025-03-12T10:00:00Z'), 'UTC', 6);
    expect(saturday.days[0]).toBe('2025-03-08');
  });

  it('puts the first day of the week in the week that starts on it', () => {
    expect(weekOf(at('2025-03-10T00:00:00+02:00'), 'Europe/Tallinn', 1).days[0]).toBe('2025-03-10');
    expect(weekOf(at('2025-03-09T23:59:59+02:00'), 'Europe/Tallinn', 1).days[0]).toBe('2025-03-03');
  });

  it('uses the user\'s zone, not UTC, to tell which day an instant falls on', () => {
    // Sunday 23:30 in New York is already Monday in UTC.
    const instant = at('2025-03-17T03:30:00Z');
    expect(weekOf(instant, 'America/New_York', 1).days[0]).toBe('2025-03-10');
    expect(weekOf(instant, 'UTC', 1).days[0]).toBe('2025-03-17');
    // And east of UTC: Monday 01:00 in Auckland is Sunday in UTC.
    expect(weekOf(at('2025-03-16T12:00:00Z'), 'Pacific/Auckland', 1).days[0]).toBe('2025-03-17');
  });

  it('spans seven calendar days across a DST change, ending at midnight', () => {
    // Europe moves clocks forward on Sunday 2025-03-30: that week is 167 hours long.
    const spring = weekOf(at('2025-03-26T12:00:00Z'), 'Europe/Berlin', 1);
    expect(spring.start.toISO()).toBe('2025-03-24T00:00:00.000+01:00');
    expect(spring.end.toISO()).toBe('2025-03-31T00:00:00.000+02:00');
    expect(spring.end.diff(spring.start, 'hours').hours).toBe(167);
    // ... and back on Sunday 2025-10-26: 169 hours.
    const autumn = weekOf(at('2025-10-22T12:00:00Z'), 'Europe/Berlin', 1);
    expect(autumn.end.toISO()).toBe('2025-10-27T00:00:00.000+01:00');
    expect(autumn.end.diff(autumn.start, 'hours').hours).toBe(169);
    // The US changes on a Sunday too, which is the first day of a Sunday week.
    const us = weekOf(at('2025-03-09T12:00:00Z'), 'America/New_York', 0);
    expect(us.start.toISO()).toBe('2025-03-09T00:00:00.000-05:00');
    expect(us.end.toISO()).toBe('2025-03-16T00:00:00.000-04:00');
  });

  it('falls back to UTC for a zone it does not know', () => {
    expect(weekOf(at('2025-03-12T10:00:00Z'), 'Nowhere/Special', 1).start.toISO()).toBe('2025-03-10T00:00:00.000Z');
  });
});

describe('days and formats', () => {
  it('tells the user\'s day of an instant', () => {
    expect(dayOf('2025-03-17T03:30:00Z', 'America/New_York')).toBe('2025-03-16');
    expect(dayOf('2025-03-17T03:30:00Z', 'Asia/Tokyo')).toBe('2025-03-17');
    expect(today('Pacific/Kiritimati', at('2025-03-16T11:00:00Z'))).toBe('2025-03-17');
  });

  it('turns Toggl\'s moment patterns into luxon\'s', () => {
    expect(luxonPattern('MM/DD/YYYY')).toBe('MM/dd/yyyy');
    expect(luxonPattern('DD.MM.YYYY')).toBe('dd.MM.yyyy');
    expect(luxonPattern('h:mm A')).toBe('h:mm a');
    expect(formatDate('2025-03-07', 'DD-MM-YYYY')).toBe('07-03-2025');
    expect(formatDate('2025-03-07', 'MM/DD/YYYY')).toBe('03/07/2025');
    expect(formatTime('2025-03-07T13:05:00Z', 'Europe/Tallinn', 'H:mm')).toBe('15:05');
    expect(formatTime('2025-03-07T13:05:00Z', 'UTC', 'h:mm A')).toBe('1:05 PM');
  });
});
