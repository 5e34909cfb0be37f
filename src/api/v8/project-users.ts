import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { invalid } from '../../domain/errors.js';
import { PROJECT_USER_NOT_FOUND } from '../../domain/project-users/project-users.service.js';
import type { ProjectUser } from '../../domain/project-users/project-users.types.js';
import { PROJECT_NOT_FOUND } from '../../domain/projects/projects.service.js';
import type { User } from '../../domain/users/users.types.js';
import { currentUser } from '../../http/auth.js';
import { requestedFields } from './fields.js';
import type { SkinOptions } from './index.js';
import { presentProjectUser } from './presenters/project-users.js';
import { IdsParams } from './schemas/common.js';
import { ProjectUserBody } from './schemas/project-users.js';
import { envelope, oneWorkspace, parseIds, unwrap } from './skin.js';

type ProjectUserFields = NonNullable<Extract<typeof ProjectUserBody.static, object>['project_user']>;

export const projectUserRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  /** Presents project users, with each person's full name when `fields` asks for it (one query). */
  const present = async (user: User, workspaceId: number, list: ProjectUser[], fields: string | undefined) => {
    if (!requestedFields(fields).has('fullname')) return list.map((pu) => presentProjectUser(pu));
    const names = new Map((await services.workspaces.users(user, workspaceId)).map((m) => [m.user_id, m.fullname]));
    return list.map((pu) => presentProjectUser(pu, names.get(pu.user_id) ?? null));
  };

  // One user (`"uid": 123`) answers one project user; several (`"uid": "1,2,3"`) answer a list.
  app.post('/project_users', { schema: { body: ProjectUserBody } }, async (request) => {
    const user = currentUser(request);
    const { pid, uid, manager, rate, fields } = unwrap<ProjectUserFields>(request.body, 'project_user');
    if (pid === undefined) throw invalid('Invalid project_id');
    const { workspace_id } = await services.locator.home('projects', pid, PROJECT_NOT_FOUND);
    const input = { project_id: pid, ...(manager !== undefined ? { manager } : {}), ...(rate !== undefined ? { rate } : {}) };
    if (typeof uid === 'string') {
      const created = await services.projectUsers.createMany(user, workspace_id, { ...input, user_ids: parseIds(uid, 'user') });
      return envelope(await present(user, workspace_id, created, fields));
    }
    const created = await services.projectUsers.create(user, workspace_id, { ...input, ...(uid !== undefined ? { user_id: uid } : {}) });
    return envelope((await present(user, workspace_id, [created], fields))[0]);
  });

  // "Workspace id (wid), project id (pid) and user id (uid) can't be changed": only manager and rate are read.
  app.put('/project_users/:ids', { schema: { params: IdsParams, body: ProjectUserBody } }, async (request) => {
    const user = currentUser(request);
    const { manager, rate, fields } = unwrap<ProjectUserFields>(request.body, 'project_user');
    const ids = parseIds(request.params.ids, 'project user');
    const workspaceId = oneWorkspace(await services.locator.homes('project_users', ids, PROJECT_USER_NOT_FOUND), 'project users');
    const input = { ...(manager !== undefined ? { manager } : {}), ...(rate !== undefined ? { rate } : {}) };
    const updated = await services.projectUsers.updateMany(user, workspaceId, ids, input);
    const presented = await present(user, workspaceId, updated, fields);
    return envelope(request.params.ids.includes(',') ? presented : presented[0]);
  });

  app.delete('/project_users/:ids', { schema: { params: IdsParams } }, async (request, reply) => {
    const ids = parseIds(request.params.ids, 'project user');
    const workspaceId = oneWorkspace(await services.locator.homes('project_users', ids, PROJECT_USER_NOT_FOUND), 'project users');
    await services.projectUsers.removeMany(currentUser(request), workspaceId, ids);
    return reply.code(200).send();
  });
};
