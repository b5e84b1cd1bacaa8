import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth, requireRole } from '../../auth/middleware';
import { limits } from '../../lib/rate-limit';
import { streamIdParam, streamIdSchema } from '../common.params';
import {
  BEARER,
  errorResponses,
  jsonBody,
  jsonContent,
  text,
  UPSTREAM_ERRORS,
} from '../common.schemas';

export const messageSchema = z
  .object({
    id: z.string(),
    stream_id: z.string(),
    text: z.string().openapi({ example: 'Hello EkeminiOS!' }),
    type: z.string().openapi({ example: 'regular' }),
    user_id: z.string(),
    user_name: z.string().optional(),
    created_at: z.string().openapi({ format: 'date-time' }),
    updated_at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Message');

const sendBody = z
  .object({
    stream_id: streamIdSchema,
    // Stream's default max_message_length is 5000.
    text: text(5000, 1, { multiline: true }).openapi({ example: 'Hello EkeminiOS!' }),
  })
  .openapi('SendMessageRequest');

const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(128)
    .optional()
    .openapi({
      description:
        'Retry-safe sends: the same key never posts twice. Reusing a key with other text answers 422.',
      param: { name: 'idempotency-key', in: 'header' },
    }),
});

const common = {
  security: BEARER,
  tags: ['Messages'],
  middleware: [requireAuth, requireRole('admin', 'moderator', 'member')],
};

export const send = createRoute({
  ...common,
  middleware: [...common.middleware, ...limits.sendMessage],
  method: 'post',
  path: '/messages',
  summary: 'Send a message to a live channel of your tenant',
  request: { headers: idempotencyHeader, ...jsonBody(sendBody) },
  responses: {
    201: jsonContent(z.object({ message: messageSchema }).openapi('MessageResponse'), 'Sent'),
    200: jsonContent(
      z.object({ message: messageSchema }),
      'Already sent with this Idempotency-Key',
    ),
    ...errorResponses(400, 401, 403, 404, 409, 415, 422, 429, ...UPSTREAM_ERRORS),
  },
});

export const list = createRoute({
  ...common,
  method: 'get',
  path: '/messages/{stream_id}',
  summary: 'Recent messages of a channel, oldest first',
  request: {
    params: streamIdParam,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(300).default(50),
      before: z
        .string()
        .min(1)
        .max(255)
        .optional()
        .openapi({ description: 'A message id: return the page before it (`next_before`)' }),
    }),
  },
  responses: {
    200: jsonContent(
      z
        .object({ messages: z.array(messageSchema), next_before: z.string().nullable() })
        .openapi('MessageList'),
      'Messages',
    ),
    ...errorResponses(400, 401, 403, 404, ...UPSTREAM_ERRORS),
  },
});
