/**
 * Per-user and channel-wide visibility:
 *   POST /channels/{type}/{id}/hide      HideChannel {user_id? server-side}
 *   POST /channels/{type}/{id}/show      ShowChannel {user_id?}
 *   POST /channels/{type}/{id}/truncate  TruncateChannel {hard_delete?, message?, user_id?}
 * A hidden channel drops out of the member's QueryChannels until a new message arrives or
 * it is shown again (filter `hidden: true` lists hidden ones). `clear_history` and a
 * `truncated_at` in the past are not emulated.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { assertUserMay } from '../access';
import { actorId } from '../actor';
import { parseWith, readJsonBody } from '../body';
import { channelWithMembers } from '../channels';
import type { EmulatorContext } from '../context';
import { actingUser, type StreamEnv } from '../env';
import { channelNotFound, inputError } from '../errors';
import { messageInputSchema } from '../messages';
import { setHidden, truncate } from '../moderation';
import { operation } from '../operation';
import { presentMessage } from '../present';
import { respond } from '../wire';

const hideSchema = z.looseObject({
  user_id: z.string().nullish(),
  clear_history: z.boolean().optional(),
});
const truncateSchema = z.looseObject({
  hard_delete: z.boolean().optional(),
  skip_push: z.boolean().optional(),
  message: messageInputSchema.optional(),
  truncated_at: z.string().optional(),
  user_id: z.string().optional(),
});

export function registerChannelVisibilityRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  const channelOf = (type: string, id: string) => {
    const channel = store.liveChannel(`${type}:${id}`);
    if (!channel) throw channelNotFound(`${type}:${id}`);
    return channel;
  };

  for (const [path, op, hidden] of [
    ['hide', 'HideChannel', true],
    ['show', 'ShowChannel', false],
  ] as const) {
    app.post(`/channels/:type/:id/${path}`, operation(op, deps), async (c) => {
      const auth = c.get('auth');
      const body = parseWith(hideSchema, await readJsonBody(c));
      if (body.clear_history) {
        throw inputError('clear_history is not supported by the local Stream emulator');
      }
      const channel = channelOf(c.req.param('type'), c.req.param('id'));
      const userId = actorId(store, auth, body.user_id ?? undefined, op);
      assertUserMay(store, auth, 'ReadChannel', { channel });
      if (!channel.members.has(userId)) {
        throw inputError(`user "${userId}" is not a member of channel ${channel.cid}`);
      }
      setHidden(store, channel, userId, hidden);
      return respond(c, {}, 201);
    });
  }

  app.post('/channels/:type/:id/truncate', operation('TruncateChannel', deps), async (c) => {
    const auth = c.get('auth');
    const body = parseWith(truncateSchema, await readJsonBody(c));
    if (body.truncated_at !== undefined) {
      throw inputError('truncated_at is not supported by the local Stream emulator');
    }
    const channel = channelOf(c.req.param('type'), c.req.param('id'));
    assertUserMay(store, auth, 'TruncateChannel', { channel });
    const actor = actingUser(auth) ?? body.user_id;
    truncate(store, channel, {
      hard: body.hard_delete ?? false,
      ...(body.message ? { message: body.message } : {}),
      ...(actor ? { actorId: actor } : {}),
    });
    const last = store.currentMessages(channel).at(-1);
    return respond(
      c,
      {
        channel: channelWithMembers(store, channel, c.get('auth')).channel,
        ...(body.message && last ? { message: presentMessage(store, last) } : {}),
      },
      201,
    );
  });
}
