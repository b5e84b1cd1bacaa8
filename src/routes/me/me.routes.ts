import * as z from 'zod';
import { requireAuth, requireRole } from '../../http/auth';
import { limits } from '../../http/rate-limit';
import { defineRoute, lazySchema } from '../../http/routes';
import { newPassword, tokenPairSchema } from '../auth/auth.routes';
import {
  BEARER,
  emailInput,
  errorResponses,
  jsonBody,
  jsonContent,
  roleSchema,
  STREAM_ID_DESCRIPTION,
  text,
  UPSTREAM_ERRORS,
  userSchema,
} from '../common.schemas';

const auth = { middleware: [requireAuth], security: BEARER, tags: ['Me'] };

const meSchema = lazySchema(() =>
  z
    .object({
      user: userSchema(),
      email_verified: z.boolean().meta({
        description:
          'Whether the address is confirmed (POST /auth/verify-email); accepting an invitation needs it',
      }),
      created_at: z.iso.datetime().meta({ description: 'When the account was created' }),
      tenants: z
        .array(
          z.object({
            id: z.uuid().meta({ description: 'The tenant id' }),
            name: z.string().meta({ description: "The tenant's name" }),
            role: roleSchema(),
          }),
        )
        .meta({ description: 'The tenants you are a member of, with your role in each' }),
    })
    .meta({ id: 'Me' }),
);

export const sessionSchema = lazySchema(() =>
  z
    .object({
      id: z.uuid().meta({ description: 'The session id (DELETE /me/sessions/{id} ends it)' }),
      device_label: z.string().meta({
        description:
          'The name given at sign-in (`device_label`), else one made from the user agent',
        example: "Ekemini's Pixel 8",
      }),
      user_agent: z.string().meta({ description: 'The User-Agent the session signed in with' }),
      created_at: z.iso.datetime().meta({ description: 'When the device signed in' }),
      last_used_at: z.iso.datetime().meta({ description: 'When its refresh token was last used' }),
      expires_at: z.iso.datetime().meta({ description: 'When its refresh token expires' }),
      current: z.boolean().meta({ description: 'The session of the token making this request' }),
    })
    .meta({ id: 'Session', description: 'A signed-in device' }),
);

export const get = defineRoute({
  ...auth,
  method: 'get',
  path: '/me',
  summary: 'Your account and your tenants with your role in each',
  responses: () => ({
    200: jsonContent(meSchema(), 'Your account'),
    ...errorResponses(401, 404, ...UPSTREAM_ERRORS),
  }),
});

export const update = defineRoute({
  ...auth,
  middleware: [requireAuth, ...limits.updateProfile],
  method: 'patch',
  path: '/me',
  summary: 'Change your name (Stream shows it too)',
  request: () => jsonBody(z.object({ name: text(100) }).meta({ id: 'UpdateMeRequest' })),
  responses: () => ({
    200: jsonContent(z.object({ user: userSchema() }).meta({ id: 'UserResponse' }), 'Updated'),
    ...errorResponses(400, 401, 404, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

export const changePassword = defineRoute({
  ...auth,
  middleware: [requireAuth, ...limits.changePassword],
  method: 'post',
  path: '/me/password',
  summary: 'Change your password: signs out every session and revokes your Stream tokens',
  description:
    'Answers a fresh token pair for this device; every other refresh token stops working at once (access tokens at their exp), and Stream refuses Stream tokens issued before now.',
  request: () =>
    jsonBody(
      z
        .object({ current_password: z.string().min(1).max(256), new_password: newPassword() })
        .meta({ id: 'ChangePasswordRequest' }),
    ),
  responses: () => ({
    200: jsonContent(tokenPairSchema().meta({ id: 'TokenPair' }), 'Password changed'),
    ...errorResponses(400, 401, 403, 404, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

export const deleteAccount = defineRoute({
  ...auth,
  // The same budget as POST /me/password: both are guesses of the current password.
  middleware: [requireAuth, ...limits.changePassword],
  method: 'delete',
  path: '/me',
  summary:
    'Delete your account: you leave every tenant, and your data goes (docs/account-deletion.md)',
  description:
    "Needs your password. Every session ends, your Stream user is deleted (your messages as the deployment's ACCOUNT_DELETION_MESSAGES says), tenants where you are the only member are deleted with their channels, and your email can register again at once. 409 `sole_admin` while you are the only admin of a tenant with other members: make one of them admin, or delete the tenant, first.",
  request: () =>
    jsonBody(
      z.object({ password: z.string().min(1).max(256) }).meta({ id: 'DeleteAccountRequest' }),
    ),
  responses: () => ({
    204: { description: 'Deleted' },
    ...errorResponses(400, 401, 403, 404, 409, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

export const changeEmail = defineRoute({
  ...auth,
  middleware: [requireAuth, ...limits.changeEmail, ...limits.changePassword],
  method: 'post',
  path: '/me/email',
  summary: 'Change your email address: takes effect when the link mailed to the new one is used',
  description:
    "Mails a verification link (24 hours) to new_email and a notice to your current address. Until the link is used (POST /auth/verify-email) the account keeps its address; then the new one is the account's, verified. 409 email_taken if an account uses new_email, now or when the link is used.",
  request: () =>
    jsonBody(
      z
        .object({ new_email: emailInput(), password: z.string().min(1).max(256) })
        .meta({ id: 'ChangeEmailRequest' }),
    ),
  responses: () => ({
    202: jsonContent(
      z
        .object({
          pending_email: z
            .string()
            .meta({ description: 'The new address, the account’s once its link is used' }),
        })
        .meta({ id: 'ChangeEmailResponse' }),
      'The link is on its way to the new address',
    ),
    ...errorResponses(400, 401, 403, 404, 409, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

const exportedMessageSchema = lazySchema(() =>
  z
    .object({
      id: z.string().meta({ description: 'The Stream message id' }),
      stream_id: z.string().meta({ description: STREAM_ID_DESCRIPTION }),
      text: z.string().meta({ description: 'The text as stored' }),
      type: z.string().meta({ description: "Stream's message type (`regular`, `reply`, …)" }),
      user_id: z.string().meta({ description: 'The author: your user id' }),
      created_at: z.string().meta({ description: 'When it was sent (ISO 8601)' }),
      updated_at: z.string().meta({ description: 'When it was last changed (ISO 8601)' }),
    })
    .meta({ id: 'ExportedMessage', description: 'A message you wrote, as Stream has it' }),
);

const exportedInvitationSchema = lazySchema(() =>
  z
    .object({
      id: z.uuid().meta({ description: 'The invitation id' }),
      tenant_id: z.uuid().meta({ description: 'The tenant it invites to' }),
      email: z
        .string()
        .optional()
        .meta({ description: 'The invited address (on invitations you sent)' }),
      role: roleSchema(),
      status: z.string().meta({ description: '`pending`, `accepted`, `declined` or `revoked`' }),
      created_at: z.string().meta({ description: 'When it was sent (ISO 8601)' }),
      expires_at: z.string().meta({ description: 'When it expires or expired (ISO 8601)' }),
      answered_at: z
        .string()
        .nullable()
        .meta({ description: 'When it was accepted or declined (ISO 8601); null before' }),
    })
    .meta({ id: 'ExportedInvitation', description: 'An invitation you sent or received' }),
);

const exportSchema = lazySchema(() =>
  z
    .object({
      exported_at: z.iso.datetime().meta({ description: 'When this export was made' }),
      user: z
        .object({
          id: z.uuid().meta({ description: 'Your user id' }),
          email: z.string().meta({ description: 'Your email address' }),
          name: z.string().meta({ description: 'Your display name' }),
          created_at: z.iso.datetime().meta({ description: 'When the account was created' }),
        })
        .meta({ description: 'Your profile' }),
      tenants: z
        .array(
          z.object({
            id: z.uuid().meta({ description: 'The tenant id' }),
            name: z.string().meta({ description: "The tenant's name" }),
            role: roleSchema(),
            joined_at: z.string().meta({ description: 'When you joined it (ISO 8601)' }),
          }),
        )
        .meta({ description: 'Your tenants and your role in each' }),
      sessions: z
        .array(
          z.object({
            id: z.uuid().meta({ description: 'The session id' }),
            device_label: z.string().meta({ description: "The device's name" }),
            user_agent: z.string().meta({ description: 'The User-Agent it signed in with' }),
            created_at: z.string().meta({ description: 'When it signed in (ISO 8601)' }),
            last_used_at: z.string().meta({ description: 'When it was last used (ISO 8601)' }),
            expires_at: z.string().meta({ description: 'When it expires (ISO 8601)' }),
            revoked_at: z
              .string()
              .nullable()
              .meta({ description: 'When it was ended (ISO 8601); null while active' }),
            revoked_reason: z.string().nullable().meta({
              description: 'Why it ended (e.g. `password_changed`); null while active',
            }),
          }),
        )
        .meta({ description: 'Your sessions, ended ones included; no token or secret' }),
      invitations: z
        .object({
          sent: z.array(exportedInvitationSchema()).meta({ description: 'Invitations you sent' }),
          received: z
            .array(exportedInvitationSchema())
            .meta({ description: 'Invitations to your address' }),
        })
        .meta({ description: 'Invitations you sent and received' }),
      messages: z
        .array(exportedMessageSchema())
        .meta({ description: 'The messages you wrote, oldest first' }),
      messages_truncated: z.boolean().meta({
        description: 'True when you wrote more messages than one export carries (5,000)',
      }),
    })
    .meta({ id: 'DataExport' }),
);

export const exportData = defineRoute({
  ...auth,
  middleware: [requireAuth, ...limits.exportData],
  method: 'get',
  path: '/me/export',
  summary:
    'A copy of your data: profile, tenants, sessions, invitations and the messages you wrote',
  description:
    "Sessions without any secret; messages from Stream, those you wrote in the channels you are a member of, oldest first. Never anyone else's messages.",
  responses: () => ({
    200: jsonContent(exportSchema(), 'Your data'),
    ...errorResponses(401, 404, 429, ...UPSTREAM_ERRORS),
  }),
});

export const listSessions = defineRoute({
  ...auth,
  method: 'get',
  path: '/me/sessions',
  summary: 'Your signed-in devices',
  responses: () => ({
    200: jsonContent(
      z
        .object({
          sessions: z
            .array(sessionSchema())
            .meta({ description: 'Active sessions, most recently used first' }),
        })
        .meta({ id: 'SessionList' }),
      'Active sessions, most recently used first',
    ),
    ...errorResponses(401, ...UPSTREAM_ERRORS),
  }),
});

export const removeSession = defineRoute({
  ...auth,
  method: 'delete',
  path: '/me/sessions/{id}',
  summary: 'Sign out one device (its refresh token stops working at once)',
  request: () => ({
    params: z.object({ id: z.uuid().meta({ param: { name: 'id', in: 'path' } }) }),
  }),
  responses: () => ({
    204: { description: 'Signed out' },
    ...errorResponses(400, 401, 404, ...UPSTREAM_ERRORS),
  }),
});

export const removeAllSessions = defineRoute({
  ...auth,
  method: 'delete',
  path: '/me/sessions',
  summary: 'Sign out everywhere, this device included',
  responses: () => ({
    204: { description: 'Signed out everywhere' },
    ...errorResponses(401, ...UPSTREAM_ERRORS),
  }),
});

const blockSchema = lazySchema(() =>
  z
    .object({
      user_id: z.uuid().meta({ description: 'The blocked user' }),
      user_name: z.string().meta({ description: "The blocked user's display name" }),
      created_at: z.iso.datetime().meta({ description: 'When you blocked them' }),
    })
    .meta({ id: 'Block', description: 'A user you block' }),
);

const inTenant = { ...auth, tags: ['Me', 'Moderation'] };
const tenantMember = [requireAuth, requireRole('admin', 'moderator', 'member')];

export const createBlock = defineRoute({
  ...inTenant,
  middleware: [...tenantMember, ...limits.moderate],
  method: 'post',
  path: '/me/blocks',
  summary:
    "Block a member of your tenant: their messages leave your GET /messages, and Stream's SDK hides them (a Stream mute)",
  request: () => jsonBody(z.object({ user_id: z.uuid() }).meta({ id: 'CreateBlockRequest' })),
  responses: () => ({
    201: jsonContent(z.object({ block: blockSchema() }).meta({ id: 'BlockResponse' }), 'Blocked'),
    ...errorResponses(400, 401, 403, 404, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

export const listBlocks = defineRoute({
  ...inTenant,
  method: 'get',
  path: '/me/blocks',
  summary: 'The users you block, newest first',
  responses: () => ({
    200: jsonContent(
      z
        .object({
          blocks: z.array(blockSchema()).meta({ description: 'The users you block, newest first' }),
        })
        .meta({ id: 'BlockList' }),
      'Blocks',
    ),
    ...errorResponses(401, ...UPSTREAM_ERRORS),
  }),
});

export const removeBlock = defineRoute({
  ...inTenant,
  middleware: [requireAuth, ...limits.moderate],
  method: 'delete',
  path: '/me/blocks/{user_id}',
  summary: 'Unblock a user',
  request: () => ({
    params: z.object({ user_id: z.uuid().meta({ param: { name: 'user_id', in: 'path' } }) }),
  }),
  responses: () => ({
    204: { description: 'Unblocked' },
    ...errorResponses(400, 401, 404, 429, ...UPSTREAM_ERRORS),
  }),
});
