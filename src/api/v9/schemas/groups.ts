import { Type } from '@sinclair/typebox';
import { Id } from './common.js';

export const OrganizationGroupParams = Type.Object({ organization_id: Id, group_id: Id });
export const OrganizationWorkspaceParams = Type.Object({ organization_id: Id, workspace_id: Id });
export const WorkspaceGroupParams = Type.Object({ workspace_id: Id, group_id: Id });

/** `workspace` is declared a string: the service checks that it is a number, with Toggl's words. */
export const GroupsQuery = Type.Object({
  name: Type.Optional(Type.String()),
  workspace: Type.Optional(Type.String()),
});

const Ids = Type.Union([Type.Array(Type.Integer()), Type.Null()]);

/** group.Payload */
export const GroupBody = Type.Object({
  name: Type.Optional(Type.String()),
  users: Type.Optional(Ids),
  workspaces: Type.Optional(Ids),
});

/** group.NamePayload */
export const GroupNameBody = Type.Object({
  name: Type.Optional(Type.String()),
});

/** An array of groups.PatchInput; each item is checked on its own by the service, as Toggl does. */
export const GroupPatchBody = Type.Array(Type.Unknown());
