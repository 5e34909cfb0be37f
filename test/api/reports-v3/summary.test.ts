import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUB_GROUPINGS_OF } from '../../../src/domain/reports/report-filters.js';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createUser, type TestUser } from '../../helpers/factories.js';
import { smallReportWorkspace, type SmallWorkspace } from '../../helpers/report-data.js';

let t: TestApp;
let owner: TestUser;
let ws: SmallWorkspace;
beforeAll(async () => {
  t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0' });
  owner = await createUser(t, { fullname: 'Ada Example', timezone: 'Europe/Berlin' });
  ws = await smallReportWorkspace(t, owner.workspaceId, owner.user.id);
});
afterAll(async () => t.close());

const MARCH = { start_date: '2025-03-01', end_date: '2025-03-31' };
const summary = (body: unknown) => owner.api.post(`/reports/api/v3/workspace/${ws.workspaceId}/summary/time_entries`, body);
const internals = (grouping: string, sub: string, distinguish = false) => ({ ForExport: false, DistinguishRates: distinguish, Grouping: grouping, SubGrouping: sub });
const total = (body: any) => body.groups.reduce((s: number, g: any) => s + g.sub_groups.reduce((a: number, x: any) => a + x.seconds, 0), 0);

describe('summary report', () => {
  it('groups by project and description by default, as Toggl answers', async () => {
    const res = await summary(MARCH);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['x-grouping']).toBe('projects');
    expect(res.headers['x-sub-grouping']).toBe('time_entries');
    expect(res.headers['x-range-start']).toBe('2025-03-01');
    expect(res.headers['x-range-end']).toBe('2025-03-31');
    expect(res.body).toEqual({
      groups: [
        {
          id: ws.alpha,
          sub_groups: [
            {
              id: null,
              title: 'Write spec',
              seconds: 5400,
              // The earliest start as local wall-clock time with a literal Z (§3).
              local_start: '2025-03-03T09:00:00Z',
              project_color: '0',
              project_hex_color: '#2da608',
              ...internals('projects', 'time_entries'),
              rates: [
                { billable_seconds: 1800, currency: 'USD', hourly_rate_in_cents: 10000 },
                { billable_seconds: 3600, currency: 'USD', hourly_rate_in_cents: 15000 },
              ],
            },
          ],
          project_color: '0',
          project_hex_color: '#2da608',
        },
        {
          id: ws.beta,
          sub_groups: [{ id: null, title: 'Review', seconds: 2700, local_start: '2025-03-04T11:00:00Z', project_color: '0', project_hex_color: '#c9806b', ...internals('projects', 'time_entries'), rates: [] }],
          project_color: '0',
          project_hex_color: '#c9806b',
        },
        {
          id: null,
          sub_groups: [{ id: null, title: '', seconds: 900, local_start: '2025-03-06T00:30:00Z', project_color: null, project_hex_color: null, ...internals('projects', 'time_entries'), rates: [] }],
          project_color: null,
          project_hex_color: null,
        },
      ],
    });
  });

  it('answers exactly {"groups":[]} when nothing matches', async () => {
    const res = await summary({ start_date: '2024-01-01', end_date: '2024-01-31' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"groups":[]}');
  });

  it('ends the period six days after start_date when end_date is missing', async () => {
    const res = await summary({ start_date: '2025-03-04' });
    expect(res.headers['x-range-start']).toBe('2025-03-04');
    expect(res.headers['x-range-end']).toBe('2025-03-10');
    expect(total(res.body)).toBe(1800 + 2700 + 900);
  });

  it('counts an entry on its local day in the user time zone', async () => {
    // e4 starts 5 March 23:30 UTC, which is 6 March in Berlin.
    expect(total((await summary({ start_date: '2025-03-06', end_date: '2025-03-06' })).body)).toBe(900);
    expect(total((await summary({ start_date: '2025-03-05', end_date: '2025-03-05' })).body)).toBe(0);
  });

  it('groups by client and project', async () => {
    const res = await summary({ ...MARCH, grouping: 'clients', sub_grouping: 'projects' });
    expect(res.headers['x-grouping']).toBe('clients');
    expect(res.headers['x-sub-grouping']).toBe('projects');
    const groups = res.body.groups.map((g: any) => ({ id: g.id, subs: g.sub_groups.map((s: any) => [s.id, s.title, s.seconds, s.project_hex_color]) }));
    expect(groups).toEqual([
      { id: ws.acme, subs: [[ws.alpha, 'Alpha', 5400, '#2da608']] },
      { id: null, subs: [[ws.beta, 'Beta', 2700, '#c9806b'], [null, '', 900, null]] },
    ]);
    expect(res.body.groups[0]).not.toHaveProperty('project_hex_color');
  });

  it('groups by user and task', async () => {
    const res = await summary({ ...MARCH, grouping: 'users', sub_grouping: 'tasks' });
    expect(res.body.groups).toHaveLength(1);
    expect(res.body.groups[0].id).toBe(owner.user.id);
    expect(res.body.groups[0].sub_groups.map((s: any) => [s.id, s.title, s.seconds])).toEqual([
      [ws.spec, 'Spec', 3600],
      [null, '', 1800 + 2700 + 900],
    ]);
  });

  it('groups by tag set, with the tag ids on each group', async () => {
    const res = await summary({ ...MARCH, grouping: 'tags', sub_grouping: 'projects' });
    const groups = res.body.groups.map((g: any) => ({ id: g.id, ids: g.ids, seconds: g.sub_groups.reduce((s: number, x: any) => s + x.seconds, 0) }));
    expect(groups).toEqual([
      { id: null, ids: [ws.x], seconds: 3600 },
      { id: null, ids: [ws.x, ws.y], seconds: 1800 },
      { id: null, ids: [], seconds: 2700 + 900 },
    ]);
    const byTags = await summary({ ...MARCH, grouping: 'users', sub_grouping: 'tags' });
    expect(byTags.body.groups[0].sub_groups.map((s: any) => [s.title, s.seconds])).toEqual([
      ['x', 3600],
      ['x, y', 1800],
      ['', 3600],
    ]);
  });

  it('splits sub-groups per rate with distinguish_rates and lists entry ids on request', async () => {
    const res = await summary({ ...MARCH, distinguish_rates: true, include_time_entry_ids: true });
    const alpha = res.body.groups[0].sub_groups;
    expect(alpha.map((s: any) => [s.title, s.seconds, s.rates, s.ids, s.DistinguishRates])).toEqual([
      ['Write spec', 1800, [{ billable_seconds: 1800, currency: 'USD', hourly_rate_in_cents: 10000 }], [ws.e[1]], true],
      ['Write spec', 3600, [{ billable_seconds: 3600, currency: 'USD', hourly_rate_in_cents: 15000 }], [ws.e[0]], true],
    ]);
    const plain = await summary(MARCH);
    expect(plain.body.groups[0].sub_groups[0]).not.toHaveProperty('ids');
  });

  it('answers every documented grouping and sub-grouping combination with the same grand total', async () => {
    for (const [grouping, subs] of Object.entries(SUB_GROUPINGS_OF)) {
      for (const sub_grouping of subs) {
        const res = await summary({ ...MARCH, grouping, sub_grouping, include_time_entry_ids: true });
        expect(res.status, `${grouping}/${sub_grouping}`).toBe(200);
        expect(total(res.body), `${grouping}/${sub_grouping}`).toBe(9000);
        expect(res.body.groups.flatMap((g: any) => g.sub_groups.flatMap((s: any) => s.ids)).sort()).toEqual([...ws.e].sort());
      }
    }
  });

  it('applies the audit options: empty groups, tracked groups and group bounds', async () => {
    const withEmpty = await summary({ ...MARCH, audit: { show_empty_groups: true } });
    expect(withEmpty.body.groups.map((g: any) => g.id)).toEqual([ws.alpha, ws.beta, ws.gamma, null]);
    expect(withEmpty.body.groups[2].sub_groups).toEqual([]);
    const onlyEmpty = await summary({ ...MARCH, audit: { show_empty_groups: true, show_tracked_groups: false } });
    expect(onlyEmpty.body.groups.map((g: any) => g.id)).toEqual([ws.gamma]);
    const bounded = await summary({ ...MARCH, audit: { group_filter: { min_duration_seconds: 1000, max_duration_seconds: 3000 } } });
    expect(bounded.body.groups.map((g: any) => g.id)).toEqual([ws.beta]);
    const byAmount = await summary({ ...MARCH, audit: { group_filter: { min_amount_cents: 1, currency: 'USD' } } });
    expect(byAmount.body.groups.map((g: any) => g.id)).toEqual([ws.alpha]);
  });

  it('rounds each entry before summing', async () => {
    const up = await summary({ ...MARCH, rounding: 1, rounding_minutes: 60 });
    // 1 h, 30 min → 1 h, 45 min → 1 h, 15 min → 1 h.
    expect(total(up.body)).toBe(4 * 3600);
    const down = await summary({ ...MARCH, rounding: -1, rounding_minutes: 60 });
    expect(total(down.body)).toBe(3600);
    const nearest = await summary({ ...MARCH, rounding: 0, rounding_minutes: 60 });
    // 1 h → 1 h, 30 min → 1 h (half rounds up), 45 min → 1 h, 15 min → 0.
    expect(total(nearest.body)).toBe(3 * 3600);
  });

  it("uses the workspace's rounding when the request names none", async () => {
    await t.database.db.updateTable('workspaces').set({ rounding: 1, rounding_minutes: 60 }).where('id', '=', ws.workspaceId).execute();
    try {
      expect(total((await summary(MARCH)).body)).toBe(4 * 3600);
      expect(total((await summary({ ...MARCH, rounding_minutes: 0 })).body)).toBe(9000);
    } finally {
      await t.database.db.updateTable('workspaces').set({ rounding: 1, rounding_minutes: 0 }).where('id', '=', ws.workspaceId).execute();
    }
  });
});
