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
  z
    .object({
      id: z.uuid().meta({ description: 'The user id' }),
      name: z
        .string()
        .nullable()
        .meta({ description: 'Their display name; null once the account is deleted' }),
    })
    .meta({ id: 'Person', description: 'A user, by id and name' }),
);

export const reportSchema = lazySchema(() =>
  z
    .object({
      id: z.uuid().meta({ description: 'The report id' }),
      status: z
        .enum(['open', 'resolved'])
        .meta({ description: '`open` until a moderator resolves it' }),
      source: z.enum(['api', 'stream_flag']).meta({
        description: '`api`: POST /reports; `stream_flag`: flagged in Stream by a frontend',
      }),
      reason: z.string().meta({ description: "The reporter's reason (a short word or phrase)" }),
      details: z.string().meta({ description: 'What the reporter added; may be empty' }),
      message: z
        .object({
          id: z.string().meta({ description: 'The Stream message id' }),
          stream_id: z.string().nullable().meta({
            description: "The channel's `stream_id` (its Stream channel id); null if unknown",
          }),
          text: z.string().nullable().meta({ description: 'Its text; null if unknown' }),
        })
        .nullable()
        .meta({ description: 'The message as it was when reported; null for a user report' }),
      user: personSchema().nullable().meta({ description: 'The reported user or author' }),
      reporter: personSchema().nullable(),
      created_at: z.iso.datetime().meta({ description: 'When it was reported' }),
      resolved_at: z.iso.datetime().nullable().meta({ description: 'When; null while open' }),
      resolved_by: z
        .uuid()
        .nullable()
        .meta({ description: 'The moderator who resolved it; null while open' }),
      resolution: z.enum(REPORT_ACTIONS).nullable().meta({
        description: '`dismiss`, `delete_message` or `ban_user`; null while open',
      }),
    })
    .meta({ id: 'Report', description: 'A report of a message or a user' }),
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
      user_id: z.uuid().meta({ description: 'The banned user' }),
      user_name: z.string().meta({ description: 'Their display name' }),
      channel_stream_id: z.string().nullable().meta({ description: 'null: the whole tenant' }),
      reason: z.string().meta({ description: 'Why (shown to moderators); may be empty' }),
      created_by: z
        .uuid()
        .nullable()
        .meta({ description: 'Who banned them; null once that account is deleted' }),
      created_at: z.iso.datetime().meta({ description: 'When the ban started' }),
      expires_at: z.iso.datetime().nullable().meta({ description: 'null: until lifted' }),
    })
    .meta({ id: 'Ban', description: 'A ban in force, tenant-wide or in one channel' }),
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
    200: jsonContent(
      z
        .object({
          bans: z.array(banSchema()).meta({ description: 'The bans in force, newest first' }),
        })
        .meta({ id: 'BanList' }),
      'Bans',
    ),
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
      words: z.array(z.string()).meta({
        description: 'The blocked words, lower-case: a message with one is refused',
        example: ['spoiler'],
      }),
      updated_at: z.iso
        .datetime()
        .nullable()
        .meta({ description: 'When the list last changed; null if never set' }),
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
