import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { invalid } from '../../domain/errors.js';
import { PROJECT_NOT_FOUND } from '../../domain/projects/projects.service.js';
import { TASK_NOT_FOUND } from '../../domain/tasks/tasks.service.js';
import type { TaskInput } from '../../domain/tasks/tasks.types.js';
import { currentUser } from '../../http/auth.js';
import { requestedFields } from './fields.js';
import type { SkinOptions } from './index.js';
import { presentTask, type TaskFields } from './presenters/tasks.js';
import { IdParams, IdsParams } from './schemas/common.js';
import { TaskBody } from './schemas/tasks.js';
import { envelope, oneWorkspace, parseIds, unwrap } from './skin.js';

type TaskBodyFields = NonNullable<Extract<typeof TaskBody.static, object>['task']>;

/** v8's task fields as the domain's task.Payload; pid and wid are where the task lives, not changes. */
function taskInput({ name, uid, estimated_seconds, active }: TaskBodyFields): TaskInput {
  return {
    ...(name !== undefined ? { name } : {}),
    ...(uid !== undefined ? { user_id: uid } : {}),
    ...(estimated_seconds !== undefined ? { estimated_seconds } : {}),
    ...(active !== undefined ? { active } : {}),
  };
}

function taskFields(raw: string | undefined): TaskFields {
  const asked = requestedFields(raw);
  return { done_seconds: asked.has('done_seconds'), uname: asked.has('uname') };
}

export const taskRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  app.post('/tasks', { schema: { body: TaskBody } }, async (request) => {
    const fields = unwrap<TaskBodyFields>(request.body, 'task');
    if (fields.pid === undefined) throw invalid("Project can't be blank");
    const { workspace_id } = await services.locator.home('projects', fields.pid, PROJECT_NOT_FOUND);
    const task = await services.tasks.create(currentUser(request), workspace_id, fields.pid, taskInput(fields));
    return envelope(presentTask(task, taskFields(fields.fields)));
  });

  app.get('/tasks/:id', { schema: { params: IdParams } }, async (request) => {
    const home = await services.locator.home('tasks', request.params.id, TASK_NOT_FOUND);
    return envelope(presentTask(await services.tasks.get(currentUser(request), home.workspace_id, home.project_id!, request.params.id)));
  });

  // One id answers the task; several (`/tasks/1,2`) answer the list, all changed or none.
  app.put('/tasks/:ids', { schema: { params: IdsParams, body: TaskBody } }, async (request) => {
    const fields = unwrap<TaskBodyFields>(request.body, 'task');
    const ids = parseIds(request.params.ids, 'task');
    const homes = await services.locator.homes('tasks', ids, TASK_NOT_FOUND);
    const workspaceId = oneWorkspace(homes, 'tasks');
    const refs = homes.map(({ id, home }) => ({ projectId: home.project_id!, taskId: id }));
    const tasks = await services.tasks.updateMany(currentUser(request), workspaceId, refs, taskInput(fields));
    const presented = tasks.map((t) => presentTask(t, taskFields(fields.fields)));
    return envelope(request.params.ids.includes(',') ? presented : presented[0]);
  });

  app.delete('/tasks/:ids', { schema: { params: IdsParams } }, async (request, reply) => {
    const ids = parseIds(request.params.ids, 'task');
    const homes = await services.locator.homes('tasks', ids, TASK_NOT_FOUND);
    const refs = homes.map(({ id, home }) => ({ projectId: home.project_id!, taskId: id }));
    await services.tasks.removeMany(currentUser(request), oneWorkspace(homes, 'tasks'), refs);
    return reply.code(200).send();
  });
};
