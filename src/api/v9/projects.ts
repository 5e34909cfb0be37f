import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import { sendJsonString } from '../errors.js';
import type { SkinOptions } from './index.js';
import { presentProject, presentProjectStatistics, presentRecurringPeriod } from './presenters/projects.js';
import { WorkspaceParams } from './schemas/common.js';
import {
  MeProjectsPaginatedQuery,
  MeProjectsQuery,
  PatchBody,
  PeriodsQuery,
  PinBody,
  ProjectBody,
  ProjectDeleteQuery,
  ProjectIdsBody,
  ProjectIdsParams,
  ProjectListQuery,
  ProjectParams,
} from './schemas/projects.js';

export const projectRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  const projects = services.projects;

  app.get('/me/projects', { schema: { querystring: MeProjectsQuery } }, async (request) =>
    (await projects.listForMe(currentUser(request), request.query)).map(presentProject),
  );

  app.get('/me/projects/paginated', { schema: { querystring: MeProjectsPaginatedQuery } }, async (request) =>
    (await projects.pageForMe(currentUser(request), request.query)).map(presentProject),
  );

  app.get('/workspaces/:workspace_id/projects', { schema: { params: WorkspaceParams, querystring: ProjectListQuery } }, async (request) =>
    (await projects.list(currentUser(request), request.params.workspace_id, request.query)).map(presentProject),
  );

  app.post('/workspaces/:workspace_id/projects', { schema: { params: WorkspaceParams, body: ProjectBody } }, async (request) =>
    presentProject(await projects.create(currentUser(request), request.params.workspace_id, request.body)),
  );

  // The spec types this answer as a bare string and no recorded answer or client says otherwise, so it
  // is one: the JSON text of the template projects, as GET .../projects?only_templates=true lists them.
  // A client generated from the spec gets the string it expects and can still parse the list from it.
  app.get('/workspaces/:workspace_id/projects/templates', { schema: { params: WorkspaceParams } }, async (request, reply) => {
    const templates = await projects.templates(currentUser(request), request.params.workspace_id);
    return sendJsonString(reply, 200, JSON.stringify(templates.map(presentProject)));
  });

  app.post('/workspaces/:workspace_id/projects/billable-amounts', { schema: { params: WorkspaceParams, body: ProjectIdsBody } }, async (request) =>
    (await projects.billableAmounts(currentUser(request), request.params.workspace_id, request.body.project_ids)).map(presentProject),
  );

  app.post('/workspaces/:workspace_id/projects/task_count', { schema: { params: WorkspaceParams, body: ProjectIdsBody } }, async (request) =>
    projects.counts(currentUser(request), request.params.workspace_id, 'tasks', request.body.project_ids),
  );

  app.post('/workspaces/:workspace_id/projects/user_count', { schema: { params: WorkspaceParams, body: ProjectIdsBody } }, async (request) =>
    projects.counts(currentUser(request), request.params.workspace_id, 'project_users', request.body.project_ids),
  );

  app.patch('/workspaces/:workspace_id/projects/:project_ids', { schema: { params: ProjectIdsParams, body: PatchBody } }, async (request) => {
    const { success, failure } = await projects.patch(currentUser(request), request.params.workspace_id, request.params.project_ids, request.body);
    return { failure: failure.map((f) => ({ id: f.id, message: f.message })), success };
  });

  app.get('/workspaces/:workspace_id/projects/:project_id', { schema: { params: ProjectParams } }, async (request) =>
    presentProject(await projects.get(currentUser(request), request.params.workspace_id, request.params.project_id)),
  );

  app.put('/workspaces/:workspace_id/projects/:project_id', { schema: { params: ProjectParams, body: ProjectBody } }, async (request) =>
    presentProject(await projects.update(currentUser(request), request.params.workspace_id, request.params.project_id, request.body)),
  );

  app.delete('/workspaces/:workspace_id/projects/:project_id', { schema: { params: ProjectParams, querystring: ProjectDeleteQuery } }, async (request, reply) => {
    const id = await projects.remove(currentUser(request), request.params.workspace_id, request.params.project_id, request.query.teDeletionMode);
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(id));
  });

  app.post('/workspaces/:workspace_id/projects/:project_id/pin', { schema: { params: ProjectParams, body: PinBody } }, async (request, reply) => {
    await projects.pin(currentUser(request), request.params.workspace_id, request.params.project_id, request.body.pin);
    return sendJsonString(reply, 200, 'OK');
  });

  app.get('/workspaces/:workspace_id/projects/:project_id/statistics', { schema: { params: ProjectParams } }, async (request) =>
    presentProjectStatistics(await projects.statistics(currentUser(request), request.params.workspace_id, request.params.project_id)),
  );

  app.get('/workspaces/:workspace_id/projects/:project_id/periods', { schema: { params: ProjectParams, querystring: PeriodsQuery } }, async (request) =>
    presentRecurringPeriod(await projects.period(currentUser(request), request.params.workspace_id, request.params.project_id, request.query)),
  );
};
