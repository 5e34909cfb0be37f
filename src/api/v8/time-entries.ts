import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TimeEntryInput } from '../../domain/time-entries/time-entries.types.js';
import type { User } from '../../domain/users/users.types.js';
import { currentUser } from '../../http/auth.js';
import { clock, formatSeconds } from '../../time.js';
import type { SkinOptions } from './index.js';
import { presentTimeEntry } from './presenters/time-entries.js';
import { IdParams, IdsParams } from './schemas/common.js';
import { TimeEntriesQuery, TimeEntryBody } from './schemas/time-entries.js';
import { envelope, oneWorkspace, parseIds, unwrap } from './skin.js';
import { targetWorkspace } from './workspace.js';

type TimeEntryFields = NonNullable<Extract<typeof TimeEntryBody.static, object>['time_entry']>;

export const timeEntryRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  const entries = services.timeEntries;

  /**
   * v8: "wid: workspace ID (integer, required if pid or tid not supplied)". Without a wid the
   * entry goes where its project or task lives, or else to the default workspace.
   */
  const workspaceFor = async (user: User, input: TimeEntryFields): Promise<number> => {
    if (input.wid !== undefined && input.wid !== null) return input.wid;
    if (input.pid) return (await services.locator.home('projects', input.pid, 'Invalid project_id')).workspace_id;
    if (input.tid) return (await services.locator.home('tasks', input.tid, 'Invalid task_id')).workspace_id;
    return targetWorkspace(user, null);
  };

  const create = async (user: User, input: TimeEntryInput & TimeEntryFields) =>
    envelope(presentTimeEntry(await entries.create(user, await workspaceFor(user, input), input)));

  app.post('/time_entries', { schema: { body: TimeEntryBody } }, async (request) =>
    create(currentUser(request), unwrap<TimeEntryFields>(request.body, 'time_entry')),
  );

  // "time_entries/start ... overrides the start from the JSON and sets it to current time."
  app.post('/time_entries/start', { schema: { body: TimeEntryBody } }, async (request) => {
    const { stop: _ignored, ...input } = unwrap<TimeEntryFields>(request.body, 'time_entry');
    return create(currentUser(request), { ...input, start: formatSeconds(clock.now()), duration: -1 });
  });

  // v8 lists oldest first (the reference's example; clients such as npm toggl-api read it so),
  // where v9 lists newest first.
  app.get('/time_entries', { schema: { querystring: TimeEntriesQuery } }, async (request) =>
    (await entries.list(currentUser(request), request.query)).sort((a, b) => a.start - b.start || a.id - b.id).map(presentTimeEntry),
  );

  app.get('/time_entries/current', async (request) => {
    const entry = await entries.current(currentUser(request));
    return envelope(entry ? presentTimeEntry(entry) : null);
  });

  app.get('/time_entries/:id', { schema: { params: IdParams } }, async (request) =>
    envelope(presentTimeEntry(await entries.get(currentUser(request), request.params.id))),
  );

  app.put('/time_entries/:id/stop', { schema: { params: IdParams } }, async (request) => {
    const user = currentUser(request);
    const entry = await entries.get(user, request.params.id);
    return envelope(presentTimeEntry(await entries.stop(user, entry.workspace_id, entry.id)));
  });

  // One id updates that entry. Several (`/time_entries/1,2`) take the same change, typically
  // `tags` with `tag_action` add/remove, all together or not at all, and answer the list.
  app.put('/time_entries/:ids', { schema: { params: IdsParams, body: TimeEntryBody } }, async (request) => {
    const user = currentUser(request);
    const input = unwrap<TimeEntryFields>(request.body, 'time_entry');
    const ids = parseIds(request.params.ids, 'time entry');
    const found = await Promise.all(ids.map((id) => entries.get(user, id)));
    const workspaceId = oneWorkspace(found.map((e) => ({ home: e })), 'time entries');
    if (!request.params.ids.includes(',')) return envelope(presentTimeEntry(await entries.update(user, workspaceId, ids[0]!, input)));
    return envelope((await entries.updateMany(user, workspaceId, ids, input)).map(presentTimeEntry));
  });

  app.delete('/time_entries/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const user = currentUser(request);
    const entry = await entries.get(user, request.params.id);
    await entries.delete(user, entry.workspace_id, entry.id);
    return reply.code(200).send();
  });
};
