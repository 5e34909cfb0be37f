import { Type } from '@sinclair/typebox';

export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const WorkspaceParams = Type.Object({ workspace_id: Id });
export const OrganizationParams = Type.Object({ organization_id: Id });
/** Query booleans as Toggl clients send them ("true"/"false"). */
export const QueryBool = Type.Boolean();
