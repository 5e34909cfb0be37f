import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import { sendJsonString } from '../errors.js';
import type { SkinOptions } from './index.js';
import { presentTask, presentTaskListing } from './presenters/tasks.js';
import { WorkspaceParams } from './schemas/common.js';
import { PatchBody } from './schemas/projects.js';
import {
  BasicTasksQuery,
  MeTasksQuery,
  ProjectTasksParams,
  ProjectTasksQuery,
  TaskBody,
  TaskIdsParams,
  TaskParams,
  TasksDataBody,
  TasksDataQuery,
  WorkspaceTasksQuery,
} from './schemas/tasks.js';

export const taskRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  const tasks = services.tasks;

  app.get('/me/tasks', { schema: { querystring: MeTasksQuery } }, async (request) =>
    (await tasks.listForMe(currentUser(request), request.query)).map(presentTask),
  );

  app.get('/workspaces/:workspace_id/tasks', { schema: { params: WorkspaceParams, querystring: WorkspaceTasksQuery } }, async (request) =>
    presentTaskListing(await tasks.listWorkspace(currentUser(request), request.params.workspace_id, request.query)),
  );

  app.get('/workspaces/:workspace_id/tasks/basic', { schema: { params: WorkspaceParams, querystring: BasicTasksQuery } }, async (request) =>
    presentTaskListing(await tasks.listBasic(currentUser(request), request.params.workspace_id, request.query)),
  );

  app.post('/workspaces/:workspace_id/tasks/data', { schema: { params: WorkspaceParams, querystring: TasksDataQuery, body: TasksDataBody } }, async (request) => {
    const byProject = await tasks.data(currentUser(request), request.params.workspace_id, request.body, request.query);
    // tasks.responseBody: project id → that project's tasks.
    return Object.fromEntries([...byProject].map(([projectId, list]) => [String(projectId), list.map(presentTask)]));
  });

  app.get('/workspaces/:workspace_id/projects/:project_id/tasks', { schema: { params: ProjectTasksParams, querystring: ProjectTasksQuery } }, async (request) =>
    (await tasks.listForProject(currentUser(request), request.params.workspace_id, request.params.project_id, request.query)).map(presentTask),
  );

  app.post('/workspaces/:workspace_id/projects/:project_id/tasks', { schema: { params: ProjectTasksParams, body: TaskBody } }, async (request) =>
    presentTask(await tasks.create(currentUser(request), request.params.workspace_id, request.params.project_id, request.body)),
  );

  app.patch('/workspaces/:workspace_id/projects/:project_id/tasks/:task_ids', { schema: { params: TaskIdsParams, body: PatchBody } }, async (request) => {
    const { params } = request;
    const { success, failure } = await tasks.patch(currentUser(request), params.workspace_id, params.project_id, params.task_ids, request.body);
    return { failure: failure.map((f) => ({ id: f.id, message: f.message })), success };
  });

  app.get('/workspaces/:workspace_id/projects/:project_id/tasks/:task_id', { schema: { params: TaskParams } }, async (request) => {
    const { params } = request;
    return presentTask(await tasks.get(currentUser(request), params.workspace_id, params.project_id, params.task_id));
  });

  app.put('/workspaces/:workspace_id/projects/:project_id/tasks/:task_id', { schema: { params: TaskParams, body: TaskBody } }, async (request) => {
    const { params } = request;
    return presentTask(await tasks.update(currentUser(request), params.workspace_id, params.project_id, params.task_id, request.body));
  });

  app.delete('/workspaces/:workspace_id/projects/:project_id/tasks/:task_id', { schema: { params: TaskParams } }, async (request, reply) => {
    const { params } = request;
    await tasks.remove(currentUser(request), params.workspace_id, params.project_id, params.task_id);
    return sendJsonString(reply, 200, 'OK');
  });
};
