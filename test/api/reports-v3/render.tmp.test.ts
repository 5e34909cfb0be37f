import fs from 'node:fs';
import { afterAll, beforeAll, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.js';
import { createUser } from '../../helpers/factories.js';
import { addWorkspaceMember, seedReportWorkspace } from '../../helpers/report-data.js';

let t: TestApp;
beforeAll(async () => { t = await buildTestApp({ RATE_LIMIT_PER_SECOND: '0' }); });
afterAll(async () => t.close());

it('renders', async () => {
  const owner = await createUser(t, { timezone: 'Europe/Berlin', fullname: 'Ada Example' });
  const other = await createUser(t, { fullname: 'Bob Builder' });
  await addWorkspaceMember(t, owner.workspaceId, other.user.id);
  const ws = await seedReportWorkspace(t, owner.workspaceId, [owner.user.id, other.user.id]);
  for (const [name, op, body] of [
    ['summary', 'summary/time_entries.pdf', { start_date: '2025-03-01', end_date: '2025-03-31', project_ids: [ws.projects.website, ws.projects.mobile, null], billable: true }],
    ['summary-users', 'summary/time_entries.pdf', { start_date: '2025-03-01', end_date: '2025-03-31', grouping: 'users', sub_grouping: 'projects', distinguish_rates: true }],
    ['detailed', 'search/time_entries.pdf', { start_date: '2025-03-01', end_date: '2025-03-31' }],
    ['weekly', 'weekly/time_entries.pdf', { start_date: '2025-03-03' }],
  ] as const) {
    const res = await t.app.inject({ method: 'POST', url: `/reports/api/v3/workspace/${ws.workspaceId}/${op}`, headers: { authorization: 'Basic ' + Buffer.from(`${owner.token}:api_token`).toString('base64'), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    fs.writeFileSync(`/tmp/p6scratch/${name}.pdf`, res.rawPayload);
  }
});
