import { describe, expect, it } from 'vitest';
import { OTHER_COLOR, barSeries, donutSeries, tableGroups, weeklyGrid, type SummaryGroup } from './chartData';

describe('barSeries', () => {
  it('labels bucket i as start + i days and splits billable from the second request', () => {
    const s = barSeries({ start: '2025-03-10', end: '2025-03-12' }, 'day', [{ seconds: 7200 }, { seconds: 0 }, { seconds: 5400 }], [{ seconds: 3600 }, { seconds: 0 }, { seconds: 0 }]);
    expect(s.labels).toEqual(['Mon 10', 'Tue 11', 'Wed 12']);
    expect(s.billable).toEqual([1, 0, 0]);
    expect(s.nonBillable).toEqual([1, 0, 1.5]);
  });

  it('counts weeks from the range start, and all or nothing billable without a second request', () => {
    const s = barSeries({ start: '2025-01-01', end: '2025-02-28' }, 'week', [{ seconds: 3600 }, { seconds: 1800 }], null, true);
    expect(s.labels).toEqual(['1 Jan', '8 Jan']);
    expect(s.billable).toEqual([1, 0.5]);
    expect(s.nonBillable).toEqual([0, 0]);
  });
});

const groups: SummaryGroup[] = [
  { id: 1, project_hex_color: '#ff0000', sub_groups: [{ id: null, title: 'a', seconds: 3600 }, { id: null, title: '', seconds: 1800 }] },
  { id: null, sub_groups: [{ id: null, title: 'b', seconds: 900 }] },
];

describe('summary shaping', () => {
  it('sums each group\'s sub-groups and names them', () => {
    const t = tableGroups(groups, (id) => (id === null ? 'Without project' : `P${id}`));
    expect(t.map((g) => [g.label, g.seconds, g.color])).toEqual([['P1', 5400, '#ff0000'], ['Without project', 900, null]]);
    expect(t[0]!.rows[1]!.label).toBe('(no description)');
  });

  it('keeps the largest donut slices and folds the rest into Other', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ key: String(i), label: `G${i}`, color: null, seconds: (i + 1) * 3600, rows: [] }));
    const d = donutSeries(many, 4);
    expect(d.labels).toEqual(['G9', 'G8', 'G7', 'Other (7)']);
    expect(d.values).toEqual([10, 9, 8, 28]);
    expect(d.colors[3]).toBe(OTHER_COLOR);
    expect(d.colors[0]).not.toBe(d.colors[1]);
  });
});

describe('weeklyGrid', () => {
  const rows = [
    { user_id: 1, project_id: 10, seconds: [3600, 0, 0, 0, 0, 0, 0], user_name: 'Ada', project_name: 'Docs', client_name: 'Acme', project_hex_color: '#00f' },
    { user_id: 1, project_id: null, seconds: [0, 1800, 0, 0, 0, 0, 0], user_name: 'Ada', project_name: null },
    { user_id: 2, project_id: 10, seconds: [0, 0, 7200, 0, 0, 0, 0], user_name: 'Bo', project_name: 'Docs', client_name: 'Acme', project_hex_color: '#00f' },
  ];
  it('sums per user', () => {
    const g = weeklyGrid(rows, 'users');
    expect(g.rows.map((r) => [r.label, r.total])).toEqual([['Bo', 7200], ['Ada', 5400]]);
    expect(g.dayTotals).toEqual([3600, 1800, 7200, 0, 0, 0, 0]);
    expect(g.total).toBe(12600);
  });
  it('sums per project, with the entries without one apart', () => {
    const g = weeklyGrid(rows, 'projects');
    expect(g.rows.map((r) => [r.label, r.sublabel, r.total])).toEqual([['Docs', 'Acme', 10800], ['Without project', null, 1800]]);
  });
});
