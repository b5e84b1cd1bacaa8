import * as z from 'zod';
import { requireAuth, requireRole } from '../../http/auth';
import { limits } from '../../http/rate-limit';
import { defineRoute, lazySchema } from '../../http/routes';
import { pageQuery, streamIdParam } from '../common.params';
import {
  BEARER,
  errorResponses,
  jsonBody,
  jsonContent,
  pageContent,
  STREAM_ID_DESCRIPTION,
  text,
  UPSTREAM_ERRORS,
} from '../common.schemas';

export const channelSchema = lazySchema(() =>
  z
    .object({
      id: z.uuid().meta({ description: 'Our id of the channel (routes take `stream_id`)' }),
      stream_id: z.string().meta({
        description: STREAM_ID_DESCRIPTION,
        example: '17006115-1c2a6a40-59d8-4e36-8527-a8b4d65d9d91',
      }),
      name: z.string().meta({
        description: 'The name, unique in the tenant (also in Stream)',
        example: 'Ekemini Samuel',
      }),
      description: z.string().meta({
        description: 'What the channel is for; may be empty',
        example: 'EkeminiOS channel for the team',
      }),
      tenant_id: z.uuid().meta({ description: 'The tenant it belongs to (its Stream team)' }),
      created_by: z
        .uuid()
        .nullable()
        .meta({ description: 'Null once the creator deleted their account' }),
      created_at: z.iso.datetime().meta({ description: 'When it was created' }),
      archived_at: z.iso.datetime().nullable().meta({
        description: 'When it was archived (read-only, frozen in Stream); null while live',
      }),
    })
    .meta({ id: 'Channel', description: 'A channel: a row here and a Stream channel' }),
);

const description = lazySchema(() => text(1000, 0, { multiline: true }));

const createBody = lazySchema(() =>
  z
    .object({
      name: text(100).meta({ example: 'Ekemini Samuel' }),
      description: description().default('').meta({ example: 'EkeminiOS channel for the team' }),
    })
    .meta({ id: 'CreateChannelRequest' }),
);

const updateBody = lazySchema(() =>
  z
    .object({ name: text(100).optional(), description: description().optional() })
    .refine(
      (b) => b.name !== undefined || b.description !== undefined,
      'Send name and/or description',
    )
    .meta({ id: 'UpdateChannelRequest' }),
);

const listQuery = lazySchema(() => z.object(pageQuery(100)));

const staff = [requireAuth, requireRole('admin', 'moderator')];
const anyMember = [requireAuth, requireRole('admin', 'moderator', 'member')];
const common = { security: BEARER, tags: ['Channels'] };

export const create = defineRoute({
  ...common,
  middleware: [...staff, ...limits.createChannel],
  method: 'post',
  path: '/channels',
  summary: 'Create a channel in our database and in Stream (admin or moderator)',
  request: () => jsonBody(createBody()),
  responses: () => ({
    201: jsonContent(channelSchema(), 'Created in both stores'),
    ...errorResponses(400, 401, 403, 409, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

export const list = defineRoute({
  ...common,
  middleware: anyMember,
  method: 'get',
  path: '/channels',
  summary: "The tenant's live channels, newest first",
  request: () => ({ query: listQuery() }),
  responses: () => ({
    200: pageContent('channels', channelSchema(), 'ChannelList', 'A page of channels'),
    ...errorResponses(400, 401, 403, ...UPSTREAM_ERRORS),
  }),
});

export const get = defineRoute({
  ...common,
  middleware: anyMember,
  method: 'get',
  path: '/channels/{stream_id}',
  summary: 'One channel of the tenant (archived ones too)',
  request: () => ({ params: streamIdParam() }),
  responses: () => ({
    200: jsonContent(channelSchema(), 'The channel'),
    ...errorResponses(400, 401, 403, 404, ...UPSTREAM_ERRORS),
  }),
});

export const update = defineRoute({
  ...common,
  middleware: [...staff, ...limits.updateChannel],
  method: 'patch',
  path: '/channels/{stream_id}',
  summary: 'Rename or describe a channel, in both stores (admin or moderator)',
  request: () => ({ params: streamIdParam(), ...jsonBody(updateBody()) }),
  responses: () => ({
    200: jsonContent(channelSchema(), 'Updated'),
    ...errorResponses(400, 401, 403, 404, 409, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

export const archive = defineRoute({
  ...common,
  middleware: [requireAuth, requireRole('admin')],
  method: 'delete',
  path: '/channels/{stream_id}',
  summary: 'Archive a channel: hidden from lists, no new messages, Stream channel frozen (admin)',
  request: () => ({ params: streamIdParam() }),
  responses: () => ({
    200: jsonContent(channelSchema(), 'Archived'),
    ...errorResponses(400, 401, 403, 404, ...UPSTREAM_ERRORS),
  }),
});

export const addMembers = defineRoute({
  ...common,
  middleware: staff,
  method: 'post',
  path: '/channels/{stream_id}/members',
  summary: "Add tenant members to the channel's Stream members (admin or moderator)",
  request: () => ({
    params: streamIdParam(),
    ...jsonBody(
      z
        .object({ user_ids: z.array(z.uuid()).min(1).max(100) })
        .meta({ id: 'AddChannelMembersRequest' }),
    ),
  }),
  responses: () => ({
    200: jsonContent(
      z
        .object({
          stream_id: z.string().meta({ description: STREAM_ID_DESCRIPTION }),
          added: z.array(z.uuid()).meta({ description: 'The user ids now members' }),
        })
        .meta({ id: 'AddChannelMembersResponse' }),
      'Added',
    ),
    ...errorResponses(400, 401, 403, 404, 415, ...UPSTREAM_ERRORS),
  }),
});
