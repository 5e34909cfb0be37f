// The .csv and .pdf variants of every v2 report: the Reports v3 exporters (the project dashboard
// has its own), fed by the same v2 parameters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createUser, type TestUser } from '../../helpers/factories.js';
import { insertTask, smallReportWorkspace, type SmallWorkspace } from '../../helpers/report-data.js';
import { download, parseCsv } from './helpers.js';

let t: TestApp;
let owner: TestUser;
let ws: SmallWorkspace;
beforeAll(async () => {
  t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0', QUOTA_ENFORCE: 'false' });
  owner = await createUser(t, { fullname: 'Ada Owner', timezone: 'Europe/Berlin' });
  ws = await smallReportWorkspace(t, owner.workspaceId, owner.user.id);
  await insertTask(t, ws.workspaceId, ws.alpha, 'Idle task');
});
afterAll(async () => t.close());

const base = () => ({ user_agent: 'exports', workspace_id: ws.workspaceId, since: '2025-03-03', until: '2025-03-09' });
const get = (path: string, extra: Record<string, string | number | undefined> = {}) => download(t, owner.token, path, { ...base(), ...extra });

async function csvOf(path: string, extra: Record<string, string | number | undefined> = {}): Promise<string[][]> {
  const res = await get(path, extra);
  expect(res.status, res.text).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.payload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  return parseCsv(res.payload.toString('utf8').slice(1));
}

describe('CSV', () => {
  it('exports every detailed entry, with durations as the display_hours parameter asks', async () => {
    const rows = await csvOf('details.csv');
    expect(rows[0]).toEqual(['User', 'Email', 'Client', 'Project', 'Task', 'Description', 'Billable', 'Start date', 'Start time', 'End date', 'End time', 'Duration', 'Tags', 'Amount (USD)']);
    expect(rows.slice(1)).toEqual([
      ['Ada Owner', owner.email, 'Acme', 'Alpha', 'Spec', 'Write spec', 'Yes', '2025-03-03', '09:00:00', '2025-03-03', '10:00:00', '01:00:00', 'x', '150.00'],
      ['Ada Owner', owner.email, 'Acme', 'Alpha', '', 'Write spec', 'Yes', '2025-03-04', '09:00:00', '2025-03-04', '09:30:00', '00:30:00', 'x, y', '50.00'],
      ['Ada Owner', owner.email, '', 'Beta', '', 'Review', 'No', '2025-03-04', '11:00:00', '2025-03-04', '11:45:00', '00:45:00', '', ''],
      ['Ada Owner', owner.email, '', '', '', '', 'No', '2025-03-06', '00:30:00', '2025-03-06', '00:45:00', '00:15:00', '', ''],
    ]);
    const decimal = await csvOf('details.csv', { display_hours: 'decimal', order_field: 'duration', order_desc: 'on', billable: 'no' });
    expect(decimal.slice(1).map((r) => [r[5], r[11]])).toEqual([['Review', '0.75'], ['', '0.25']]);
    const res = await get('details.csv');
    expect(res.headers['content-disposition']).toBe('attachment; filename="Stint_detailed_report_2025-03-03_2025-03-09.csv"');
  });

  it('exports the summary with its grouping and sub-grouping', async () => {
    expect(await csvOf('summary.csv')).toEqual([
      ['Project', 'Client', 'Description', 'Duration', 'Amount (USD)'],
      ['Alpha', 'Acme', 'Write spec', '01:30:00', '200.00'],
      ['Beta', '', 'Review', '00:45:00', '0.00'],
      ['Without project', '', '', '00:15:00', '0.00'],
    ]);
    const byUser = await csvOf('summary.csv', { grouping: 'users', subgrouping: 'projects', display_hours: 'decimal', order_field: 'duration' });
    expect(byUser).toEqual([
      ['User', 'Project', 'Client', 'Duration', 'Amount (USD)'],
      ['Ada Owner', 'Without project', '', '0.25', '0.00'],
      ['Ada Owner', 'Beta', '', '0.75', '0.00'],
      ['Ada Owner', 'Alpha', 'Acme', '1.50', '200.00'],
    ]);
  });

  it('exports the weekly report as time or earnings', async () => {
    const time = await csvOf('weekly.csv');
    expect(time[0]).toEqual(['Project', 'Client', 'User', '2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-09', 'Total']);
    expect(time.slice(1).map((r) => [r[0], r[10]])).toEqual([['Alpha', '01:30:00'], ['Beta', '00:45:00'], ['Without project', '00:15:00']]);
    const earnings = await csvOf('weekly.csv', { grouping: 'users', calculate: 'earnings' });
    expect(earnings[0]!.slice(0, 3)).toEqual(['User', 'Project', 'Client']);
    expect(earnings[0]![10]).toBe('Total (USD)');
    expect(earnings.slice(1).map((r) => [r[1], r[10]])).toEqual([['Alpha', '200.00'], ['Beta', '0.00'], ['Without project', '0.00']]);
  });

  it("exports the project dashboard's tasks and the time without a task", async () => {
    const rows = await csvOf('project.csv', { project_id: ws.alpha });
    expect(rows).toEqual([
      ['Task', 'Assignee', 'Estimate', 'Duration', 'Amount (USD)'],
      ['Idle task', '', '', '00:00:00', '0.00'],
      ['Spec', '', '', '01:00:00', '150.00'],
      ['Without task', '', '', '00:30:00', ''],
    ]);
    const decimal = await csvOf('project.csv', { project_id: ws.alpha, display_hours: 'decimal', order_field: 'duration', order_desc: 'on' });
    expect(decimal.slice(1).map((r) => [r[0], r[3]])).toEqual([['Spec', '1.00'], ['Idle task', '0.00'], ['Without task', '0.50']]);
  });
});

describe('PDF', () => {
  it('renders every report as a PDF document', async () => {
    for (const [path, extra] of [
      ['details.pdf', {}],
      ['summary.pdf', { grouping: 'users', subgrouping: 'projects' }],
      ['weekly.pdf', { calculate: 'earnings' }],
      ['project.pdf', { project_id: ws.alpha }],
    ] as const) {
      const res = await get(path, extra);
      expect(res.status, `${path}: ${res.text.slice(0, 200)}`).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.payload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(res.payload.subarray(-6).toString('latin1')).toMatch(/%%EOF/);
      expect((res.payload.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length).toBeGreaterThanOrEqual(1);
    }
  });

  it('answers errors in the JSON envelope, not as a document', async () => {
    const res = await get('summary.pdf', { grouping: 'tasks' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.text).error.message).toBe("Invalid 'grouping' value, allowed values are: 'projects', 'clients', 'users'");
    const project = await get('project.pdf', { project_id: 424242 });
    expect(project.status).toBe(404);
    expect(JSON.parse(project.text).error.code).toBe(404);
  });
});
