import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Services } from '../../container.js';
import { clientRoutes } from './clients.js';
import { dashboardRoutes } from './dashboard.js';
import { groupRoutes } from './groups.js';
import { projectUserRoutes } from './project-users.js';
import { projectRoutes } from './projects.js';
import { sendV8Error, v8Error, v8Payload } from './skin.js';
import { tagRoutes } from './tags.js';
import { taskRoutes } from './tasks.js';
import { timeEntryRoutes } from './time-entries.js';
import { userRoutes } from './users.js';
import { workspaceRoutes } from './workspaces.js';
import { requireUser } from '../../http/auth.js';

export interface SkinOptions {
  services: Services;
  config: Config;
}

/**
 * Track API v8, mounted at /api/v8: a second skin over the domain services v9 uses. It owns v8's
 * conventions (see skin.ts): failed authentication is 403, answers are wrapped in {"data": ...}
 * with null fields left out, and errors are arrays of messages.
 */
export async function trackV8(app: FastifyInstance, opts: SkinOptions): Promise<void> {
  // The v8 reference: "If authentication fails, HTTP status code 403 is returned."
  app.addHook('onRequest', requireUser(403));

  app.addHook('preSerialization', async (_request, _reply, payload) => v8Payload(payload));

  app.setErrorHandler((err, request, reply) => {
    const { status, messages } = v8Error(err, request);
    return sendV8Error(reply, status, messages);
  });

  app.setNotFoundHandler((_request, reply) => sendV8Error(reply, 404, ['404 page not found']));

  // Pass only what routes need: forwarding `opts` whole would re-apply the /api/v8 prefix.
  const deps: SkinOptions = { services: opts.services, config: opts.config };
  for (const routes of [userRoutes, workspaceRoutes, clientRoutes, projectRoutes, projectUserRoutes, tagRoutes, taskRoutes, timeEntryRoutes, dashboardRoutes, groupRoutes]) {
    await app.register(routes, deps);
  }
}
