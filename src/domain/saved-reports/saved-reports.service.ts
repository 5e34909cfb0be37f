import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { clock } from '../../time.js';
import { forbidden, invalid, notFound } from '../errors.js';
import { parseDetailedOptions, parseExportOptions, parseReportFilters, parseSummaryOptions } from '../reports/report-filters.js';
import type { User } from '../users/users.types.js';
import { cleanName, isPositiveId } from '../validation.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { MemberWorkspace } from '../workspaces/workspaces.types.js';
import { isReportPeriod, REPORT_PERIOD_NOT_SUPPORTED } from './saved-reports.period.js';
import { canChangeSavedReport, canSaveAsPublic, canSeeSavedReport } from './saved-reports.policy.js';
import type { SavedReportsRepository } from './saved-reports.repository.js';
import {
  REPORT_TYPES,
  type ReportType,
  type SavedReport,
  type SavedReportChanges,
  type SavedReportFilter,
  type SavedReportInput,
  type SavedReportSortField,
} from './saved-reports.types.js';

export const MAX_SAVED_REPORT_NAME_LENGTH = 255;
/** Bounds bulk requests, so one request cannot hold the database for long. */
export const MAX_BULK_SAVED_REPORTS = 1000;
const DEFAULT_PER_PAGE = 50;
const SORT_FIELDS: readonly SavedReportSortField[] = ['id', 'name', 'updated_at'];

export const PUBLIC_ONLY_ADMINS = 'Public reports can be saved only by admins.';
const NAME_BLANK = "saved report name field can't be blank";
const reportNotFound = (id: number) => notFound(`Report ID ${id} not found/accessible.`);
const someNotFound = (found: number, requested: number) =>
  notFound(`Some IDs were not found: Only ${found} Saved Reports found for ${requested} given IDs.`);

/** Query of GET /workspaces/{wid}/reports/shared as received (query strings). */
export interface SavedReportsQuery {
  fixed_dates?: string;
  name?: string;
  page?: string;
  per_page?: string;
  public?: string;
  scheduled?: string;
  sort_direction?: string;
  sort_field?: string;
}

/** Toggl answers every unreadable list parameter with the same sentence. */
const invalidParameter = (name: string) => invalid(`Invalid parameter ${name}.`);

function queryBool(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalidParameter(name);
}

function queryPositive(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || !isPositiveId(Number(value))) throw invalidParameter(name);
  return Number(value);
}

function newToken(): string {
  return crypto.randomBytes(16).toString('hex');
}

/**
 * Checks a report's params object. `reportTypeMessage` differs per operation in Toggl's texts
 * ("is invalid or blank" on create, "invalid or blank" on update).
 */
function checkParams(params: unknown, reportTypeMessage: string): Record<string, unknown> {
  // models.SavedReport sends params as a JSON string; a client writing back what it read sends that.
  if (typeof params === 'string') {
    try {
      params = JSON.parse(params) as unknown;
    } catch {
      throw invalid(reportTypeMessage);
    }
  }
  if (params === null || typeof params !== 'object' || Array.isArray(params)) throw invalid(reportTypeMessage);
  const p = params as Record<string, unknown>;
  if (typeof p.report_type !== 'string' || !(REPORT_TYPES as readonly string[]).includes(p.report_type)) throw invalid(reportTypeMessage);
  if (p.period !== undefined && p.period !== null && !isReportPeriod(p.period)) throw invalid(REPORT_PERIOD_NOT_SUPPORTED);
  // The parameters must be ones the report accepts, so that opening it later cannot fail on them.
  parseReportFilters(p);
  if (p.report_type === 'summary') parseSummaryOptions(p);
  if (p.report_type === 'detailed') parseDetailedOptions(p);
  parseExportOptions(p, p.report_type as ReportType);
  return p;
}

function checkName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(NAME_BLANK);
  const name = cleanName(value, MAX_SAVED_REPORT_NAME_LENGTH);
  if (name === null) throw invalid(`saved report name can't be longer than ${MAX_SAVED_REPORT_NAME_LENGTH} characters or contain control characters`);
  return name;
}

/** The changes a PUT payload asks for; fields it leaves out stay as they are. */
function updateChanges(input: SavedReportInput, prefix: string): SavedReportChanges {
  const changes: SavedReportChanges = {};
  const fail = (message: string) => invalid(`${prefix}${message}`);
  if (input.name !== undefined) {
    try {
      changes.name = checkName(input.name);
    } catch (err) {
      throw fail((err as Error).message);
    }
  }
  if (input.params !== undefined) {
    try {
      changes.params = checkParams(input.params, 'parameter report_type invalid or blank');
    } catch (err) {
      throw fail((err as Error).message);
    }
  }
  if (input.public !== undefined) changes.public = input.public;
  if (input.fixed_daterange !== undefined) changes.fixed_daterange = input.fixed_daterange;
  if (input.regenerate_token === true) changes.token = newToken();
  return changes;
}

export class SavedReportsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly reports: SavedReportsRepository,
    private readonly workspaces: WorkspacesService,
  ) {}

  async list(user: User, workspaceId: number, query: SavedReportsQuery): Promise<SavedReport[]> {
    const ws = await this.workspaces.require(user, workspaceId);
    const filter: SavedReportFilter = { sort_field: 'name', sort_direction: 'asc' };
    const fixed = queryBool(query.fixed_dates, 'fixed_dates');
    if (fixed !== undefined) filter.fixed_daterange = fixed;
    const isPublic = queryBool(query.public, 'public');
    if (isPublic !== undefined) filter.public = isPublic;
    const scheduled = queryBool(query.scheduled, 'scheduled');
    if (scheduled !== undefined) filter.scheduled = scheduled;
    const name = query.name?.trim();
    if (name) filter.name = name;
    if (query.sort_field !== undefined && query.sort_field !== '') {
      if (!(SORT_FIELDS as readonly string[]).includes(query.sort_field)) throw invalidParameter('sort_field');
      filter.sort_field = query.sort_field as SavedReportSortField;
    }
    if (query.sort_direction !== undefined && query.sort_direction !== '') {
      const dir = query.sort_direction.toLowerCase();
      if (dir !== 'asc' && dir !== 'desc') throw invalidParameter('sort_direction');
      filter.sort_direction = dir;
    }
    const page = queryPositive(query.page, 'page');
    const perPage = queryPositive(query.per_page, 'per_page');
    // Without paging parameters the whole list comes back.
    if (page !== undefined || perPage !== undefined) {
      filter.limit = perPage ?? DEFAULT_PER_PAGE;
      filter.offset = ((page ?? 1) - 1) * filter.limit;
    }
    return this.reports.list(workspaceId, { userId: user.id, admin: ws.admin }, filter);
  }

  async get(user: User, workspaceId: number, reportId: number): Promise<SavedReport> {
    const ws = await this.workspaces.require(user, workspaceId);
    const report = await this.reports.byId(workspaceId, reportId);
    if (!report || !canSeeSavedReport(ws, user.id, report)) throw reportNotFound(reportId);
    return report;
  }

  async create(user: User, workspaceId: number, input: SavedReportInput): Promise<SavedReport> {
    const ws = await this.workspaces.require(user, workspaceId);
    const name = checkName(input.name);
    if (input.fixed_daterange === undefined) throw invalid("saved report fixed_daterange can't be blank");
    if (input.public === undefined) throw invalid("saved report public can't be blank");
    const params = checkParams(input.params, 'parameter report_type is invalid or blank');
    if (!canSaveAsPublic(ws, input.public)) throw forbidden(PUBLIC_ONLY_ADMINS);
    return this.reports.insert(
      workspaceId,
      user.id,
      { name, params, public: input.public, fixed_daterange: input.fixed_daterange, token: newToken() },
      clock.now(),
    );
  }

  async update(user: User, workspaceId: number, reportId: number, input: SavedReportInput): Promise<SavedReport> {
    const ws = await this.workspaces.require(user, workspaceId);
    const changes = updateChanges(input, '');
    await this.db.transaction().execute(async (tx) => {
      const report = await this.reports.byId(workspaceId, reportId, tx);
      this.checkChange(ws, user, reportId, report, changes);
      await this.reports.update(tx, reportId, changes, user.id, clock.now());
    });
    return (await this.reports.byId(workspaceId, reportId))!;
  }

  /**
   * PUT /workspaces/{wid}/reports/shared: several reports at once, all or none. The swagger
   * answers one models.SavedReport, so the last report of the request is returned.
   */
  async updateMany(user: User, workspaceId: number, inputs: SavedReportInput[]): Promise<SavedReport> {
    const ws = await this.workspaces.require(user, workspaceId);
    if (inputs.length === 0) throw invalid('At least one saved report must be given');
    if (inputs.length > MAX_BULK_SAVED_REPORTS) throw invalid(`Saved reports must not contain more than ${MAX_BULK_SAVED_REPORTS} elements`);
    const planned = inputs.map((input) => {
      if (!isPositiveId(input.id)) throw invalid("saved report id can't be blank");
      return { id: input.id, changes: updateChanges(input, `Report ID ${input.id} failed with: `) };
    });
    const ids = [...new Set(planned.map((p) => p.id))];
    const lastId = planned[planned.length - 1]!.id;
    await this.db.transaction().execute(async (tx) => {
      const found = new Map((await this.reports.byIds(workspaceId, ids, tx)).filter((r) => canSeeSavedReport(ws, user.id, r)).map((r) => [r.id, r]));
      if (found.size !== ids.length) throw someNotFound(found.size, ids.length);
      const now = clock.now();
      for (const { id, changes } of planned) {
        const report = found.get(id)!;
        this.checkChange(ws, user, id, report, changes);
        await this.reports.update(tx, id, changes, user.id, now);
        // A later item of the same request sees the earlier one's result.
        found.set(id, { ...report, ...changes });
      }
    });
    return (await this.reports.byId(workspaceId, lastId))!;
  }

  async delete(user: User, workspaceId: number, reportId: number): Promise<SavedReport> {
    const ws = await this.workspaces.require(user, workspaceId);
    await this.db.transaction().execute(async (tx) => {
      const report = await this.reports.byId(workspaceId, reportId, tx);
      if (!report || !canSeeSavedReport(ws, user.id, report)) throw reportNotFound(reportId);
      if (!canChangeSavedReport(ws, user.id, report)) throw forbidden();
      await this.reports.softDelete(tx, workspaceId, [reportId], user.id, clock.now());
    });
    return (await this.reports.deletedByIds(workspaceId, [reportId]))[0]!;
  }

  /** PATCH …/reports/shared/bulk_delete: all listed reports or none. */
  async bulkDelete(user: User, workspaceId: number, ids: number[] | undefined): Promise<SavedReport[]> {
    const ws = await this.workspaces.require(user, workspaceId);
    if (!Array.isArray(ids) || !ids.every(isPositiveId)) throw invalid('ids must be a list of numeric IDs');
    if (ids.length > MAX_BULK_SAVED_REPORTS) throw invalid(`ids must not contain more than ${MAX_BULK_SAVED_REPORTS} elements`);
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    await this.db.transaction().execute(async (tx) => {
      const found = (await this.reports.byIds(workspaceId, unique, tx)).filter((r) => canSeeSavedReport(ws, user.id, r));
      if (found.length !== unique.length) throw someNotFound(found.length, unique.length);
      if (!found.every((r) => canChangeSavedReport(ws, user.id, r))) throw forbidden();
      await this.reports.softDelete(tx, workspaceId, unique, user.id, clock.now());
    });
    return this.reports.deletedByIds(workspaceId, unique);
  }

  private checkChange(ws: MemberWorkspace, user: User, reportId: number, report: SavedReport | null, changes: SavedReportChanges): void {
    if (!report || !canSeeSavedReport(ws, user.id, report)) throw reportNotFound(reportId);
    if (!canChangeSavedReport(ws, user.id, report)) throw forbidden();
    if (!canSaveAsPublic(ws, changes.public ?? report.public)) throw forbidden(PUBLIC_ONLY_ADMINS);
  }
}
