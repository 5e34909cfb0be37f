import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { invalid } from '../../domain/errors.js';
import { PREFERENCE_DEFAULTS, PREFERENCE_TYPES } from '../../domain/users/preferences.defaults.js';
import type { User } from '../../domain/users/users.types.js';
import { sendJsonString } from '../errors.js';
import { clearedSessionCookie, currentUser, sessionCookie, sessionCookieValue } from '../../http/auth.js';
import type { SkinOptions } from './index.js';
import { presentMe, presentUser } from './presenters/users.js';
import { presentWorkspace, presentWorkspaceWithCount } from './presenters/workspaces.js';
import { presentClient } from './presenters/clients.js';
import { presentOrganization } from './presenters/organizations.js';
import { presentProject } from './presenters/projects.js';
import { presentTag } from './presenters/tags.js';
import { presentTask } from './presenters/tasks.js';
import { presentTimeEntry } from './presenters/time-entries.js';
import { MeQuery, PreferencesBody, PreferencesClientParams, SignupBody, SinceQuery, UpdateMeBody } from './schemas/me.js';

/** Features Stint offers in every workspace, in me.Feature form. */
const FEATURES = [
  { feature_id: 0, name: 'free', enabled: true },
  { feature_id: 13, name: 'pro', enabled: true },
  { feature_id: 15, name: 'business', enabled: true },
];

function checkPreferences(body: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(body)) {
    const type = PREFERENCE_TYPES[key];
    if (!type) throw invalid(`Invalid preference: ${key}`);
    if (value === null || type === 'any') continue;
    const ok =
      (type === 'boolean' && typeof value === 'boolean') ||
      (type === 'integer' && typeof value === 'number' && Number.isFinite(value)) ||
      (type === 'string' && typeof value === 'string') ||
      (type === 'array' && Array.isArray(value)) ||
      (type === 'object' && typeof value === 'object' && !Array.isArray(value));
    if (!ok) throw invalid(`Invalid value for preference ${key}: expected ${type}`);
  }
}

export const meRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services, config }) => {
  // `user` is as read for this request (by auth, signup or session start).
  const present = async (user: User, withRelated: boolean) => {
    if (!withRelated) return presentMe(user);
    // Toggl's "related data" is what a client needs to start syncing: everything the user can
    // see in their workspaces, and their recent time entries.
    const workspaces = await services.workspaces.listForUser(user);
    const clients = await services.clients.listForUser(user);
    const projects = await services.projects.listForMe(user, {}, workspaces);
    const tags = await services.tags.listForUser(user);
    const tasks = await services.tasks.listForMe(user, {}, workspaces);
    const timeEntries = await services.timeEntries.list(user, {});
    return presentMe(user, {
      clients: clients.map(presentClient),
      projects: projects.map(presentProject),
      tags: tags.map(presentTag),
      tasks: tasks.map(presentTask),
      time_entries: timeEntries.map((e) => presentTimeEntry(e, { read: true })),
      workspaces: workspaces.map(presentWorkspace),
    });
  };

  app.post('/signup', { config: { public: true }, schema: { body: SignupBody } }, async (request) => {
    const user = await services.users.signup(request.body);
    return present(user, false);
  });

  app.post('/me/sessions', async (request, reply) => {
    const user = currentUser(request);
    const session = await services.users.startSession(user);
    reply.header('set-cookie', sessionCookie(session.value, session.maxAge, config.cookieSecure));
    return present(user, false);
  });

  app.delete('/me/sessions', async (request, reply) => {
    const value = sessionCookieValue(request);
    if (value) await services.users.endSession(value);
    reply.header('set-cookie', clearedSessionCookie(config.cookieSecure));
    return reply.code(200).send();
  });

  app.get('/me', { schema: { querystring: MeQuery } }, async (request) =>
    present(currentUser(request), request.query.with_related_data === true),
  );

  app.put('/me', { schema: { body: UpdateMeBody } }, async (request) => {
    const user = await services.users.update(currentUser(request), request.body);
    return presentUser(user);
  });

  app.get('/me/id', async (request) => currentUser(request).id);

  app.get('/me/logged', async (_request, reply) => reply.code(200).send());

  app.post('/me/reset_token', async (request, reply) => sendJsonString(reply, 200, await services.users.resetToken(currentUser(request))));

  app.get('/me/features', async (request) => {
    const workspaces = await services.workspaces.listForUser(currentUser(request));
    return workspaces.map((ws) => ({ workspace_id: ws.id, features: FEATURES }));
  });

  // Stint has no IP geolocation database; Toggl answers an empty location when it has no data.
  app.get('/me/location', async () => ({}));

  app.get('/me/organizations', async (request) => {
    const orgs = await services.organizations.listForUser(currentUser(request));
    return orgs.map(presentOrganization);
  });

  app.get('/me/workspaces', { schema: { querystring: SinceQuery } }, async (request) => {
    const since = request.query.since;
    const workspaces = await services.workspaces.listForUser(currentUser(request), since !== undefined ? { since: since * 1000 } : {});
    return workspaces.map(presentWorkspaceWithCount);
  });

  const preferences = (request: { user: unknown }) => ({ ...PREFERENCE_DEFAULTS, ...currentUser(request as never).preferences });

  app.get('/me/preferences', async (request) => preferences(request));
  app.get('/me/preferences/:client', { schema: { params: PreferencesClientParams } }, async (request) => preferences(request));

  const setPreferences = async (user: ReturnType<typeof currentUser>, body: Record<string, unknown>) => {
    checkPreferences(body);
    await services.users.setPreferences(user, body);
  };
  app.post('/me/preferences', { schema: { body: PreferencesBody } }, async (request, reply) => {
    await setPreferences(currentUser(request), request.body);
    return sendJsonString(reply, 200, 'OK');
  });
  app.post('/me/preferences/:client', { schema: { params: PreferencesClientParams, body: PreferencesBody } }, async (request, reply) => {
    await setPreferences(currentUser(request), request.body);
    return sendJsonString(reply, 200, 'OK');
  });
};
