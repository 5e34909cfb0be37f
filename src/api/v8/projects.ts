import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProjectInput } from '../../domain/projects/projects.types.js';
import { PROJECT_NOT_FOUND } from '../../domain/projects/projects.service.js';
import { currentUser } from '../../http/auth.js';
import type { SkinOptions } from './index.js';
import { presentProjectUser } from './presenters/project-users.js';
import { colorFromV8, presentProject } from './presenters/projects.js';
import { presentTask } from './presenters/tasks.js';
import { IdParams, IdsParams } from './schemas/common.js';
import { ProjectBody } from './schemas/projects.js';
import { envelope, oneWorkspace, parseIds, unwrap } from './skin.js';
import { targetWorkspace } from './workspace.js';

type ProjectFields = NonNullable<Extract<typeof ProjectBody.static, object>['project']>;

/** v8's project fields as the domain's project.Payload. */
function projectInput({ wid: _wid, color, ...rest }: ProjectFields): ProjectInput {
  return { ...rest, ...(color !== undefined ? { color: colorFromV8(color) as string | null } : {}) };
}

export const projectRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  const home = async (id: number) => (await services.locator.home('projects', id, PROJECT_NOT_FOUND)).workspace_id;

  app.post('/projects', { schema: { body: ProjectBody } }, async (request) => {
    const user = currentUser(request);
    const fields = unwrap<ProjectFields>(request.body, 'project');
    return envelope(presentProject(await services.projects.create(user, targetWorkspace(user, fields.wid), projectInput(fields))));
  });

  app.get('/projects/:id', { schema: { params: IdParams } }, async (request) =>
    envelope(presentProject(await services.projects.get(currentUser(request), await home(request.params.id), request.params.id))),
  );

  app.put('/projects/:id', { schema: { params: IdParams, body: ProjectBody } }, async (request) => {
    const input = projectInput(unwrap<ProjectFields>(request.body, 'project'));
    return envelope(presentProject(await services.projects.update(currentUser(request), await home(request.params.id), request.params.id, input)));
  });

  // One id or several (`/projects/1,2,3`): all are deleted, or none.
  app.delete('/projects/:ids', { schema: { params: IdsParams } }, async (request, reply) => {
    const ids = parseIds(request.params.ids, 'project');
    const workspaceId = oneWorkspace(await services.locator.homes('projects', ids, PROJECT_NOT_FOUND), 'projects');
    await services.projects.removeMany(currentUser(request), workspaceId, ids);
    return reply.code(200).send();
  });

  app.get('/projects/:id/project_users', { schema: { params: IdParams } }, async (request) => {
    const user = currentUser(request);
    const workspaceId = await home(request.params.id);
    // A project the caller cannot see is not found, even though its list would merely be empty.
    await services.projects.get(user, workspaceId, request.params.id);
    const list = await services.projectUsers.list(user, workspaceId, { project_ids: String(request.params.id) });
    return list.map((pu) => presentProjectUser(pu));
  });

  app.get('/projects/:id/tasks', { schema: { params: IdParams } }, async (request) => {
    const tasks = await services.tasks.listForProject(currentUser(request), await home(request.params.id), request.params.id, {});
    return tasks.map((t) => presentTask(t));
  });
};
