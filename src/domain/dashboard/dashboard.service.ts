import { clock } from '../../time.js';
import { forbidden } from '../errors.js';
import type { User } from '../users/users.types.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { canSeeTeamDashboard } from './dashboard.policy.js';
import type { DashboardRepository } from './dashboard.repository.js';
import type { Dashboard } from './dashboard.types.js';

// The v8 reference: "The activity object holds the data of 20 latest actions in the workspace"
// and "the top 5 users who have tracked the most time during last 7 days".
const ACTIVITY_LIMIT = 20;
const MOST_ACTIVE_LIMIT = 5;
const MOST_ACTIVE_WINDOW_SECONDS = 7 * 86_400;
const DASHBOARD_ADMINS_ONLY = 'Only workspace admins may see the team dashboard in this workspace';

export class DashboardService {
  constructor(
    private readonly dashboard: DashboardRepository,
    private readonly workspaces: WorkspacesService,
  ) {}

  async get(user: User, workspaceId: number): Promise<Dashboard> {
    const ws = await this.workspaces.require(user, workspaceId);
    if (!canSeeTeamDashboard(ws)) throw forbidden(DASHBOARD_ADMINS_ONLY);
    const now = Math.floor(clock.now() / 1000);
    const [mostActive, activity] = await Promise.all([
      this.dashboard.mostActive(ws.id, now - MOST_ACTIVE_WINDOW_SECONDS, now, MOST_ACTIVE_LIMIT),
      this.dashboard.latest(ws.id, { userId: user.id, admin: ws.admin }, ACTIVITY_LIMIT),
    ]);
    return { most_active_user: mostActive, activity };
  }
}
