/**
 * Reactions (https://getstream.io/chat/docs/node/send_reaction/): POST /messages/{id}/reaction
 * SendReaction {reaction:{type,score?,...}, enforce_unique?}
 *   DELETE /messages/{id}/reaction/{type}   DeleteReaction [?user_id= server-side]
 *   GET    /messages/{id}/reactions         GetReactions [?limit&offset], newest first
 * Both write calls answer `{message, reaction}`. User tokens need CreateReaction / DeleteReaction
 * (own reactions via `-owner`), and frozen channels refuse them
 * (https://getstream.io/chat/docs/node/freezing_channels/).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { assertUserMay } from '../access';
import { actorId } from '../actor';
import { parseWith, readJsonBody } from '../body';
import { channelConfig } from '../channel-types';
import type { EmulatorContext } from '../context';
import type { Auth, StreamEnv } from '../env';
import { ErrorCode, inputError, notAllowedError, StreamError } from '../errors';
import { LIMITS } from '../limits';
import { removeReaction, sendReaction, visibleMessage } from '../message-changes';
import { operation } from '../operation';
import { isAllowed } from '../permissions';
import { presentMessage, presentReaction } from '../present';
import type { ChannelRecord, StreamStore } from '../store';
import { respond } from '../wire';

const sendSchema = z.looseObject({
  reaction: z.looseObject({
    type: z.string().min(1),
    score: z.number().int().min(0).optional(),
    user_id: z.string().optional(),
    user: z.looseObject({ id: z.string() }).optional(),
  }),
  enforce_unique: z.boolean().optional(),
  skip_push: z.boolean().optional(),
});
const listSchema = z.object({
  limit: z.coerce.number().int().min(0).max(LIMITS.reactionsPageMaxCount).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

function assertReactionsAllowed(store: StreamStore, auth: Auth, channel: ChannelRecord): void {
  if (!channelConfig(store, channel.type).reactions) {
    throw inputError(`reactions are disabled for channel type ${channel.type}`);
  }
  if (
    auth.kind === 'user' &&
    channel.frozen &&
    !isAllowed(store, auth.userId, { type: channel.type, channel }, 'UseFrozenChannel')
  ) {
    throw notAllowedError(`channel ${channel.cid} is frozen, reactions are not allowed`);
  }
}

export function registerReactionRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;

  app.post('/messages/:id/reaction', operation('SendReaction', deps), async (c) => {
    const auth = c.get('auth');
    const body = parseWith(sendSchema, await readJsonBody(c));
    const { message, channel } = visibleMessage(store, c.req.param('id'));
    const { type, score, user_id, user, ...custom } = body.reaction;
    const userId = actorId(store, auth, user?.id ?? user_id, 'reactions');
    assertUserMay(store, auth, 'CreateReaction', { channel });
    assertReactionsAllowed(store, auth, channel);
    const reaction = sendReaction(
      store,
      channel,
      message,
      userId,
      { type, score: score ?? 1, custom },
      body.enforce_unique ?? false,
    );
    return respond(
      c,
      {
        message: presentMessage(store, message, userId),
        reaction: presentReaction(store, reaction),
      },
      201,
    );
  });

  app.delete('/messages/:id/reaction/:type', operation('DeleteReaction', deps), (c) => {
    const auth = c.get('auth');
    const { message, channel } = visibleMessage(store, c.req.param('id'));
    const userId = actorId(store, auth, c.req.query('user_id'), 'reactions');
    const type = c.req.param('type');
    const reaction = (store.reactions.get(message.id) ?? []).find(
      (r) => r.user_id === userId && r.type === type,
    );
    assertUserMay(store, auth, 'DeleteReaction', { channel, ownerId: userId });
    assertReactionsAllowed(store, auth, channel);
    // [Unsure] Stream's wording; the status and code are its "does not exist" pair.
    if (!reaction) {
      throw new StreamError(
        404,
        ErrorCode.DoesNotExist,
        `reaction "${type}" by "${userId}" does not exist`,
      );
    }
    removeReaction(store, channel, message, reaction);
    return respond(c, {
      message: presentMessage(store, message, userId),
      reaction: presentReaction(store, reaction),
    });
  });

  app.get('/messages/:id/reactions', operation('GetReactions', deps), (c) => {
    const auth = c.get('auth');
    const { message, channel } = visibleMessage(store, c.req.param('id'));
    assertUserMay(store, auth, 'ReadChannel', { channel });
    const { limit, offset } = parseWith(listSchema, {
      limit: c.req.query('limit'),
      offset: c.req.query('offset'),
    });
    const newestFirst = [...(store.reactions.get(message.id) ?? [])].reverse();
    const start = offset ?? 0;
    const page = newestFirst.slice(start, start + (limit || LIMITS.reactionsPageDefaultCount));
    return respond(c, { reactions: page.map((r) => presentReaction(store, r)) });
  });
}
