/**
 * `POST /channels/delivered` — MarkDelivered (Stream's OpenAPI; the SDK's
 * `client.markChannelsDelivered`, which stream-chat 9.53 calls by itself about a second after
 * new messages arrive in channels whose type has `delivery_events`):
 * `{latest_delivered_messages: [{cid, id, parent_id?}], user_id?}` (`user_id` server-side only).
 * Each entry must name a live channel the user may read and a message of it; the answer is
 * `{duration}`. Thread entries (`parent_id`) are stored like channel ones (the SDK does not send
 * them yet). Rules in ../deliveries.ts.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { assertUserMay } from '../access';
import { actorId } from '../actor';
import { parseWith, readJsonBody } from '../body';
import type { EmulatorContext } from '../context';
import { markDelivered } from '../deliveries';
import type { StreamEnv } from '../env';
import { channelNotFound, inputError } from '../errors';
import { operation } from '../operation';
import { respond } from '../wire';

/** Stream's SDK sends at most 100 entries per request (MessageDeliveryReporter). */
const MAX_ENTRIES = 100;

const schema = z.looseObject({
  latest_delivered_messages: z
    .array(z.looseObject({ cid: z.string(), id: z.string(), parent_id: z.string().optional() }))
    .max(MAX_ENTRIES),
  user_id: z.string().optional(),
  user: z.looseObject({ id: z.string() }).optional(),
});

export function registerDeliveredRoute(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  app.post('/channels/delivered', operation('MarkDelivered', deps), async (c) => {
    const body = parseWith(schema, await readJsonBody(c));
    const auth = c.get('auth');
    const userId = actorId(store, auth, body.user_id ?? body.user?.id, 'delivery receipts');
    const confirmed = body.latest_delivered_messages.map(({ cid, id }) => {
      const channel = store.liveChannel(cid);
      if (!channel) throw channelNotFound(cid);
      assertUserMay(store, auth, 'ReadChannel', { channel });
      const message = store.messages.get(id);
      if (!message || message.cid !== cid || message.incarnation !== channel.incarnation) {
        throw inputError(`message "${id}" is not a message of channel ${cid}`);
      }
      return { channel, message };
    });
    for (const { channel, message } of confirmed) {
      if (channel.members.has(userId)) markDelivered(store, channel, userId, message);
    }
    return respond(c, {}, 201);
  });
}
