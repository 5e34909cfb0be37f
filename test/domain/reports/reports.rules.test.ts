import { describe, expect, it } from 'vitest';
import { parseReportFilters, parseSummaryOptions } from '../../../src/domain/reports/report-filters.js';
import { bucketIndex, bucketStarts, epochDay, localDay, offsetPieces, reportRange, weeklyRange } from '../../../src/domain/reports/report-range.js';
import { canSeeEntryInReports, type ReportViewer } from '../../../src/domain/reports/reports.policy.js';

const s = (iso: string) => Date.parse(iso) / 1000;

describe('whose entries a report shows', () => {
  const member: ReportViewer = { userId: 1, admin: false, limitPublicProjectData: false };
  const limited: ReportViewer = { ...member, limitPublicProjectData: true };
  const admin: ReportViewer = { ...member, admin: true };
  const pub = { is_private: false };
  const priv = { is_private: true };
  it.each([
    ['admin, anyone, private project', admin, 2, priv, false, true],
    ['admin, anyone, no project', admin, 2, null, false, true],
    ['member, own, no project', member, 1, null, false, true],
    ['member, own, private project', member, 1, priv, false, true],
    ['member, other, public project', member, 2, pub, false, true],
    ['member, other, private project', member, 2, priv, false, false],
    ['member, other, managed private project', member, 2, priv, true, true],
    ['member, other, no project', member, 2, null, false, false],
    ['limited member, other, public project', limited, 2, pub, false, false],
    ['limited member, own, public project', limited, 1, pub, false, true],
    ['limited member, other, managed project', limited, 2, pub, true, true],
  ] as const)('%s', (_label, viewer, owner, project, manages, expected) => {
    expect(canSeeEntryInReports(viewer, { user_id: owner }, project, manages)).toBe(expected);
  });
});

describe('report periods', () => {
  it('splits a period at daylight-saving changes', () => {
    const pieces = offsetPieces('Europe/Berlin', s('2025-03-29T00:00:00Z'), s('2025-04-01T00:00:00Z'));
    expect(pieces).toEqual([
      { until: s('2025-03-30T01:00:00Z'), offset: 3600 },
      { until: null, offset: 7200 },
    ]);
    expect(offsetPieces('UTC', 0, 86400 * 400)).toEqual([{ until: null, offset: 0 }]);
  });

  it('puts an entry on its local day on both sides of the change', () => {
    const range = reportRange({ start_date: '2025-03-08', end_date: '2025-03-11' }, 'America/New_York', 0);
    // 00:30 on 10 March is already daylight time (UTC−4): 04:30 UTC, still 9 March at UTC−5.
    expect(localDay(range, s('2025-03-10T04:30:00Z'))).toBe(epochDay('2025-03-10'));
    expect(localDay(range, s('2025-03-09T04:30:00Z'))).toBe(epochDay('2025-03-08'));
    expect(range.from).toBe(s('2025-03-08T05:00:00Z'));
    expect(range.to).toBe(s('2025-03-12T04:00:00Z'));
    expect(range.day_count).toBe(4);
  });

  it('defaults the period as Toggl does', () => {
    const now = Date.parse('2025-03-20T12:00:00Z');
    expect(reportRange({ start_date: '2025-03-01' }, 'UTC', now)).toMatchObject({ start_date: '2025-03-01', end_date: '2025-03-07' });
    expect(reportRange({ end_date: '2025-03-10' }, 'UTC', now)).toMatchObject({ start_date: '2025-03-04', end_date: '2025-03-10' });
    expect(reportRange({}, 'UTC', now)).toMatchObject({ start_date: '2025-03-14', end_date: '2025-03-20' });
    // Thursday 20 March: the week began on Monday 17 (beginning_of_week 1) or Sunday 16 (0).
    expect(weeklyRange({}, 'UTC', 1, now)).toMatchObject({ start_date: '2025-03-17', end_date: '2025-03-23', day_count: 7 });
    expect(weeklyRange({}, 'UTC', 0, now)).toMatchObject({ start_date: '2025-03-16', end_date: '2025-03-22' });
    expect(weeklyRange({ start_date: '2025-03-05' }, 'UTC', 1, now)).toMatchObject({ start_date: '2025-03-05', end_date: '2025-03-11' });
  });

  it('cuts graph buckets from start_date by day, week or month', () => {
    const range = reportRange({ start_date: '2025-01-31', end_date: '2025-04-15' }, 'UTC', 0);
    const months = bucketStarts(range, 'month');
    expect(months).toEqual([epochDay('2025-01-31'), epochDay('2025-02-28'), epochDay('2025-03-31')]);
    expect(bucketIndex(months, epochDay('2025-03-30'))).toBe(1);
    expect(bucketIndex(months, epochDay('2025-04-15'))).toBe(2);
    expect(bucketStarts(range, 'week')).toHaveLength(11);
    expect(bucketStarts(range, 'day')).toHaveLength(75);
  });
});

describe('report request parsing', () => {
  it('reads [null] and 0 as "none", ignores empty lists and unknown keys', () => {
    expect(parseReportFilters({ project_ids: [3, null], client_ids: [0], tag_ids: [], workspace_id: 9, user_agent: 'x' })).toEqual({
      project_ids: { ids: [3], none: true },
      client_ids: { ids: [], none: true },
    });
  });

  it('normalizes times of day and keeps duplicates out of id lists', () => {
    expect(parseReportFilters({ startTime: '08:30', end_time: '17:00', user_ids: [4, 4, 5] })).toEqual({
      start_time: '08:30:00',
      end_time: '17:00:59',
      user_ids: [4, 5],
    });
  });

  it('defaults the summary to projects and time entries, and each grouping to its first sub-grouping', () => {
    expect(parseSummaryOptions({})).toMatchObject({ grouping: 'projects', sub_grouping: 'time_entries', distinguish_rates: false });
    expect(parseSummaryOptions({ grouping: 'Users', sub_grouping: 'CLIENTS' })).toMatchObject({ grouping: 'users', sub_grouping: 'clients' });
  });
});
