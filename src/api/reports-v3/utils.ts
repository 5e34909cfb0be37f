import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../container.js';
import { currentUser } from '../../http/auth.js';
import {
  presentClientOption,
  presentProjectOption,
  presentProjectUserOption,
  presentReportTask,
  presentSearchUser,
  presentTrackingStatus,
  presentUserOption,
} from './presenters/utils.js';
import {
  ClientFilterBody,
  ProjectFilterBody,
  ProjectGroupBody,
  ProjectStatusBody,
  ProjectUserFilterBody,
  TaskFilterBody,
  TaskStatusBody,
  UserFilterBody,
} from './schemas/utils.js';
import { pathId, ReportParams } from './schemas/reports.js';

/** The report helpers ("utils"): filters/* lists, search/* lookups and task lists. */
export const reportUtilsRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const utils = services.reportUtils;

  for (const mode of ['filters', 'search'] as const) {
    app.post(`/workspace/:workspace_id/${mode}/clients`, { schema: { params: ReportParams, body: ClientFilterBody } }, async (request) => {
      const clients = await utils.clients(currentUser(request), pathId(request.params.workspace_id), request.body ?? undefined, mode);
      return clients.map(presentClientOption);
    });

    app.post(`/workspace/:workspace_id/${mode}/projects`, { schema: { params: ReportParams, body: ProjectFilterBody } }, async (request) => {
      const projects = await utils.projects(currentUser(request), pathId(request.params.workspace_id), request.body ?? undefined, mode);
      return projects.map(presentProjectOption);
    });

    // The swagger's `{action}/tasks`, with action "search" or "filters".
    app.post(`/workspace/:workspace_id/${mode}/tasks`, { schema: { params: ReportParams, body: TaskFilterBody } }, async (request) => {
      const tasks = await utils.tasks(currentUser(request), pathId(request.params.workspace_id), request.body ?? undefined, mode);
      return tasks.map(presentReportTask);
    });
  }

  app.post('/workspace/:workspace_id/filters/users', { schema: { params: ReportParams, body: UserFilterBody } }, async (request) => {
    const users = await utils.users(currentUser(request), pathId(request.params.workspace_id), request.body ?? undefined, 'filters');
    return users.map(presentUserOption);
  });

  app.post('/workspace/:workspace_id/search/users', { schema: { params: ReportParams, body: UserFilterBody } }, async (request) => {
    const users = await utils.users(currentUser(request), pathId(request.params.workspace_id), request.body ?? undefined, 'search');
    return users.map(presentSearchUser);
  });

  app.post('/workspace/:workspace_id/filters/project_groups', { schema: { params: ReportParams, body: ProjectGroupBody } }, async (request) =>
    utils.projectGroups(currentUser(request), pathId(request.params.workspace_id), request.body ?? undefined),
  );

  app.post('/workspace/:workspace_id/filters/project_users', { schema: { params: ReportParams, body: ProjectUserFilterBody } }, async (request) => {
    const rows = await utils.projectUsers(currentUser(request), pathId(request.params.workspace_id), request.body ?? undefined);
    return rows.map(presentProjectUserOption);
  });

  app.post('/workspace/:workspace_id/filters/projects/status', { schema: { params: ReportParams, body: ProjectStatusBody } }, async (request) => {
    const statuses = await utils.projectStatuses(currentUser(request), pathId(request.params.workspace_id), request.body ?? undefined);
    return statuses.map(presentTrackingStatus);
  });

  app.post('/workspace/:workspace_id/filters/tasks/status', { schema: { params: ReportParams, body: TaskStatusBody } }, async (request) => {
    const statuses = await utils.taskStatuses(currentUser(request), pathId(request.params.workspace_id), request.body ?? undefined);
    return statuses.map(presentTrackingStatus);
  });
};
