import * as z from 'zod';
import { requireAuth } from '../../http/auth';
import { limits } from '../../http/rate-limit';
import { defineRoute, lazySchema } from '../../http/routes';
import {
  BEARER,
  errorResponses,
  jsonBody,
  jsonContent,
  roleSchema,
  tenantSummarySchema,
  text,
  UPSTREAM_ERRORS,
} from '../common.schemas';

export const tenantIdParam = lazySchema(() =>
  z.object({
    id: z.uuid().meta({
      param: { name: 'id', in: 'path' },
      example: '17006115-1c2a-4a40-89d8-4e3685270001',
    }),
  }),
);
const memberParams = lazySchema(() =>
  tenantIdParam().extend({
    user_id: z.uuid().meta({ param: { name: 'user_id', in: 'path' } }),
  }),
);

const tenantSchema = lazySchema(() =>
  z
    .object({
      id: z.uuid().meta({ description: 'The tenant id' }),
      name: z.string().meta({ description: "The tenant's name", example: 'EkeminiOS' }),
      created_at: z.iso.datetime().meta({ description: 'When the tenant was created' }),
    })
    .meta({ id: 'Tenant', description: 'A tenant: one organisation and its channels' }),
);

export const memberSchema = lazySchema(() =>
  z
    .object({
      user_id: z.uuid().meta({ description: 'The member’s user id (their Stream user id)' }),
      email: z.email().meta({ description: 'The member’s email address' }),
      name: z.string().meta({ description: 'The member’s display name' }),
      role: roleSchema(),
      joined_at: z.iso.datetime().meta({ description: 'When they joined the tenant' }),
    })
    .meta({ id: 'Member', description: 'A member of a tenant and their role' }),
);

const auth = { middleware: [requireAuth], security: BEARER, tags: ['Tenants'] };

export const list = defineRoute({
  ...auth,
  method: 'get',
  path: '/tenants',
  summary: "The caller's tenants with their role in each",
  responses: () => ({
    200: jsonContent(
      z
        .object({
          tenants: z
            .array(tenantSchema().extend({ role: roleSchema() }))
            .meta({ description: 'Your tenants, with your role in each' }),
        })
        .meta({ id: 'TenantList' }),
      'Tenants',
    ),
    ...errorResponses(401, ...UPSTREAM_ERRORS),
  }),
});

export const create = defineRoute({
  ...auth,
  middleware: [requireAuth, ...limits.createTenant],
  method: 'post',
  path: '/tenants',
  summary: 'Create a tenant; the caller becomes its admin',
  request: () =>
    jsonBody(
      z
        .object({
          name: text(100).meta({ example: 'EkeminiOS' }),
        })
        .meta({ id: 'CreateTenantRequest' }),
    ),
  responses: () => ({
    201: jsonContent(
      z
        .object({
          tenant: tenantSchema(),
          role: z.literal('admin').meta({ description: 'Your role in it: its creator is admin' }),
          token: z.string().meta({
            description: 'An API access token scoped to the new tenant ("Authorization: Bearer")',
          }),
        })
        .meta({ id: 'CreateTenantResponse' }),
      'Created; `token` is scoped to the new tenant',
    ),
    ...errorResponses(400, 401, 404, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

export const switchToken = defineRoute({
  ...auth,
  method: 'post',
  path: '/tenants/{id}/token',
  summary: 'A token scoped to another of your tenants, without the password',
  request: () => ({ params: tenantIdParam() }),
  responses: () => ({
    200: jsonContent(
      z
        .object({
          token: z.string().meta({
            description: 'An API access token scoped to this tenant ("Authorization: Bearer")',
          }),
          expires_at: z.iso.datetime().meta({ description: 'When `token` expires (its exp)' }),
          tenant: tenantSummarySchema(),
          role: roleSchema(),
        })
        .meta({ id: 'TenantToken' }),
      'Token for that tenant',
    ),
    ...errorResponses(400, 401, 404, ...UPSTREAM_ERRORS),
  }),
});

export const listMembers = defineRoute({
  ...auth,
  method: 'get',
  path: '/tenants/{id}/members',
  summary: 'Members of a tenant you belong to',
  request: () => ({ params: tenantIdParam() }),
  responses: () => ({
    200: jsonContent(
      z
        .object({ members: z.array(memberSchema()).meta({ description: 'Every member' }) })
        .meta({ id: 'MemberList' }),
      'Members',
    ),
    ...errorResponses(400, 401, 404, ...UPSTREAM_ERRORS),
  }),
});

export const changeRole = defineRoute({
  ...auth,
  method: 'patch',
  path: '/tenants/{id}/members/{user_id}',
  summary: "Change a member's role (admin; the last admin cannot be demoted)",
  request: () => ({
    params: memberParams(),
    ...jsonBody(z.object({ role: roleSchema() }).meta({ id: 'ChangeRoleRequest' })),
  }),
  responses: () => ({
    200: jsonContent(z.object({ member: memberSchema() }), 'Updated'),
    ...errorResponses(400, 401, 403, 404, 409, 415, ...UPSTREAM_ERRORS),
  }),
});

export const removeMember = defineRoute({
  ...auth,
  method: 'delete',
  path: '/tenants/{id}/members/{user_id}',
  summary: 'Remove a member (admin), or leave (yourself); the last admin cannot be removed',
  request: () => ({ params: memberParams() }),
  responses: () => ({
    204: { description: 'Removed (also from the tenant’s Stream channels)' },
    ...errorResponses(400, 401, 403, 404, 409, ...UPSTREAM_ERRORS),
  }),
});

export const remove = defineRoute({
  ...auth,
  middleware: [requireAuth, ...limits.deleteTenant],
  method: 'delete',
  path: '/tenants/{id}',
  summary: 'Delete the tenant (admin): its channels, memberships and invitations, in Stream too',
  description:
    "`confirm_name` must be the tenant's current name, exactly (409 `confirm_name_mismatch` otherwise). Stream's channels of the tenant are deleted for good; its audit log goes with it (docs/account-deletion.md).",
  request: () => ({
    params: tenantIdParam(),
    ...jsonBody(
      z.object({ confirm_name: z.string().min(1).max(200) }).meta({ id: 'DeleteTenantRequest' }),
    ),
  }),
  responses: () => ({
    204: { description: 'Deleted' },
    ...errorResponses(400, 401, 403, 404, 409, 415, 429, ...UPSTREAM_ERRORS),
  }),
});
