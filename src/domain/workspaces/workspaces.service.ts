import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { clock } from '../../time.js';
import { forbidden, invalid } from '../errors.js';
import type { User } from '../users/users.types.js';
import { cleanName, isPositiveId } from '../validation.js';
import { canChangeWorkspaceSettings, canReadWorkspace } from './workspaces.policy.js';
import type { WorkspacesRepository } from './workspaces.repository.js';
import type { MemberWorkspace, WorkspaceMember, WorkspaceSettings } from './workspaces.types.js';

export interface WorkspaceInput extends WorkspaceSettings {
  admins?: number[];
  rate_change_mode?: string;
}

const CURRENCY = /^[A-Z]{3}$/;
const RATE_CHANGE_MODES = ['start-today', 'override-current', 'override-all'];
const BOOLEAN_SETTINGS = [
  'only_admins_may_create_projects',
  'only_admins_may_create_tags',
  'only_admins_see_billable_rates',
  'only_admins_see_team_dashboard',
  'projects_billable_by_default',
  'projects_private_by_default',
  'projects_enforce_billable',
  'limit_public_project_data',
  'reports_collapse',
] as const;

export class WorkspacesService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly workspaces: WorkspacesRepository,
  ) {}

  async listForUser(user: User, options: { since?: number } = {}): Promise<MemberWorkspace[]> {
    return this.workspaces.forMember(user.id, options);
  }

  /** The workspace as the user sees it, or 403 when they are not a member. */
  async require(user: User, workspaceId: number): Promise<MemberWorkspace> {
    const m = isPositiveId(workspaceId) ? await this.workspaces.memberWorkspace(user.id, workspaceId) : null;
    if (!canReadWorkspace(m)) throw forbidden();
    return m;
  }

  async requireAdmin(user: User, workspaceId: number): Promise<MemberWorkspace> {
    const m = await this.require(user, workspaceId);
    if (!canChangeWorkspaceSettings(m)) throw forbidden('Only workspace admins can do this');
    return m;
  }

  /** Checks and normalizes workspace settings from a request, shared by create and update. */
  validateSettings(input: WorkspaceInput): WorkspaceSettings {
    const out: WorkspaceSettings = {};
    if (input.name !== undefined) {
      const name = cleanName(input.name, 140);
      if (name === null) throw invalid('workspace name must contain non-space characters');
      out.name = name;
    }
    if (input.default_currency !== undefined) {
      if (typeof input.default_currency !== 'string' || !CURRENCY.test(input.default_currency.toUpperCase())) {
        throw invalid('Invalid default_currency');
      }
      out.default_currency = input.default_currency.toUpperCase();
    }
    if (input.default_hourly_rate !== undefined) {
      const rate = input.default_hourly_rate;
      if (rate !== null && (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0)) throw invalid('Invalid default_hourly_rate');
      out.default_hourly_rate = rate;
    }
    if (input.rounding !== undefined) {
      if (![-1, 0, 1].includes(input.rounding)) throw invalid('Invalid rounding');
      out.rounding = input.rounding;
    }
    if (input.rounding_minutes !== undefined) {
      if (!Number.isInteger(input.rounding_minutes) || input.rounding_minutes < 0 || input.rounding_minutes > 240) {
        throw invalid('Invalid rounding_minutes');
      }
      out.rounding_minutes = input.rounding_minutes;
    }
    if (input.rate_change_mode !== undefined && !RATE_CHANGE_MODES.includes(input.rate_change_mode)) {
      throw invalid(`Invalid rate_change_mode, allowed values are: ${RATE_CHANGE_MODES.join(', ')}`);
    }
    for (const key of BOOLEAN_SETTINGS) {
      if (input[key] !== undefined) out[key] = input[key];
    }
    return out;
  }

  async update(user: User, workspaceId: number, input: WorkspaceInput): Promise<MemberWorkspace> {
    await this.requireAdmin(user, workspaceId);
    const settings = this.validateSettings(input);
    const now = clock.now();
    await this.db.transaction().execute(async (tx) => {
      if (input.admins !== undefined) {
        if (!Array.isArray(input.admins) || !input.admins.every(isPositiveId)) throw invalid('Invalid admins');
        const members = new Set(await this.workspaces.memberUserIds(workspaceId, tx));
        if (!input.admins.every((id) => members.has(id))) throw invalid('Invalid admins');
        // A workspace must keep an admin, and an admin cannot lock themselves out by accident.
        if (input.admins.length === 0) throw invalid('Workspace needs at least one admin');
        await this.workspaces.setAdmins(tx, workspaceId, input.admins, now);
      }
      if (input.default_hourly_rate !== undefined) (settings as Record<string, unknown>).rate_last_updated = now;
      await this.workspaces.update(workspaceId, settings, now, tx);
    });
    return (await this.workspaces.memberWorkspace(user.id, workspaceId))!;
  }

  async users(user: User, workspaceId: number, options: { excludeDeleted?: boolean } = {}): Promise<WorkspaceMember[]> {
    await this.require(user, workspaceId);
    return this.workspaces.members(workspaceId, options);
  }
}
