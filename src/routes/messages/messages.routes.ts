import * as z from 'zod';
import { requireAuth, requireRole } from '../../http/auth';
import { limits } from '../../http/rate-limit';
import { defineRoute, lazySchema } from '../../http/routes';
import { messageIdParam, streamIdParam, streamIdSchema } from '../common.params';
import {
  BEARER,
  errorResponses,
  jsonBody,
  jsonContent,
  STREAM_ID_DESCRIPTION,
  text,
  UPSTREAM_ERRORS,
} from '../common.schemas';

export const messageSchema = lazySchema(() =>
  z
    .object({
      id: z.string().meta({ description: 'The Stream message id' }),
      stream_id: z.string().meta({ description: STREAM_ID_DESCRIPTION }),
      text: z.string().meta({ description: 'The text as stored', example: 'Hello EkeminiOS!' }),
      type: z.string().meta({
        description: "Stream's message type (`regular`, `reply`, `deleted`, …)",
        example: 'regular',
      }),
      user_id: z.string().meta({ description: 'The author’s user id' }),
      user_name: z
        .string()
        .optional()
        .meta({ description: 'The author’s display name, when Stream has one' }),
      created_at: z.string().meta({ description: 'When it was sent', format: 'date-time' }),
      updated_at: z.string().meta({ description: 'When it was last changed', format: 'date-time' }),
    })
    .meta({ id: 'Message', description: 'A chat message, as Stream stores it' }),
);

const sendBody = lazySchema(() =>
  z
    .object({
      stream_id: streamIdSchema(),
      // Stream's default max_message_length is 5000.
      text: text(5000, 1, { multiline: true }).meta({ example: 'Hello EkeminiOS!' }),
    })
    .meta({ id: 'SendMessageRequest' }),
);

const idempotencyHeader = lazySchema(() =>
  z.object({
    'idempotency-key': z
      .string()
      .min(1)
      .max(128)
      .optional()
      .meta({
        description:
          'Retry-safe sends: the same key never posts twice. Reusing a key with other text answers 422.',
        param: { name: 'idempotency-key', in: 'header' },
      }),
  }),
);

const common = {
  security: BEARER,
  tags: ['Messages'],
  middleware: [requireAuth, requireRole('admin', 'moderator', 'member')],
};

export const send = defineRoute({
  ...common,
  middleware: [...common.middleware, ...limits.sendMessage],
  method: 'post',
  path: '/messages',
  summary: 'Send a message to a live channel of your tenant',
  request: () => ({ headers: idempotencyHeader(), ...jsonBody(sendBody()) }),
  responses: () => ({
    201: jsonContent(
      z.object({ message: messageSchema() }).meta({ id: 'MessageResponse' }),
      'Sent',
    ),
    200: jsonContent(
      z.object({ message: messageSchema() }),
      'Already sent with this Idempotency-Key',
    ),
    ...errorResponses(400, 401, 403, 404, 409, 415, 422, 429, ...UPSTREAM_ERRORS),
  }),
});

export const list = defineRoute({
  ...common,
  method: 'get',
  path: '/messages/{stream_id}',
  summary: 'Recent messages of a channel, oldest first',
  request: () => ({
    params: streamIdParam(),
    query: z.object({
      limit: z.coerce.number().int().min(1).max(300).default(50),
      before: z
        .string()
        .min(1)
        .max(255)
        .optional()
        .meta({ description: 'A message id: return the page before it (`next_before`)' }),
    }),
  }),
  responses: () => ({
    200: jsonContent(
      z
        .object({
          messages: z.array(messageSchema()).meta({ description: 'The page, oldest first' }),
          next_before: z.string().nullable().meta({
            description: 'Pass as `before` for the older page; null when there is none',
          }),
        })
        .meta({ id: 'MessageList' }),
      'Messages',
    ),
    ...errorResponses(400, 401, 403, 404, ...UPSTREAM_ERRORS),
  }),
});

export const remove = defineRoute({
  ...common,
  middleware: [...common.middleware, ...limits.moderate],
  method: 'delete',
  path: '/messages/{message_id}',
  summary:
    'Delete a message: your own, or any in the tenant as moderator or admin; hard=true (admin) removes it for good',
  request: () => ({
    params: messageIdParam(),
    query: z.object({
      hard: z
        .enum(['true', 'false'])
        .default('false')
        .transform((v) => v === 'true')
        .meta({ description: 'Remove the message, its reactions and replies (admin only)' }),
    }),
  }),
  responses: () => ({
    204: { description: 'Deleted (or already deleted)' },
    ...errorResponses(400, 401, 403, 404, 429, ...UPSTREAM_ERRORS),
  }),
});
