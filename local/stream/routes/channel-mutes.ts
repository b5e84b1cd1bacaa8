/**
 * Channel mutes (https://getstream.io/chat/docs/node/muting_channels/), as stream-chat-js sends
 * them (`channel.mute({expiration?, user_id?})`, `channel.unmute({user_id?})`):
 *   POST /moderation/mute/channel    MuteChannel {channel_cid | channel_cids, expiration? (ms),
 *                                    user_id? server-side} → {channel_mute | channel_mutes,
 *                                    own_user}
 *   POST /moderation/unmute/channel  UnmuteChannel {channel_cid | channel_cids, user_id?} → {}
 * `channel_cids` is the OpenAPI form (MuteChannelRequest), `channel_cid` the SDK's; both are
 * taken. A user token needs MuteChannel (`mute-channel`: members and owners on Stream's
 * defaults) on each channel.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { assertUserMay } from '../access';
import { actorId } from '../actor';
import { parseWith, readJsonBody } from '../body';
import { muteChannels, unmuteChannels } from '../channel-mutes';
import type { EmulatorContext } from '../context';
import type { StreamEnv } from '../env';
import { channelNotFound, inputError } from '../errors';
import { operation } from '../operation';
import type { StreamStore } from '../store';
import { userOrFail } from '../users';
import { respond } from '../wire';
import { presentChannelMutes, presentMe } from '../ws/me';

const muteChannelSchema = z.looseObject({
  channel_cid: z.string().min(1).optional(),
  channel_cids: z.array(z.string().min(1)).optional(),
  expiration: z.number().int().min(1).optional(),
  user_id: z.string().optional(),
  user: z.looseObject({ id: z.string() }).optional(),
});
type MuteChannelBody = z.output<typeof muteChannelSchema>;

function cidsOf(body: MuteChannelBody): string[] {
  const cids = [
    ...new Set([...(body.channel_cid ? [body.channel_cid] : []), ...(body.channel_cids ?? [])]),
  ];
  if (cids.length === 0) throw inputError('channel_cid or channel_cids is required');
  return cids;
}

export function registerChannelMuteRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  /** The user acting and the live channels named, each checked against MuteChannel. */
  const target = (c: Context<StreamEnv>, body: MuteChannelBody) => {
    const auth = c.get('auth');
    const user = userOrFail(store, actorId(store, auth, body.user_id ?? body.user?.id, 'mutes'));
    const channels = cidsOf(body).map((cid) => liveOrFail(store, cid));
    for (const channel of channels) assertUserMay(store, auth, 'MuteChannel', { channel });
    return { user, channels };
  };

  app.post('/moderation/mute/channel', operation('MuteChannel', deps), async (c) => {
    const body = parseWith(muteChannelSchema, await readJsonBody(c));
    const { user, channels } = target(c, body);
    muteChannels(store, user, channels, body.expiration);
    const cids = new Set(channels.map((channel) => channel.cid));
    const made = presentChannelMutes(store, user).filter((mute) =>
      cids.has((mute.channel as { cid: string }).cid),
    );
    const own_user = presentMe(store, user);
    return respond(
      c,
      made.length === 1 ? { channel_mute: made[0], own_user } : { channel_mutes: made, own_user },
      201,
    );
  });

  app.post('/moderation/unmute/channel', operation('UnmuteChannel', deps), async (c) => {
    const body = parseWith(muteChannelSchema, await readJsonBody(c));
    const { user, channels } = target(c, body);
    unmuteChannels(
      store,
      user,
      channels.map((channel) => channel.cid),
    );
    return respond(c, {}, 201);
  });
}

function liveOrFail(store: StreamStore, cid: string) {
  const channel = store.liveChannel(cid);
  if (!channel) throw channelNotFound(cid);
  return channel;
}
