import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, chartResolution, effectiveSubGrouping, filterBody, fromSearch, presetRange, rangeOf, savedParams, toSearch, type ReportFilters } from './filters';

const at = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();

describe('presetRange', () => {
  it('counts today in the user\'s zone, not UTC', () => {
    // 03:30 UTC on Monday is still Sunday evening in New York.
    const now = at('2025-03-17T03:30:00Z');
    expect(presetRange('today', now, 'America/New_York', 1)).toEqual({ start: '2025-03-16', end: '2025-03-16' });
    expect(presetRange('today', now, 'Asia/Tokyo', 1)).toEqual({ start: '2025-03-17', end: '2025-03-17' });
    expect(presetRange('yesterday', now, 'Asia/Tokyo', 1)).toEqual({ start: '2025-03-16', end: '2025-03-16' });
  });

  it('starts weeks on the user\'s beginning_of_week', () => {
    const wed = at('2025-03-12T10:00:00Z');
    expect(presetRange('thisWeek', wed, 'UTC', 1)).toEqual({ start: '2025-03-10', end: '2025-03-16' });
    expect(presetRange('thisWeek', wed, 'UTC', 0)).toEqual({ start: '2025-03-09', end: '2025-03-15' });
    expect(presetRange('thisWeek', wed, 'UTC', 6)).toEqual({ start: '2025-03-08', end: '2025-03-14' });
    expect(presetRange('prevWeek', wed, 'UTC', 1)).toEqual({ start: '2025-03-03', end: '2025-03-09' });
    // On the first day of the week, that week is this week.
    expect(presetRange('thisWeek', at('2025-03-10T00:00:00+02:00'), 'Europe/Tallinn', 1).start).toBe('2025-03-10');
  });

  it('keeps seven calendar days across DST changes', () => {
    // Europe springs forward on Sunday 2025-03-30 and falls back on 2025-10-26.
    expect(presetRange('thisWeek', at('2025-03-30T12:00:00Z'), 'Europe/Berlin', 1)).toEqual({ start: '2025-03-24', end: '2025-03-30' });
    expect(presetRange('thisWeek', at('2025-10-26T23:30:00Z'), 'Europe/Berlin', 1)).toEqual({ start: '2025-10-27', end: '2025-11-02' });
    // A US Sunday-start week beginning on its DST day.
    expect(presetRange('thisWeek', at('2025-03-09T12:00:00Z'), 'America/New_York', 0)).toEqual({ start: '2025-03-09', end: '2025-03-15' });
  });

  it('covers months and the year in the user\'s zone', () => {
    // 23:30 on 31 January in New York is February in UTC.
    const now = at('2025-02-01T04:30:00Z');
    expect(presetRange('thisMonth', now, 'America/New_York', 1)).toEqual({ start: '2025-01-01', end: '2025-01-31' });
    expect(presetRange('thisMonth', now, 'UTC', 1)).toEqual({ start: '2025-02-01', end: '2025-02-28' });
    expect(presetRange('prevMonth', at('2024-03-15T12:00:00Z'), 'UTC', 1)).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(presetRange('thisYear', at('2025-01-01T00:30:00+13:00'), 'Pacific/Auckland', 1)).toEqual({ start: '2025-01-01', end: '2025-12-31' });
    expect(presetRange('thisYear', at('2025-01-01T00:30:00+13:00'), 'UTC', 1)).toEqual({ start: '2024-01-01', end: '2024-12-31' });
  });
});

describe('rangeOf and the request body', () => {
  const now = at('2025-03-12T10:00:00Z');
  it('uses a custom range, in order, or falls back to this week', () => {
    const f: ReportFilters = { ...DEFAULT_FILTERS, preset: 'custom', from: '2025-02-10', to: '2025-01-05' };
    expect(rangeOf(f, now, 'UTC', 1)).toEqual({ start: '2025-01-05', end: '2025-02-10' });
    expect(rangeOf({ ...f, to: '' }, now, 'UTC', 1)).toEqual({ start: '2025-03-10', end: '2025-03-16' });
  });

  it('chooses day bars up to a month, week bars beyond', () => {
    expect(chartResolution({ start: '2025-01-01', end: '2025-01-31' })).toBe('day');
    expect(chartResolution({ start: '2025-01-01', end: '2025-02-01' })).toBe('week');
  });

  it('sends only the filters that are set, 0 as the API\'s "without"', () => {
    const f: ReportFilters = { ...DEFAULT_FILTERS, projects: [5, 0], users: [2], billable: 'no', description: ' spec ' };
    expect(filterBody(f, { start: '2025-03-10', end: '2025-03-16' })).toEqual({
      start_date: '2025-03-10',
      end_date: '2025-03-16',
      user_ids: [2],
      project_ids: [5, null],
      billable: false,
      description: 'spec',
    });
  });

  it('saves a preset as its period and the options of the report', () => {
    const p = savedParams('summary', { ...DEFAULT_FILTERS, grouping: 'users', subGrouping: 'users' }, { start: '2025-03-10', end: '2025-03-16' });
    expect(p).toMatchObject({ report_type: 'summary', period: 'thisWeek', grouping: 'users', sub_grouping: 'time_entries' });
    const custom = savedParams('detailed', { ...DEFAULT_FILTERS, preset: 'custom', from: '2025-01-01', to: '2025-01-31' }, { start: '2025-01-01', end: '2025-01-31' });
    expect(custom.period).toBeUndefined();
    expect(custom).toMatchObject({ order_by: 'date', order_dir: 'DESC', start_date: '2025-01-01' });
  });

  it('keeps a sub-grouping only where the grouping allows it', () => {
    expect(effectiveSubGrouping({ grouping: 'projects', subGrouping: 'users' })).toBe('users');
    expect(effectiveSubGrouping({ grouping: 'projects', subGrouping: 'projects' })).toBe('time_entries');
  });
});

describe('URL state', () => {
  it('round-trips every field', () => {
    const f: ReportFilters = {
      preset: 'custom',
      from: '2025-01-01',
      to: '2025-03-31',
      users: [1, 2],
      groups: [9],
      projects: [0, 7],
      clients: [3],
      tags: [4, 5],
      tasks: [11],
      billable: 'yes',
      description: 'a & b, c',
      grouping: 'clients',
      subGrouping: 'projects',
      donut: 'clients',
      sort: 'duration',
      dir: 'asc',
      weeklyBy: 'projects',
    };
    const url = toSearch(f).toString();
    expect(fromSearch(new URLSearchParams(url))).toEqual(f);
  });

  it('writes nothing for the defaults and reads an empty URL as them', () => {
    expect(toSearch(DEFAULT_FILTERS).toString()).toBe('');
    expect(fromSearch(new URLSearchParams(''))).toEqual(DEFAULT_FILTERS);
  });

  it('ignores what it does not understand', () => {
    const f = fromSearch(new URLSearchParams('period=forever&from=2025-13-40&users=1,x,-3,1&group=colours&sub=users&billable=maybe&dir=up'));
    expect(f.preset).toBe('thisWeek');
    expect(f.from).toBe('');
    expect(f.users).toEqual([1]);
    expect(f.grouping).toBe('projects');
    expect(f.subGrouping).toBe('users');
    expect(f.billable).toBe('all');
    expect(f.dir).toBe('desc');
  });
});
