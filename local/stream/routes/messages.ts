/**
 * `POST /channels/{type}/{id}/message` — SendMessage
 * (https://getstream.io/chat/docs/node/send_message/). The validated message goes through the
 * channel type's blocklists (user tokens, or `force_moderation: true` server-side;
 * ../message-moderation.ts), then, with a before-send hook set, is shown to it before it is
 * stored (../webhooks/message-hook.ts).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { isRecord, parseWith, readJsonBody } from '../body';
import type { EmulatorContext } from '../context';
import { actingUser, type StreamEnv } from '../env';
import { channelNotFound, inputError, notAllowedError } from '../errors';
import { assertClientMessageFields } from '../message-fields';
import { blockedMessage, checkBlocklists, isModerated } from '../message-moderation';
import {
  assertNoReservedMessageFields,
  messageInputSchema,
  prepareMessage,
  storeMessage,
} from '../messages';
import { assertNotBanned, flagMessage } from '../moderation';
import { operation } from '../operation';
import { authorize, isAllowed } from '../permissions';
import { presentMessage } from '../present';
import { checkNewMessage } from '../webhooks/message-hook';
import { respond } from '../wire';

/** Options next to `message` (skip_push, pending, ...) are accepted and have no effect here. */
const sendMessageSchema = z.looseObject({
  message: messageInputSchema,
  force_moderation: z.boolean().optional(),
});

export function registerMessageRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  app.post('/channels/:type/:id/message', operation('SendMessage', deps), async (c) => {
    const auth = c.get('auth');
    const raw = await readJsonBody(c);
    if (!isRecord(raw.message)) throw inputError('message is a required field');
    assertNoReservedMessageFields(raw.message);
    const { message: input, force_moderation: force = false } = parseWith(sendMessageSchema, raw);

    const cid = `${c.req.param('type')}:${c.req.param('id')}`;
    const channel = store.liveChannel(cid);
    if (!channel) throw channelNotFound(cid);
    const target = { type: channel.type, channel };
    authorize(store, auth, target, 'CreateMessage');
    // Frozen channels refuse new messages from users without use-frozen-channel;
    // server-side auth bypasses it.
    if (
      auth.kind === 'user' &&
      channel.frozen &&
      !isAllowed(store, auth.userId, target, 'UseFrozenChannel')
    ) {
      throw notAllowedError(`channel ${cid} is frozen, new messages are not allowed`);
    }
    if (auth.kind === 'user') {
      assertNotBanned(store, channel, auth.userId);
      assertClientMessageFields(store, auth, channel, raw.message, auth.userId);
    }

    const options = auth.kind === 'user' ? { actingUserId: auth.userId } : {};
    const message = prepareMessage(store, channel, input, options);
    const verdict = isModerated(store, auth, channel, message.user_id, force)
      ? checkBlocklists(store, channel, message)
      : ({ kind: 'pass' } as const);
    if (verdict.kind === 'block') {
      return respond(c, { message: blockedMessage(store, message, verdict.lists) }, 201);
    }
    if (verdict.kind === 'shadow_block') message.shadowed = true;
    const hooked = await checkNewMessage(
      ctx.hooks.beforeSend,
      {
        store,
        channel,
        userId: message.user_id,
        origin: auth.kind === 'server' ? 'server' : 'client',
      },
      message,
      input,
    );
    if (hooked.kind === 'rejected') return respond(c, { message: hooked.message }, 201);
    // The channel may have been deleted while the hook answered.
    if (store.liveChannel(cid) !== channel) throw channelNotFound(cid);
    storeMessage(store, channel, message, options);
    if (verdict.kind === 'flag') {
      flagMessage(store, channel, message, {
        userId: message.user_id,
        reason: `blocklist: ${verdict.lists.join(', ')}`,
        automod: true,
      });
    }
    return respond(c, { message: presentMessage(store, message, actingUser(auth)) }, 201);
  });
}
