import { EARLIEST_DATE, LATEST_DATE } from '../reports/report-filters.js';
import { localWallClock } from '../reports/report-range.js';
import type { ReportsService } from '../reports/reports.service.js';
import { moneyVisibleTo } from '../reports/reports.policy.js';
import type { SummaryReport } from '../reports/reports.types.js';
import type { ProjectsService } from '../projects/projects.service.js';
import type { TasksService } from '../tasks/tasks.service.js';
import type { User } from '../users/users.types.js';
import type { DashboardQuery, DashboardTask, DashboardUser, ProjectDashboard } from './project-dashboard.types.js';

/** Tasks per page of the dashboard's task list (Toggl's `tasks_per_page`). */
export const TASKS_PER_PAGE = 10;
/** A task is a "top task" when it holds more than this share of the time tracked on tasks. */
const TOP_TASK_SHARE = 0.1;

const collator = new Intl.Collator('en', { sensitivity: 'base' });

/**
 * The project dashboard: the project and its tasks as the project service shows them, and every
 * number from the summary report (grouped by user, sub-grouped by task) over the project's whole
 * life, so time, visibility and amounts follow the same rules as Reports v3.
 */
export class ProjectDashboardService {
  constructor(
    private readonly reports: ReportsService,
    private readonly projects: ProjectsService,
    private readonly tasks: TasksService,
  ) {}

  async dashboard(user: User, workspaceId: number, projectId: number, query: DashboardQuery): Promise<ProjectDashboard> {
    const ws = await this.reports.requireWorkspace(user, workspaceId);
    const project = await this.projects.get(user, workspaceId, projectId);
    const [span, tasks] = await Promise.all([
      this.projects.statistics(user, workspaceId, projectId),
      this.tasks.listForProject(user, workspaceId, projectId, {}),
    ]);
    const report = span.earliest === null || span.latest === null ? null : await this.summary(user, workspaceId, projectId, span.earliest, span.latest);

    // Amounts follow the workspace's "who can see billable rates", as in every report.
    const money = moneyVisibleTo(ws).amounts;
    const perTask = new Map<number | null, { seconds: number; amount: number }>();
    const users: DashboardUser[] = [];
    let seconds = 0;
    let billable = 0;
    let amount = 0;
    for (const g of report?.groups ?? []) {
      seconds += g.seconds;
      billable += g.billable_seconds;
      amount += g.amount_in_cents ?? 0;
      users.push({ user_id: g.id!, name: g.title ?? '', seconds: g.seconds, billable_seconds: g.billable_seconds, amount_in_cents: money ? (g.amount_in_cents ?? 0) : null });
      for (const s of g.sub_groups) {
        const found = perTask.get(s.id) ?? { seconds: 0, amount: 0 };
        found.seconds += s.seconds;
        found.amount += s.amount_in_cents ?? 0;
        perTask.set(s.id, found);
      }
    }
    users.sort((a, b) => b.seconds - a.seconds || collator.compare(a.name, b.name) || a.user_id - b.user_id);

    const all: DashboardTask[] = tasks.map((t) => ({
      id: t.id,
      name: t.name,
      assignee: t.user_name,
      estimated_seconds: t.estimated_seconds,
      seconds: perTask.get(t.id)?.seconds ?? 0,
      amount_in_cents: money ? (perTask.get(t.id)?.amount ?? 0) : null,
    }));
    const sorted = sortTasks(all, query);
    const taskSeconds = all.reduce((s, t) => s + t.seconds, 0);
    const top = all.filter((t) => taskSeconds > 0 && t.seconds > taskSeconds * TOP_TASK_SHARE).sort((a, b) => b.seconds - a.seconds || (a.id ?? 0) - (b.id ?? 0));
    const rest = all.filter((t) => !top.includes(t) && t.seconds > 0);
    if (rest.length > 0) {
      // Toggl's "Sum of Others": one line without a name for the tasks below the threshold.
      top.push({
        id: null,
        name: null,
        assignee: null,
        estimated_seconds: null,
        seconds: rest.reduce((s, t) => s + t.seconds, 0),
        amount_in_cents: money ? rest.reduce((s, t) => s + (t.amount_in_cents ?? 0), 0) : null,
      });
    }
    const estimates = tasks.filter((t) => t.estimated_seconds !== null);
    const offset = (query.page - 1) * TASKS_PER_PAGE;
    return {
      project_id: project.id,
      name: project.name,
      client_name: project.client_name,
      seconds,
      seconds_without_task: perTask.get(null)?.seconds ?? 0,
      billable_seconds: billable,
      amount_in_cents: money ? amount : null,
      currency: project.currency ?? report?.currency ?? ws.default_currency,
      estimated_seconds: project.estimated_seconds,
      task_estimated_seconds: estimates.length ? estimates.reduce((s, t) => s + t.estimated_seconds!, 0) : null,
      use_task_estimated_seconds: project.auto_estimates,
      tasks_count: tasks.length,
      tasks_per_page: TASKS_PER_PAGE,
      users,
      top_tasks: top,
      tasks_page: sorted.slice(offset, offset + TASKS_PER_PAGE),
      tasks: sorted,
    };
  }

  /** Time per user and task over the days the project has entries, unrounded (tracked time). */
  private summary(user: User, workspaceId: number, projectId: number, earliest: number, latest: number): Promise<SummaryReport> {
    const day = (epochSeconds: number) => localWallClock(epochSeconds, user.timezone).slice(0, 10);
    const clamp = (date: string) => (date < EARLIEST_DATE ? EARLIEST_DATE : date > LATEST_DATE ? LATEST_DATE : date);
    return this.reports.summary(user, workspaceId, {
      start_date: clamp(day(earliest)),
      end_date: clamp(day(latest)),
      project_ids: [projectId],
      grouping: 'users',
      sub_grouping: 'tasks',
      rounding_minutes: 0,
    });
  }
}

function sortTasks(tasks: DashboardTask[], query: DashboardQuery): DashboardTask[] {
  const sign = query.order_desc ? -1 : 1;
  const text = (a: string | null, b: string | null) => (a === null || b === null ? (a === b ? 0 : a === null ? 1 : -1) : collator.compare(a, b));
  const num = (a: number | null, b: number | null) => (a ?? -1) - (b ?? -1);
  const byField = (a: DashboardTask, b: DashboardTask): number => {
    switch (query.order_field) {
      case 'name':
        return text(a.name, b.name);
      case 'assignee':
        return text(a.assignee, b.assignee);
      case 'duration':
        return a.seconds - b.seconds;
      case 'billable_amount':
        return num(a.amount_in_cents, b.amount_in_cents);
      case 'estimated_seconds':
        return num(a.estimated_seconds, b.estimated_seconds);
    }
  };
  return [...tasks].sort((a, b) => sign * byField(a, b) || text(a.name, b.name) || (a.id ?? 0) - (b.id ?? 0));
}
