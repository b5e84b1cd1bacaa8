import { ApiError } from '../../core/errors';
import type { QueueMessage } from '../../core/types';
import { STREAM_HOOK_MAX_BYTES } from '../../http/body-limit';
import type { AppRouteHandler } from '../../http/types';
import { logFor } from '../../runtime/safe-log';
import { servicesFor } from '../../runtime/services';
import { checkBeforeSend, parseHookRequest } from '../../services/before-send';
import { eventFacts, isConsumed } from '../../services/stream-events';
import { readSignedRequest } from '../../stream/webhooks';
import type * as routes from './webhooks.routes';

/** A delivery without `X-Webhook-Id` is remembered by its body's digest. */
async function digest(payload: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(payload));
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return `sha256:${Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export const streamWebhook: AppRouteHandler<typeof routes.streamWebhook> = async (c) => {
  const s = { ...servicesFor(c.env), requestId: c.get('requestId') };
  const { payload, webhookId, attempt } = await readSignedRequest(
    c.req.raw,
    s.config.stream,
    STREAM_HOOK_MAX_BYTES,
  );
  const event = eventFacts(payload);
  if (!event) throw new ApiError(400, 'invalid_event', 'The body is not a Stream event');
  const id = webhookId ?? (await digest(payload));
  if (!isConsumed(event.type)) {
    logFor(s, 'info', { code: 'stream_event', event: event.type, webhook_id: id, attempt });
    return c.json({ received: true as const }, 200);
  }
  if (!s.repairs) throw new ApiError(503, 'queue_unavailable', 'The repair queue is not bound');
  const message: QueueMessage = { kind: 'stream_event', id, event };
  await s.repairs.send(message);
  return c.json({ received: true as const }, 200);
};

export const beforeSend: AppRouteHandler<typeof routes.beforeSend> = async (c) => {
  const s = { ...servicesFor(c.env), requestId: c.get('requestId') };
  const { payload } = await readSignedRequest(c.req.raw, s.config.stream, STREAM_HOOK_MAX_BYTES);
  const parsed = parseHookRequest(payload);
  if (!parsed.success)
    throw new ApiError(400, 'invalid_event', 'The body is not a message to check');
  const hook = parsed.data;
  // The same budget as POST /messages (src/http/rate-limit.ts: MESSAGE_USER_LIMITER per user).
  const withinLimit = async (userId: string) =>
    (await c.env.MESSAGE_USER_LIMITER.limit({ key: userId })).success;
  const refusal = await checkBeforeSend(s, hook, withinLimit);
  if (!refusal) return c.json({ message: hook.message }, 200);
  logFor(s, 'info', { code: 'before_send_refused', reason: refusal.code, user_id: hook.user?.id });
  return c.json({ message: { ...hook.message, type: 'error', text: refusal.text } }, 200);
};
