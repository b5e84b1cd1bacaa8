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
      created_at: z.iso.datetime(),
      tenants: z.array(z.object({ id: z.uuid(), name: z.string(), role: roleSchema() })),
    })
    .meta({ id: 'Me' }),
);

export const sessionSchema = lazySchema(() =>
  z
    .object({
      id: z.uuid(),
      device_label: z.string().meta({ example: "Ekemini's Pixel 8" }),
      user_agent: z.string(),
      created_at: z.iso.datetime(),
      last_used_at: z.iso.datetime(),
      expires_at: z.iso.datetime(),
      current: z.boolean().meta({ description: 'The session of the token making this request' }),
    })
    .meta({ id: 'Session' }),
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
      z.object({ pending_email: z.string() }).meta({ id: 'ChangeEmailResponse' }),
      'The link is on its way to the new address',
    ),
    ...errorResponses(400, 401, 403, 404, 409, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

const exportedMessageSchema = lazySchema(() =>
  z
    .object({
      id: z.string(),
      stream_id: z.string(),
      text: z.string(),
      type: z.string(),
      user_id: z.string(),
      created_at: z.string(),
      updated_at: z.string(),
    })
    .meta({ id: 'ExportedMessage' }),
);

const exportedInvitationSchema = lazySchema(() =>
  z
    .object({
      id: z.uuid(),
      tenant_id: z.uuid(),
      email: z.string().optional(),
      role: roleSchema(),
      status: z.string(),
      created_at: z.string(),
      expires_at: z.string(),
      answered_at: z.string().nullable(),
    })
    .meta({ id: 'ExportedInvitation' }),
);

const exportSchema = lazySchema(() =>
  z
    .object({
      exported_at: z.iso.datetime(),
      user: z.object({
        id: z.uuid(),
        email: z.string(),
        name: z.string(),
        created_at: z.iso.datetime(),
      }),
      tenants: z.array(
        z.object({ id: z.uuid(), name: z.string(), role: roleSchema(), joined_at: z.string() }),
      ),
      sessions: z.array(
        z.object({
          id: z.uuid(),
          device_label: z.string(),
          user_agent: z.string(),
          created_at: z.string(),
          last_used_at: z.string(),
          expires_at: z.string(),
          revoked_at: z.string().nullable(),
          revoked_reason: z.string().nullable(),
        }),
      ),
      invitations: z.object({
        sent: z.array(exportedInvitationSchema()),
        received: z.array(exportedInvitationSchema()),
      }),
      messages: z.array(exportedMessageSchema()),
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
      z.object({ sessions: z.array(sessionSchema()) }).meta({ id: 'SessionList' }),
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
    .object({ user_id: z.uuid(), user_name: z.string(), created_at: z.iso.datetime() })
    .meta({ id: 'Block' }),
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
      z.object({ blocks: z.array(blockSchema()) }).meta({ id: 'BlockList' }),
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
