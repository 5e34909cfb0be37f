// Bad report requests get a 400 with Toggl's words (the swagger's response descriptions).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, call, type TestApp } from '../../helpers/app.js';
import { createUser, type TestUser } from '../../helpers/factories.js';
import { smallReportWorkspace, type SmallWorkspace } from '../../helpers/report-data.js';

let t: TestApp;
let owner: TestUser;
let ws: SmallWorkspace;
beforeAll(async () => {
  t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0' });
  owner = await createUser(t);
  ws = await smallReportWorkspace(t, owner.workspaceId, owner.user.id);
});
afterAll(async () => t.close());

const path = (op: string) => `/reports/api/v3/workspace/${ws.workspaceId}/${op}`;
const D = { start_date: '2025-03-01', end_date: '2025-03-31' };
const ALL = ['summary/time_entries', 'search/time_entries', 'search/time_entries/totals', 'weekly/time_entries'];

describe('report request validation', () => {
  it('needs at least one parameter', async () => {
    for (const op of [...ALL, 'projects/summary']) {
      for (const body of [{}, undefined]) {
        const res = await owner.api.post(path(op), body);
        expect(res.status, op).toBe(400);
        expect(res.body, op).toBe('At least one parameter must be set');
      }
    }
  });

  it.each([
    [{ start_date: '2025-13-01' }, 'Invalid start_date format'],
    [{ start_date: '01/03/2025' }, 'Invalid start_date format'],
    [{ end_date: 20250301 }, 'Invalid end_date format'],
    [{ start_date: '2005-12-31' }, 'start_date should be within 2006-01-01 to 2030-01-01'],
    [{ start_date: '2025-03-10', end_date: '2025-03-01' }, 'end_date should be greater than or equal to start_date'],
    [{ ...D, startTime: '25:00' }, 'Invalid startTime format'],
    [{ ...D, project_ids: 'all' }, 'Invalid project_ids format'],
    [{ ...D, project_ids: [1.5] }, 'Invalid project_ids format'],
    [{ ...D, user_ids: [null] }, 'Invalid user_ids format'],
    [{ ...D, tag_ids: ['x'] }, 'Invalid tag_ids format'],
    [{ ...D, billable: 'yes' }, 'Invalid billable format'],
    [{ ...D, description: 42 }, 'Invalid description format'],
    [{ ...D, min_duration_seconds: -1 }, 'Invalid min_duration_seconds format'],
    [{ ...D, min_duration_seconds: 60, max_duration_seconds: 30 }, 'min_duration_seconds should be less than max_duration_seconds'],
    [{ ...D, rounding: 2 }, "Invalid 'rounding' value, allowed values are: '-1', '0', '1'"],
    [{ ...D, rounding_minutes: 7 }, "Invalid 'rounding_minutes' value, allowed values are: '0', '1', '5', '6', '10', '12', '15', '30', '60', '240'"],
  ])('refuses %j on every report', async (body, message) => {
    for (const op of ALL) {
      const res = await owner.api.post(path(op), body);
      expect(res.status, op).toBe(400);
      expect(res.body, op).toBe(message);
    }
  });

  it.each([
    ['summary/time_entries', { ...D, grouping: 'days' }, "Invalid 'grouping' value, allowed values are: 'projects', 'clients', 'users', 'tags'"],
    ['summary/time_entries', { ...D, grouping: 'projects', sub_grouping: 'projects' }, "Invalid 'sub_grouping' value, allowed values are: 'time_entries', 'tasks', 'users', 'tags'"],
    ['summary/time_entries', { ...D, distinguish_rates: 1 }, 'Invalid distinguish_rates format'],
    ['summary/time_entries', { ...D, audit: [] }, 'Invalid audit format'],
    ['search/time_entries', { ...D, order_by: 'project' }, "Invalid 'order_by' value, allowed values are: 'date', 'user', 'duration', 'description', 'last_update'"],
    ['search/time_entries', { ...D, order_dir: 'up' }, "Invalid 'order_dir' value, allowed values are: 'ASC', 'DESC'"],
    ['search/time_entries', { ...D, page_size: 0 }, 'Invalid page_size format'],
    ['search/time_entries', { ...D, page_size: 5000 }, "Invalid 'page_size' value, it should be between 1 and 1000"],
    ['search/time_entries', { ...D, first_row_number: 0 }, 'Invalid first_row_number format'],
    ['search/time_entries/totals', { ...D, resolution: 'year' }, "Invalid 'resolution' value, allowed values are: 'day', 'week', 'month'"],
    ['search/time_entries/totals', { ...D, granularity: 'hour' }, "Invalid 'granularity' value, allowed values are: 'day', 'week', 'month'"],
    ['search/time_entries.csv', { ...D, duration_format: 'roman' }, "Invalid 'duration_format' value, allowed values are: 'classic', 'decimal', 'improved'"],
    ['summary/time_entries.pdf', { ...D, date_format: 'YY' }, "Invalid 'date_format' value, allowed values are: 'MM/DD/YYYY', 'DD-MM-YYYY', 'MM-DD-YYYY', 'YYYY-MM-DD', 'DD/MM/YYYY', 'DD.MM.YYYY'"],
    ['summary/time_entries.csv', { ...D, order_by: 'amount' }, "Invalid 'order_by' value, allowed values are: 'title', 'duration'"],
    ['weekly/time_entries.csv', { ...D, calculate: 'money' }, "Invalid 'calculate' value, allowed values are: 'time', 'amounts'"],
    ['search/time_entries.json', D, "Invalid 'extension' value, allowed values are: 'csv', 'xlsx'"],
    ['summary/time_entries.docx', D, "Invalid 'extension' value, allowed values are: 'csv', 'xlsx'"],
  ])('%s refuses %j', async (op, body, message) => {
    const res = await owner.api.post(path(op), body);
    expect(res.status).toBe(400);
    expect(res.body).toBe(message);
  });

  it('needs a start date and a valid project id for a project summary', async () => {
    const missing = await owner.api.post(path(`projects/${ws.alpha}/summary`), { end_date: '2025-03-31' });
    expect(missing.status).toBe(400);
    expect(missing.body).toBe('The start_date parameter is required');
    const noBody = await owner.api.post(path(`projects/${ws.alpha}/summary`));
    expect(noBody.body).toBe('The start_date parameter is required');
    const bad = await owner.api.post(path('projects/x1/summary'), D);
    expect(bad.status).toBe(400);
    expect(bad.body).toBe('Invalid project id');
  });

  it('refuses a body that is not a JSON object', async () => {
    const array = await owner.api.post(path('summary/time_entries'), [1, 2]);
    expect(array.status).toBe(400);
    expect(array.body).toBe('Invalid JSON input: the body must be an object');
    const broken = await call(t, 'POST', path('search/time_entries'), { rawBody: '{"start_date":', auth: { token: owner.token } });
    expect(broken.status).toBe(400);
    expect(typeof broken.body).toBe('string');
  });

  it('ignores keys it does not know, as clients send workspace_id in the body', async () => {
    const res = await owner.api.post(path('summary/time_entries'), { ...D, workspace_id: ws.workspaceId, user_agent: 'tests' });
    expect(res.status).toBe(200);
  });

  it('accepts 0 and null as "none" in id filters', async () => {
    const withNull = await owner.api.post(path('search/time_entries/totals'), { ...D, project_ids: [null] });
    const withZero = await owner.api.post(path('search/time_entries/totals'), { ...D, project_ids: [0] });
    expect(withNull.body.seconds).toBe(900);
    expect(withZero.body.seconds).toBe(900);
  });
});
