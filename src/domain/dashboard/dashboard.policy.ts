import type { MemberWorkspace } from '../workspaces/workspaces.types.js';

/** The team dashboard is for every member unless the workspace keeps it to admins. */
export const canSeeTeamDashboard = (m: MemberWorkspace): boolean => m.admin || !m.only_admins_see_team_dashboard;
