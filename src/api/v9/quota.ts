import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { currentUser } from '../../http/auth.js';
import type { SkinOptions } from './index.js';
import { presentQuota } from './presenters/quota.js';

export const quotaRoutes: FastifyPluginAsyncTypebox<SkinOptions> = async (app, { services }) => {
  // Reading the quota does not use it up, so a client can check before it backs off.
  app.get('/me/quota', { config: { quotaExempt: true } }, async (request) => {
    const user = currentUser(request);
    const organizations = await services.quota.organizationsOf(user);
    const targets: (number | null)[] = [...organizations, null];
    const figures = await Promise.all(targets.map((id) => app.limits.quota(user.id, id)));
    return targets.map((id, i) => presentQuota(id, figures[i]!));
  });
};
