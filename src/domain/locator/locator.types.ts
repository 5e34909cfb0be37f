/** Records whose paths in the legacy v8 API carry their own id but not their workspace's. */
export type LocatableKind = 'clients' | 'projects' | 'tasks' | 'tags' | 'project_users' | 'workspace_users';

/** Where a record lives: its workspace, and for tasks and project users their project too. */
export interface RecordHome {
  workspace_id: number;
  project_id: number | null;
}
