import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TimeEntryAlreadyStopped } from '../../domain/time-entries/time-entries.service.js';
import { currentUser } from '../../http/auth.js';
import { sendJsonString } from '../errors.js';
import type { SkinOptions } from './index.js';
import {
  presentChecklist,
  presentInvitation,
  presentPatchOutcome,
  presentSharingDetails,
  presentTimeEntry,
} from './presenters/time-entries.js';
import { WorkspaceParams } from './schemas/common.js';
import {
  InvitationActionParams,
  PatchBody,
  ReadQuery,
  SharingBody,
  TimeEntriesQuery,
  TimeEntryBody,
  TimeEntryParams,
  WorkspaceTimeEntryIdsParams,
  WorkspaceTimeEntryParams,
} from './schemas/time-entries.js';

export const timeEntryRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  const entries = services.timeEntries;

  app.get('/me/time_entries', { schema: { querystring: TimeEntriesQuery } }, async (request) => {
    const { meta, include_sharing, ...query } = request.query;
    const list = await entries.list(currentUser(request), query, { meta: meta === true, sharing: include_sharing === true });
    return list.map((e) => presentTimeEntry(e, { read: true }));
  });

  app.get('/me/time_entries/current', async (request, reply) => {
    const entry = await entries.current(currentUser(request));
    // Toggl answers 200 with the JSON literal null when no timer runs.
    if (!entry) return reply.code(200).type('application/json; charset=utf-8').send('null');
    return presentTimeEntry(entry, { read: true });
  });

  app.get('/me/time_entries/checklist', async (request) => (await entries.checklist(currentUser(request))).map(presentChecklist));

  app.get('/me/time_entries/:time_entry_id', { schema: { params: TimeEntryParams, querystring: ReadQuery } }, async (request) => {
    const { meta, include_sharing } = request.query;
    const entry = await entries.get(currentUser(request), request.params.time_entry_id, { meta: meta === true, sharing: include_sharing === true });
    return presentTimeEntry(entry, { read: true });
  });

  app.post('/me/time_entries_shared_with', { schema: { body: SharingBody } }, async (request) =>
    (await entries.sharingDetails(currentUser(request), request.body)).map(presentSharingDetails),
  );

  app.post(
    '/workspaces/:workspace_id/time_entries',
    { schema: { params: WorkspaceParams, querystring: ReadQuery, body: TimeEntryBody } },
    async (request) => {
      const entry = await entries.create(currentUser(request), request.params.workspace_id, request.body, { meta: request.query.meta === true });
      return presentTimeEntry(entry);
    },
  );

  app.put(
    '/workspaces/:workspace_id/time_entries/:time_entry_id',
    { schema: { params: WorkspaceTimeEntryParams, querystring: ReadQuery, body: TimeEntryBody } },
    async (request) => {
      const { workspace_id, time_entry_id } = request.params;
      const { meta, include_sharing } = request.query;
      const entry = await entries.update(currentUser(request), workspace_id, time_entry_id, request.body, { meta: meta === true, sharing: include_sharing === true });
      return presentTimeEntry(entry);
    },
  );

  app.delete('/workspaces/:workspace_id/time_entries/:time_entry_id', { schema: { params: WorkspaceTimeEntryParams } }, async (request, reply) => {
    await entries.delete(currentUser(request), request.params.workspace_id, request.params.time_entry_id);
    return reply.code(200).send();
  });

  app.patch('/workspaces/:workspace_id/time_entries/:time_entry_id/stop', { schema: { params: WorkspaceTimeEntryParams } }, async (request, reply) => {
    try {
      return presentTimeEntry(await entries.stop(currentUser(request), request.params.workspace_id, request.params.time_entry_id));
    } catch (err) {
      if (err instanceof TimeEntryAlreadyStopped) return sendJsonString(reply, 409, err.message);
      throw err;
    }
  });

  app.patch(
    '/workspaces/:workspace_id/time_entries/:time_entry_ids',
    { schema: { params: WorkspaceTimeEntryIdsParams, querystring: ReadQuery, body: PatchBody } },
    async (request) => {
      const { workspace_id, time_entry_ids } = request.params;
      return presentPatchOutcome(await entries.patch(currentUser(request), workspace_id, time_entry_ids, request.body));
    },
  );

  app.get('/workspaces/:workspace_id/time_entry_invitations', { schema: { params: WorkspaceParams } }, async (request) =>
    (await entries.invitations(currentUser(request), request.params.workspace_id)).map(presentInvitation),
  );

  app.post(
    '/workspaces/:workspace_id/time_entry_invitations/:time_entry_invitation_id/:action',
    { schema: { params: InvitationActionParams } },
    async (request, reply) => {
      const { workspace_id, time_entry_invitation_id, action } = request.params;
      await entries.answerInvitation(currentUser(request), workspace_id, time_entry_invitation_id, action);
      return reply.code(204).send();
    },
  );
};
