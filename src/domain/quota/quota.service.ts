import { clock } from '../../time.js';
import type { User } from '../users/users.types.js';
import { isPositiveId } from '../validation.js';
import type { QuotaRepository } from './quota.repository.js';

/** What a request points at, read from its path. */
export interface QuotaTarget {
  workspaceId?: number;
  organizationId?: number;
}

const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 10_000;

/**
 * Decides which quota window a request counts against. Toggl counts requests that point at a
 * workspace or organization against that organization's quota, per user, and everything else
 * (such as /me) against a quota outside any organization. A request at an organization the
 * user does not belong to counts outside any, so ids that are not theirs create no windows.
 */
export class QuotaService {
  // Every request of a workspace route asks this; membership changes are rare, so answers are
  // kept for a minute (bounded, oldest dropped first) instead of costing a query each time.
  private readonly cache = new Map<string, { organizationId: number | null; expiresAt: number }>();

  constructor(private readonly quota: QuotaRepository) {}

  async organizationFor(user: User, target: QuotaTarget): Promise<number | null> {
    const { workspaceId, organizationId } = target;
    const byWorkspace = workspaceId !== undefined && isPositiveId(workspaceId);
    const byOrganization = !byWorkspace && organizationId !== undefined && isPositiveId(organizationId);
    if (!byWorkspace && !byOrganization) return null;
    const key = byWorkspace ? `${user.id}:w${workspaceId}` : `${user.id}:o${organizationId}`;
    const now = clock.now();
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > now) return hit.organizationId;
    const found = byWorkspace
      ? await this.quota.memberOrganizationOfWorkspace(user.id, workspaceId!)
      : await this.quota.memberOrganization(user.id, organizationId!);
    this.cache.delete(key);
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { organizationId: found, expiresAt: now + CACHE_TTL_MS });
    return found;
  }

  /** The organizations whose quota GET /me/quota reports. */
  organizationsOf(user: User): Promise<number[]> {
    return this.quota.organizationIdsOfUser(user.id);
  }
}
