import { Type } from '@sinclair/typebox';
import { Id } from './common.js';

/** invitation.Post */
export const InvitationBody = Type.Object({
  emails: Type.Optional(Type.Array(Type.String())),
  groups: Type.Optional(Type.Union([Type.Array(Type.Integer()), Type.Null()])),
  project_invite: Type.Optional(
    Type.Union([
      Type.Object({
        manager: Type.Optional(Type.Boolean()),
        project_id: Type.Optional(Type.Integer()),
        workspace_id: Type.Optional(Type.Integer()),
      }),
      Type.Null(),
    ]),
  ),
  // Stint never sends e-mail, so every invitation is as if skip_email were true.
  skip_email: Type.Optional(Type.Boolean()),
  workspaces: Type.Optional(
    Type.Array(
      Type.Object({
        admin: Type.Optional(Type.Boolean()),
        integration_data: Type.Optional(Type.Union([Type.Object({}), Type.Null()])),
        role: Type.Optional(Type.String()),
        role_id: Type.Optional(Type.Integer()),
        workspace_id: Type.Optional(Type.Integer()),
      }),
    ),
  ),
});

export const InvitationParams = Type.Object({ organization_id: Id, invitation_id: Id });
export const InvitationCodeParams = Type.Object({ invitation_code: Type.String({ maxLength: 256 }) });
