import * as z from 'zod';
import { requireAuth, requireRole } from '../../http/auth';
import { limits } from '../../http/rate-limit';
import { defineRoute, lazySchema } from '../../http/routes';
import { REPORT_ACTIONS } from '../../services/reports';
import { messageIdSchema, pageQuery, streamIdSchema } from '../common.params';
import {
  BEARER,
  errorResponses,
  jsonBody,
  jsonContent,
  pageContent,
  text,
  UPSTREAM_ERRORS,
} from '../common.schemas';

const anyMember = [requireAuth, requireRole('admin', 'moderator', 'member')];
const staff = [requireAuth, requireRole('admin', 'moderator')];
const admins = [requireAuth, requireRole('admin')];
const common = { security: BEARER, tags: ['Moderation'] };

const personSchema = lazySchema(() =>
  z.object({ id: z.uuid(), name: z.string().nullable() }).meta({ id: 'Person' }),
);

export const reportSchema = lazySchema(() =>
  z
    .object({
      id: z.uuid(),
      status: z.enum(['open', 'resolved']),
      source: z.enum(['api', 'stream_flag']).meta({
        description: '`api`: POST /reports; `stream_flag`: flagged in Stream by a frontend',
      }),
      reason: z.string(),
      details: z.string(),
      message: z
        .object({ id: z.string(), stream_id: z.string().nullable(), text: z.string().nullable() })
        .nullable()
        .meta({ description: 'The message as it was when reported; null for a user report' }),
      user: personSchema().nullable().meta({ description: 'The reported user or author' }),
      reporter: personSchema().nullable(),
      created_at: z.iso.datetime(),
      resolved_at: z.iso.datetime().nullable(),
      resolved_by: z.uuid().nullable(),
      resolution: z.enum(REPORT_ACTIONS).nullable(),
    })
    .meta({ id: 'Report' }),
);

const reportBody = lazySchema(() =>
  z
    .object({
      message_id: messageIdSchema().optional(),
      user_id: z.uuid().optional(),
      reason: text(100).meta({ example: 'harassment' }),
      details: text(1000, 0, { multiline: true }).default(''),
    })
    .refine((b) => (b.message_id === undefined) !== (b.user_id === undefined), {
      message: 'Send exactly one of message_id and user_id',
      path: ['message_id'],
    })
    .meta({ id: 'CreateReportRequest' }),
);

const reportParam = lazySchema(() =>
  z.object({ id: z.uuid().meta({ param: { name: 'id', in: 'path' } }) }),
);

const userParam = lazySchema(() =>
  z.object({ user_id: z.uuid().meta({ param: { name: 'user_id', in: 'path' } }) }),
);

const reportResponse = lazySchema(() =>
  z.object({ report: reportSchema() }).meta({ id: 'ReportResponse' }),
);

export const createReport = defineRoute({
  ...common,
  middleware: [...anyMember, ...limits.report],
  method: 'post',
  path: '/reports',
  summary: 'Report a message or a member of your tenant (any member); flagged in Stream too',
  request: () => jsonBody(reportBody()),
  responses: () => ({
    201: jsonContent(reportResponse(), 'Reported'),
    ...errorResponses(400, 401, 403, 404, 409, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

export const listReports = defineRoute({
  ...common,
  middleware: staff,
  method: 'get',
  path: '/moderation/reports',
  summary: "The tenant's reports, newest first (moderator, admin)",
  request: () => ({
    query: z.object({
      status: z.enum(['open', 'resolved']).default('open'),
      ...pageQuery(100),
    }),
  }),
  responses: () => ({
    200: pageContent('reports', reportSchema(), 'ReportList', 'Reports'),
    ...errorResponses(400, 401, 403, ...UPSTREAM_ERRORS),
  }),
});

export const resolveReport = defineRoute({
  ...common,
  middleware: [...staff, ...limits.moderate],
  method: 'post',
  path: '/moderation/reports/{id}/resolve',
  summary:
    'Resolve a report (and every open report of the same target): dismiss, delete the message or ban its author',
  request: () => ({
    params: reportParam(),
    ...jsonBody(
      z
        .object({
          action: z.enum(REPORT_ACTIONS),
          ban_minutes: z.number().int().min(1).max(525_600).optional().meta({
            description:
              'With `ban_user`: the ban ends after this many minutes (none: until lifted)',
          }),
        })
        .refine((b) => b.ban_minutes === undefined || b.action === 'ban_user', {
          message: 'ban_minutes goes with action ban_user',
          path: ['ban_minutes'],
        })
        .meta({ id: 'ResolveReportRequest' }),
    ),
  }),
  responses: () => ({
    200: jsonContent(reportResponse(), 'Resolved'),
    ...errorResponses(400, 401, 403, 404, 409, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

export const banSchema = lazySchema(() =>
  z
    .object({
      user_id: z.uuid(),
      user_name: z.string(),
      channel_stream_id: z.string().nullable().meta({ description: 'null: the whole tenant' }),
      reason: z.string(),
      created_by: z.uuid().nullable(),
      created_at: z.iso.datetime(),
      expires_at: z.iso.datetime().nullable().meta({ description: 'null: until lifted' }),
    })
    .meta({ id: 'Ban' }),
);

export const createBan = defineRoute({
  ...common,
  middleware: [...staff, ...limits.moderate],
  method: 'post',
  path: '/moderation/bans',
  summary:
    'Ban a member from sending in the tenant or one channel (moderators ban members; admins moderators too)',
  request: () =>
    jsonBody(
      z
        .object({
          user_id: z.uuid(),
          channel_stream_id: streamIdSchema().optional(),
          minutes: z.number().int().min(1).max(525_600).optional(),
          reason: text(200, 0).default(''),
        })
        .meta({ id: 'CreateBanRequest' }),
    ),
  responses: () => ({
    201: jsonContent(z.object({ ban: banSchema() }).meta({ id: 'BanResponse' }), 'Banned'),
    ...errorResponses(400, 401, 403, 404, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

export const listBans = defineRoute({
  ...common,
  middleware: staff,
  method: 'get',
  path: '/moderation/bans',
  summary: "The tenant's bans in force, newest first (moderator, admin)",
  responses: () => ({
    200: jsonContent(z.object({ bans: z.array(banSchema()) }).meta({ id: 'BanList' }), 'Bans'),
    ...errorResponses(401, 403, ...UPSTREAM_ERRORS),
  }),
});

export const liftBan = defineRoute({
  ...common,
  middleware: [...staff, ...limits.moderate],
  method: 'delete',
  path: '/moderation/bans/{user_id}',
  summary: "Lift a member's ban in the tenant, or in one channel with channel_stream_id",
  request: () => ({
    params: userParam(),
    query: z.object({ channel_stream_id: streamIdSchema().optional() }),
  }),
  responses: () => ({
    204: { description: 'Lifted' },
    ...errorResponses(400, 401, 403, 404, 429, ...UPSTREAM_ERRORS),
  }),
});

const wordFilterSchema = lazySchema(() =>
  z
    .object({
      words: z.array(z.string()).meta({ example: ['spoiler'] }),
      updated_at: z.iso.datetime().nullable(),
    })
    .meta({ id: 'WordFilter' }),
);

export const getBlocklist = defineRoute({
  ...common,
  middleware: admins,
  method: 'get',
  path: '/moderation/blocklist',
  summary: "The tenant's word filter (admin)",
  responses: () => ({
    200: jsonContent(wordFilterSchema(), 'The words'),
    ...errorResponses(401, 403, ...UPSTREAM_ERRORS),
  }),
});

export const putBlocklist = defineRoute({
  ...common,
  middleware: [...admins, ...limits.moderate],
  method: 'put',
  path: '/moderation/blocklist',
  summary:
    'Replace the word filter (admin): messages with a listed word are refused, in any case, as whole words',
  request: () =>
    jsonBody(z.object({ words: z.array(text(40)).max(1000) }).meta({ id: 'PutWordFilterRequest' })),
  responses: () => ({
    200: jsonContent(wordFilterSchema(), 'The words as compared (lower case, sorted, unique)'),
    ...errorResponses(400, 401, 403, 415, 429, ...UPSTREAM_ERRORS),
  }),
});
