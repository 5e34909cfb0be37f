import type { MemberWorkspace } from '../workspaces/workspaces.types.js';

// Who may do what with saved reports. Toggl: "A public report is accessible by anyone, a
// private one is only accessible by the report's owner or workspace admin", and "Public
// reports can be saved only by admins".

type ReportAccess = { user_id: number; public: boolean };

/** Members see their own reports and the workspace's public ones; admins see all. */
export function canSeeSavedReport(member: { admin: boolean }, userId: number, report: ReportAccess): boolean {
  return member.admin || report.user_id === userId || report.public;
}

/** Only the owner and workspace admins change or delete a report. */
export function canChangeSavedReport(member: { admin: boolean }, userId: number, report: { user_id: number }): boolean {
  return member.admin || report.user_id === userId;
}

/** A report that ends up public must be saved by an admin. */
export function canSaveAsPublic(member: Pick<MemberWorkspace, 'admin'>, isPublic: boolean): boolean {
  return member.admin || !isPublic;
}

/**
 * Who may open a report through its token: anyone when it is public; otherwise its owner or an
 * admin of its workspace (`viewer` is null for an anonymous caller; `admin` is false outside the
 * workspace).
 */
export function canOpenSharedReport(viewer: { userId: number; admin: boolean } | null, report: ReportAccess): boolean {
  if (report.public) return true;
  if (!viewer) return false;
  return viewer.admin || viewer.userId === report.user_id;
}
