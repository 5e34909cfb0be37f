import { DateTime } from 'luxon';

/*
 * FullCalendar reads named time zones only through a plugin (@fullcalendar/luxon3), which is not
 * bundled. So the calendar runs in UTC and is handed "wall-clock" instants: the user's local time
 * in their zone written as if it were UTC. What it shows at 09:00 is 09:00 in the user's zone,
 * whatever the browser's zone, and the round trip back through luxon gives the real instant, so a
 * day with a clock change still gets the real elapsed time.
 */

const zoneOrUtc = (zone: string): string => (DateTime.local().setZone(zone).isValid ? zone : 'UTC');

/** A real instant (ISO or ms) as the calendar's wall-clock ISO string (no offset, UTC-based). */
export function toWall(at: string | number, zone: string): string {
  const dt = typeof at === 'number' ? DateTime.fromMillis(at) : DateTime.fromISO(at);
  return dt.setZone(zoneOrUtc(zone)).setZone('UTC', { keepLocalTime: true }).toISO({ includeOffset: false, suppressMilliseconds: true })!;
}

/** A wall-clock Date from the calendar back to the real instant, as v9's RFC 3339 UTC string. */
export function fromWall(date: Date, zone: string): string {
  return DateTime.fromJSDate(date, { zone: 'UTC' })
    .setZone(zoneOrUtc(zone), { keepLocalTime: true })
    .toUTC()
    .toISO({ suppressMilliseconds: true })!;
}

/** Toggl's timeofday_format says 12-hour clock when it has an `h` or an AM/PM marker. */
export const is12Hour = (momentFormat: string | undefined): boolean => !!momentFormat && /h|A|a/.test(momentFormat.replace(/H/g, ''));
