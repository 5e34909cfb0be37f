// Rows the time-entry tests need from areas whose APIs are written concurrently (projects,
// tasks, membership): inserted directly so these tests do not depend on that code.
import type { TestApp } from '../../helpers/app.js';
import { insertClient, insertTag } from '../../helpers/report-periphery.js';

export { insertClient, insertTag };

export async function addMember(t: TestApp, workspaceId: number, userId: number, { admin = false } = {}): Promise<void> {
  const now = Date.now();
  await t.database.db
    .insertInto('workspace_users')
    .values({ workspace_id: workspaceId, user_id: userId, admin: admin ? 1 : 0, role: admin ? 'admin' : 'user', created_at: now, at: now })
    .execute();
}

export async function insertProject(
  t: TestApp,
  workspaceId: number,
  name: string,
  options: { isPrivate?: boolean; billable?: boolean; clientId?: number; color?: string; members?: number[] } = {},
): Promise<number> {
  const now = Date.now();
  const row = await t.database.db
    .insertInto('projects')
    .values({
      workspace_id: workspaceId,
      name,
      name_key: name.toLowerCase(),
      is_private: options.isPrivate ? 1 : 0,
      billable: options.billable ? 1 : 0,
      client_id: options.clientId ?? null,
      color: options.color ?? '#0b83d9',
      created_at: now,
      at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const userId of options.members ?? []) {
    await t.database.db
      .insertInto('project_users')
      .values({ workspace_id: workspaceId, project_id: row.id, user_id: userId, created_at: now, at: now })
      .execute();
  }
  return row.id;
}

export async function insertTask(t: TestApp, workspaceId: number, projectId: number, name: string): Promise<number> {
  const now = Date.now();
  const row = await t.database.db
    .insertInto('tasks')
    .values({ workspace_id: workspaceId, project_id: projectId, name, name_key: name.toLowerCase(), created_at: now, at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** UNIX seconds of an RFC 3339 time, for expectations on `duration`. */
export const unix = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
