import * as z from 'zod';
import { requireAuth } from '../../http/auth';
import { limits } from '../../http/rate-limit';
import { defineRoute, lazySchema } from '../../http/routes';
import {
  BEARER,
  emailInput,
  errorResponses,
  jsonBody,
  jsonContent,
  roleSchema,
  tenantSummarySchema,
  UPSTREAM_ERRORS,
} from '../common.schemas';
import { tenantIdParam } from '../tenants/tenants.routes';

const auth = { middleware: [requireAuth], security: BEARER, tags: ['Invitations'] };

const invitationParam = lazySchema(() =>
  z.object({
    inv_id: z.uuid().meta({ param: { name: 'inv_id', in: 'path' } }),
  }),
);

export const invitationSchema = lazySchema(() =>
  z
    .object({
      id: z.uuid().meta({ description: 'The invitation id' }),
      tenant_id: z.uuid().meta({ description: 'The tenant it invites to' }),
      email: z.email().meta({ description: 'The invited address' }),
      role: roleSchema(),
      status: z
        .enum(['pending', 'accepted', 'declined', 'revoked', 'expired'])
        .meta({ description: 'Open (`pending`), answered, withdrawn, or past `expires_at`' }),
      created_at: z.iso.datetime().meta({ description: 'When it was sent (or last renewed)' }),
      expires_at: z.iso.datetime().meta({ description: 'When it stops being valid (7 days)' }),
    })
    .meta({ id: 'Invitation', description: "An invitation, as the tenant's admins see it" }),
);

const myInvitationSchema = lazySchema(() =>
  z
    .object({
      id: z.uuid().meta({ description: 'The invitation id (POST /invitations/{id}/accept)' }),
      tenant: tenantSummarySchema(),
      role: roleSchema(),
      invited_by: z
        .object({ name: z.string().meta({ description: 'Their display name' }) })
        .meta({ description: 'The admin who sent it' }),
      created_at: z.iso.datetime().meta({ description: 'When it was sent' }),
      expires_at: z.iso.datetime().meta({ description: 'When it stops being valid' }),
    })
    .meta({ id: 'MyInvitation', description: 'An open invitation to your address' }),
);

export const create = defineRoute({
  ...auth,
  middleware: [requireAuth, ...limits.createInvitation],
  method: 'post',
  path: '/tenants/{id}/invitations',
  summary:
    'Invite an email to the tenant (admin); the same answer whether or not it has an account',
  request: () => ({
    params: tenantIdParam(),
    ...jsonBody(
      z
        .object({
          email: emailInput(),
          role: roleSchema().default('member'),
        })
        .meta({ id: 'InviteRequest' }),
    ),
  }),
  responses: () => ({
    201: jsonContent(
      z.object({ invitation: invitationSchema() }).meta({ id: 'InvitationResponse' }),
      'Invited (or the open invitation renewed); valid 7 days',
    ),
    ...errorResponses(400, 401, 403, 404, 409, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

export const listForTenant = defineRoute({
  ...auth,
  method: 'get',
  path: '/tenants/{id}/invitations',
  summary: "The tenant's invitations, newest first (admin)",
  request: () => ({ params: tenantIdParam() }),
  responses: () => ({
    200: jsonContent(
      z
        .object({
          invitations: z
            .array(invitationSchema())
            .meta({ description: "The tenant's invitations, newest first" }),
        })
        .meta({ id: 'InvitationList' }),
      'Invitations',
    ),
    ...errorResponses(400, 401, 403, 404, ...UPSTREAM_ERRORS),
  }),
});

export const revoke = defineRoute({
  ...auth,
  method: 'delete',
  path: '/tenants/{id}/invitations/{inv_id}',
  summary: 'Withdraw an open invitation (admin)',
  request: () => ({ params: tenantIdParam().merge(invitationParam()) }),
  responses: () => ({
    204: { description: 'Withdrawn' },
    ...errorResponses(400, 401, 403, 404, ...UPSTREAM_ERRORS),
  }),
});

export const listMine = defineRoute({
  ...auth,
  method: 'get',
  path: '/me/invitations',
  summary: 'Open invitations to your email (also those made before you registered)',
  responses: () => ({
    200: jsonContent(
      z
        .object({
          invitations: z
            .array(myInvitationSchema())
            .meta({ description: 'Open invitations to your address' }),
        })
        .meta({ id: 'MyInvitationList' }),
      'Open invitations',
    ),
    ...errorResponses(401, ...UPSTREAM_ERRORS),
  }),
});

export const accept = defineRoute({
  ...auth,
  method: 'post',
  path: '/invitations/{inv_id}/accept',
  summary: 'Join the tenant with the invited role; answers a token scoped to it',
  request: () => ({ params: invitationParam() }),
  responses: () => ({
    200: jsonContent(
      z
        .object({
          tenant: tenantSummarySchema(),
          role: roleSchema(),
          token: z.string().meta({
            description:
              'An API access token scoped to the tenant joined ("Authorization: Bearer")',
          }),
          expires_at: z.iso.datetime().meta({ description: 'When `token` expires (its exp)' }),
        })
        .meta({ id: 'AcceptInvitationResponse' }),
      'Joined',
    ),
    ...errorResponses(400, 401, 403, 404, 409, 410, ...UPSTREAM_ERRORS),
  }),
});

export const decline = defineRoute({
  ...auth,
  method: 'post',
  path: '/invitations/{inv_id}/decline',
  summary: 'Decline an invitation',
  request: () => ({ params: invitationParam() }),
  responses: () => ({
    204: { description: 'Declined' },
    ...errorResponses(400, 401, 403, 404, 409, 410, ...UPSTREAM_ERRORS),
  }),
});
