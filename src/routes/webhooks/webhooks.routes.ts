import * as z from 'zod';
import { defineRoute } from '../../http/routes';
import { errorResponses, jsonContent, STREAM_SIGNED, UPSTREAM_ERRORS } from '../common.schemas';

const signedRequest =
  "Sent by Stream, not by clients: the body is a JSON event (gzip when the app compresses payloads), signed with the app's API secret in `X-Signature` (lower-case hex HMAC-SHA256 of the uncompressed body) and naming the app in `X-Api-Key`. A missing or wrong signature is 401 and does nothing.";

export const streamWebhook = defineRoute({
  method: 'post',
  path: '/webhooks/stream',
  security: STREAM_SIGNED,
  tags: ['Stream'],
  summary: "Stream's webhook: what happened in Stream, repaired where our database disagrees",
  description: `${signedRequest} Answered at once; the work is queued. \`X-Webhook-Id\` is acted on once, so Stream's retries have no second effect. See README "Webhooks".`,
  responses: () => ({
    200: jsonContent(
      z
        .object({
          received: z.literal(true).meta({ description: 'The event was verified and taken' }),
        })
        .meta({ id: 'WebhookReceived' }),
      'Verified and queued (or logged, for an event type we do not act on)',
    ),
    ...errorResponses(400, 401, 413, ...UPSTREAM_ERRORS),
  }),
});

const hookMessage = () =>
  z
    .looseObject({
      type: z.string().optional().meta({ description: '`error` when the message is refused' }),
      text: z
        .string()
        .optional()
        .meta({ description: "The message's text, or why it is refused when `type` is `error`" }),
    })
    .meta({
      id: 'BeforeSendMessage',
      description: "Stream's message: unchanged to publish it, or an error to refuse it",
    });

export const beforeSend = defineRoute({
  method: 'post',
  path: '/webhooks/stream/before-send',
  security: STREAM_SIGNED,
  tags: ['Stream'],
  summary: "Stream's before-message-send hook: refuses messages our checks refuse",
  description: `${signedRequest} Stream calls it before publishing a message a user sends with their own Stream token. The answer is Stream's documented one: the message unchanged to accept it, or \`{"message": {"type": "error", "text": "…"}}\` to refuse it (the sender sees that error; nobody else sees anything). Refused: a sender who is not a current member of the channel's tenant, a channel that is not one of ours, or a sender over the per-user send limit. One database read.`,
  responses: () => ({
    200: jsonContent(
      z.object({ message: hookMessage() }).meta({ id: 'BeforeSendAnswer' }),
      'The message to publish, or an error-typed message that refuses it',
    ),
    ...errorResponses(400, 401, 413, ...UPSTREAM_ERRORS),
  }),
});
