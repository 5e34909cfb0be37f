import type { Config } from './config.js';
import type { Database } from './db/connect.js';
import { ClientsRepository } from './domain/clients/clients.repository.js';
import { ClientsService } from './domain/clients/clients.service.js';
import { DashboardRepository } from './domain/dashboard/dashboard.repository.js';
import { DashboardService } from './domain/dashboard/dashboard.service.js';
import { GroupsRepository } from './domain/groups/groups.repository.js';
import { GroupsService } from './domain/groups/groups.service.js';
import { InsightsRepository } from './domain/insights/insights.repository.js';
import { InsightsService } from './domain/insights/insights.service.js';
import { InvitationsRepository } from './domain/invitations/invitations.repository.js';
import { InvitationsService } from './domain/invitations/invitations.service.js';
import { LocatorRepository } from './domain/locator/locator.repository.js';
import { LocatorService } from './domain/locator/locator.service.js';
import { OrganizationsRepository } from './domain/organizations/organizations.repository.js';
import { OrganizationsService } from './domain/organizations/organizations.service.js';
import { ProjectDashboardService } from './domain/project-dashboard/project-dashboard.service.js';
import { ProjectUsersRepository } from './domain/project-users/project-users.repository.js';
import { ProjectUsersService } from './domain/project-users/project-users.service.js';
import { ProjectsRepository } from './domain/projects/projects.repository.js';
import { ProjectsService } from './domain/projects/projects.service.js';
import { QuotaRepository } from './domain/quota/quota.repository.js';
import { QuotaService } from './domain/quota/quota.service.js';
import { ReportsRepository } from './domain/reports/reports.repository.js';
import { ReportsService } from './domain/reports/reports.service.js';
import { ReportUtilsRepository } from './domain/report-utils/report-utils.repository.js';
import { ReportUtilsService } from './domain/report-utils/report-utils.service.js';
import { SavedReportsRepository } from './domain/saved-reports/saved-reports.repository.js';
import { SavedReportsService } from './domain/saved-reports/saved-reports.service.js';
import { SharedReportsService } from './domain/saved-reports/shared-reports.service.js';
import { TagsRepository } from './domain/tags/tags.repository.js';
import { TagsService } from './domain/tags/tags.service.js';
import { TasksRepository } from './domain/tasks/tasks.repository.js';
import { TasksService } from './domain/tasks/tasks.service.js';
import { TimeEntriesRepository } from './domain/time-entries/time-entries.repository.js';
import { TimeEntriesService } from './domain/time-entries/time-entries.service.js';
import { TimeEntryInvitationsRepository } from './domain/time-entries/time-entry-invitations.repository.js';
import { UsersRepository } from './domain/users/users.repository.js';
import { UsersService } from './domain/users/users.service.js';
import { WorkspacesRepository } from './domain/workspaces/workspaces.repository.js';
import { WorkspacesService } from './domain/workspaces/workspaces.service.js';
import { WebhookEventsRecorder } from './domain/webhooks/webhook-events.js';
import { WebhookEventsRepository } from './domain/webhooks/webhook-events.repository.js';
import { WebhooksRepository } from './domain/webhooks/webhooks.repository.js';
import { WebhooksService } from './domain/webhooks/webhooks.service.js';
import type { WebhookSender } from './domain/webhooks/webhooks.types.js';
import { presentPayload } from './api/webhooks-v1/payloads.js';
import { WebhookDelivery, type DeliveryOptions } from './jobs/webhook-delivery.js';
import { createWebhookSender } from './jobs/webhook-sender.js';

/** What tests change of webhook delivery: its clock and timers, or the sender itself. */
export type WebhookOverrides = Partial<Omit<DeliveryOptions, 'maxAttempts' | 'timeoutMs'>> & { sender?: WebhookSender };

/** Composition root: database → repositories → services, with explicit arguments. */
export function buildServices(database: Database, config: Config, webhookOverrides: WebhookOverrides = {}) {
  const { db } = database;
  const sender = webhookOverrides.sender ?? createWebhookSender({ allowPrivate: config.webhooks.allowPrivate, timeoutMs: config.webhooks.timeoutMs });
  const webhookEventsRepo = new WebhookEventsRepository(db, database.dialect);
  const webhookDelivery = new WebhookDelivery(webhookEventsRepo, {
    ...webhookOverrides,
    sender,
    maxAttempts: config.webhooks.maxAttempts,
    timeoutMs: config.webhooks.timeoutMs,
  });
  const webhooksRepo = new WebhooksRepository(db);
  const webhookEvents = new WebhookEventsRecorder(webhooksRepo, webhookEventsRepo, presentPayload, {
    onRecorded: () => webhookDelivery.wake(),
    ...(webhookOverrides.now ? { now: webhookOverrides.now } : {}),
  });
  const usersRepo = new UsersRepository(db);
  const workspacesRepo = new WorkspacesRepository(db);
  const organizationsRepo = new OrganizationsRepository(db);
  const groupsRepo = new GroupsRepository(db);
  const workspaces = new WorkspacesService(db, workspacesRepo, groupsRepo, webhookEvents);
  const projects = new ProjectsService(db, new ProjectsRepository(db), workspaces, webhookEvents);
  const tasks = new TasksService(db, new TasksRepository(db), projects, webhookEvents);
  const reports = new ReportsService(new ReportsRepository(db, database.dialect), workspaces, groupsRepo);
  return {
    users: new UsersService(db, usersRepo, organizationsRepo, workspacesRepo, {
      signup: config.signup,
      sessionTtlSeconds: config.sessionTtlSeconds,
    }),
    workspaces,
    organizations: new OrganizationsService(db, organizationsRepo, workspacesRepo, workspaces, groupsRepo),
    timeEntries: new TimeEntriesService(database.transact, new TimeEntriesRepository(db), new TimeEntryInvitationsRepository(db), workspaces, webhookEvents),
    quota: new QuotaService(new QuotaRepository(db)),
    clients: new ClientsService(db, new ClientsRepository(db), workspaces, webhookEvents, projects),
    tags: new TagsService(db, new TagsRepository(db), workspaces, webhookEvents),
    projects,
    projectUsers: new ProjectUsersService(db, new ProjectUsersRepository(db), projects, webhookEvents),
    tasks,
    savedReports: new SavedReportsService(db, new SavedReportsRepository(db), workspaces),
    sharedReports: new SharedReportsService(new SavedReportsRepository(db), workspaces, usersRepo, reports, groupsRepo),
    locator: new LocatorService(new LocatorRepository(db)),
    dashboard: new DashboardService(new DashboardRepository(db), workspaces),
    reportUtils: new ReportUtilsService(new ReportUtilsRepository(db), reports),
    insights: new InsightsService(new ReportsRepository(db, database.dialect), reports, new ReportUtilsRepository(db), new InsightsRepository(db)),
    reports,
    groups: new GroupsService(db, groupsRepo, workspaces),
    invitations: new InvitationsService(db, new InvitationsRepository(db), organizationsRepo, workspacesRepo, usersRepo, workspaces),
    projectDashboard: new ProjectDashboardService(reports, projects, tasks),
    webhooks: new WebhooksService(db, webhooksRepo, webhookEventsRepo, workspaces, webhookEvents, sender),
    webhookEvents,
    webhookDelivery,
  };
}

export type Services = ReturnType<typeof buildServices>;
