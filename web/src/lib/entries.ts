import type { TimeEntry } from '../api/types';
import { dayOf } from './week';

/** Seconds an entry has lasted at `nowMs`: its duration, or for a running one, since its start. */
export function elapsed(entry: Pick<TimeEntry, 'start' | 'stop' | 'duration'>, nowMs: number): number {
  if (entry.stop !== null && entry.duration >= 0) return entry.duration;
  return Math.max(0, Math.floor((nowMs - Date.parse(entry.start)) / 1000));
}

export interface Day {
  day: string;
  entries: TimeEntry[];
  total: number;
}

/** Entries grouped by the user's day of their start, newest day and newest entry first. */
export function groupByDay(entries: TimeEntry[], zone: string, nowMs: number): Day[] {
  const days = new Map<string, TimeEntry[]>();
  for (const e of entries) {
    const d = dayOf(e.start, zone);
    const list = days.get(d) ?? [];
    list.push(e);
    days.set(d, list);
  }
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0))
    .map(([day, list]) => {
      list.sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
      return { day, entries: list, total: list.reduce((sum, e) => sum + elapsed(e, nowMs), 0) };
    });
}
