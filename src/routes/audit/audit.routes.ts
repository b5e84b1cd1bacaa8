import * as z from 'zod';
import { requireAuth, requireRole } from '../../http/auth';
import { defineRoute, lazySchema } from '../../http/routes';
import { AUDIT_ACTIONS } from '../../services/audit';
import { pageQuery } from '../common.params';
import { BEARER, errorResponses, pageContent, UPSTREAM_ERRORS } from '../common.schemas';

const auditEntrySchema = lazySchema(() =>
  z
    .object({
      id: z.uuid().meta({ description: 'The entry id' }),
      action: z.enum(AUDIT_ACTIONS).meta({ description: 'What was done' }),
      actor_id: z
        .uuid()
        .nullable()
        .meta({ description: 'null once the actor deleted their account' }),
      target_type: z.string().meta({
        description: 'The kind of thing acted on (`tenant`, `member`, `channel`, …)',
        example: 'member',
      }),
      target_id: z.string().meta({ description: 'Its id (a `stream_id` for a channel)' }),
      details: z
        .record(z.string(), z.unknown())
        .meta({ description: 'What changed, as the action records it (e.g. old and new role)' }),
      request_id: z
        .string()
        .nullable()
        .meta({ description: 'The X-Request-Id of the request that acted' }),
      created_at: z.iso.datetime().meta({ description: 'When it was done' }),
    })
    .meta({ id: 'AuditEntry', description: 'One mutating action in the tenant' }),
);

export const list = defineRoute({
  middleware: [requireAuth, requireRole('admin')],
  security: BEARER,
  tags: ['Audit'],
  method: 'get',
  path: '/audit',
  summary: "The tenant's audit log, newest first (admin): one entry per mutating action",
  request: () => ({
    query: z.object({
      action: z.enum(AUDIT_ACTIONS).optional(),
      ...pageQuery(200),
    }),
  }),
  responses: () => ({
    200: pageContent('entries', auditEntrySchema(), 'AuditLog', 'Entries'),
    ...errorResponses(400, 401, 403, ...UPSTREAM_ERRORS),
  }),
});
