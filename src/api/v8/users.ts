import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { invalid } from '../../domain/errors.js';
import type { User } from '../../domain/users/users.types.js';
import { clearedSessionCookie, currentUser, sessionCookie, sessionCookieValue } from '../../http/auth.js';
import { ceilSeconds, secondsText } from '../../http/limits/limits.js';
import { clock } from '../../time.js';
import type { SkinOptions } from './index.js';
import { presentClient } from './presenters/clients.js';
import { presentProject } from './presenters/projects.js';
import { presentTag } from './presenters/tags.js';
import { presentTask } from './presenters/tasks.js';
import { presentTimeEntry } from './presenters/time-entries.js';
import { presentUser } from './presenters/users.js';
import { presentWorkspace } from './presenters/workspaces.js';
import { MeQuery, SignupBody, UserBody } from './schemas/users.js';
import { envelope, sendV8Error, unwrap } from './skin.js';

type UserFields = NonNullable<Extract<typeof UserBody.static, object>['user']>;
type SignupFields = NonNullable<Extract<typeof SignupBody.static, object>['user']>;

export const userRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services, config }) => {
  const nowSeconds = () => Math.floor(clock.now() / 1000);

  /**
   * The v8 reference: "After successful authentication a session is created using a cookie." A
   * caller who authenticated with Basic (password or token) gets a session cookie to go on with;
   * a caller already on a session cookie keeps it.
   */
  const startSession = async (request: FastifyRequest, reply: FastifyReply, user: User) => {
    if (request.headers.authorization === undefined) return;
    const session = await services.users.startSession(user);
    reply.header('set-cookie', sessionCookie(session.value, session.maxAge, config.cookieSecure));
  };

  /** Everything the user can see, or what changed since `since` (UNIX seconds), deletions included. */
  const related = async (user: User, since: number | undefined) => {
    const sinceMs = since !== undefined ? { since: since * 1000 } : {};
    const [workspaces, clients, projects, tasks, tags, entries] = await Promise.all([
      services.workspaces.listForUser(user, sinceMs),
      services.clients.listForUser(user, sinceMs),
      services.projects.listForMe(user, { include_archived: 'true', ...(since !== undefined ? { since } : {}) }),
      services.tasks.listForMe(user, { include_not_active: 'true', ...(since !== undefined ? { since } : {}) }),
      services.tags.listForUser(user, sinceMs),
      services.timeEntries.list(user, since !== undefined ? { since } : {}),
    ]);
    return {
      workspaces: workspaces.map(presentWorkspace),
      clients: clients.map(presentClient),
      projects: projects.map((p) => presentProject(p)),
      tasks: tasks.map((t) => presentTask(t)),
      tags: tags.map(presentTag),
      time_entries: entries.map(presentTimeEntry),
    };
  };

  app.get('/me', { schema: { querystring: MeQuery } }, async (request, reply) => {
    const user = currentUser(request);
    await startSession(request, reply, user);
    const since = nowSeconds();
    const extra = request.query.with_related_data === true ? await related(user, request.query.since) : {};
    return { since, data: { ...presentUser(user), ...extra } };
  });

  app.put('/me', { schema: { body: UserBody } }, async (request) => {
    const { send_product_emails, send_weekly_report, send_timer_notifications, timeofday_format, date_format, store_start_and_stop_time, default_wid, ...profile } =
      unwrap<UserFields>(request.body, 'user');
    if (store_start_and_stop_time === false) throw invalid('Stint always stores the start and stop time of time entries');
    const preferences = Object.fromEntries(
      Object.entries({ send_product_emails, send_weekly_report, send_timer_notifications, timeofday_format, date_format }).filter(([, v]) => v !== undefined),
    );
    const user = await services.users.update(currentUser(request), { ...profile, ...(default_wid !== undefined ? { default_workspace_id: default_wid } : {}) }, preferences);
    return envelope(presentUser(user));
  });

  // The new token is the whole answer, as a JSON string.
  app.post('/reset_token', async (request, reply) => {
    const token = await services.users.resetToken(currentUser(request));
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(token));
  });

  app.post(
    '/signups',
    {
      config: { public: true },
      schema: { body: SignupBody },
      // The same per-address signup limit as v9's POST /signup.
      preHandler: async (request, reply) => {
        const admitted = await app.limits.admitSignup(request.ip);
        if (admitted.allowed) return;
        const seconds = ceilSeconds(admitted.resetsInMs);
        reply.header('retry-after', String(seconds));
        return sendV8Error(reply, 429, [`Too many signups from this address. Try again in ${secondsText(seconds)}.`]);
      },
    },
    async (request) => {
      const { email, password, fullname, timezone } = unwrap<SignupFields>(request.body, 'user');
      const user = await services.users.signup({
        email: email ?? '',
        password: password ?? '',
        ...(fullname ? { fullname } : {}),
        ...(timezone ? { timezone } : {}),
      });
      return envelope(presentUser(user));
    },
  );

  app.post('/sessions', async (request, reply) => {
    const user = currentUser(request);
    const session = await services.users.startSession(user);
    reply.header('set-cookie', sessionCookie(session.value, session.maxAge, config.cookieSecure));
    return { since: nowSeconds(), data: presentUser(user) };
  });

  app.delete('/sessions', async (request, reply) => {
    const value = sessionCookieValue(request);
    if (value) await services.users.endSession(value);
    reply.header('set-cookie', clearedSessionCookie(config.cookieSecure));
    return reply.code(200).send();
  });
};
