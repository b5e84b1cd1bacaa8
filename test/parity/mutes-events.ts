/**
 * Channel mutes, custom events (channel and user) as the SDK uses them against Stream
 * (https://getstream.io/chat/docs/node/muting_channels/,
 * https://getstream.io/chat/docs/node/custom_events/).
 */
import { assert, assertEqual, assertRejects, eventually } from './assert';
import type { ParityContext, Scenario } from './context';
import { watchTogether } from './set-up';

const CID = 'messaging:muted';

/** mute → muteStatus, channel_mutes on the next connect, no unread count; unmute lifts it. */
export const channelMuteAndUnmute: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('muted', ['alice', 'bob']);
  const client = await ctx.connect('alice');
  const channel = client.channel('messaging', 'muted');
  await channel.watch();
  assertEqual(channel.muteStatus().muted, false, 'muted before mute()');

  const response = await channel.mute({ expiration: 60_000 });
  assertEqual(response.channel_mute.channel?.cid, CID, 'channel_mute.channel.cid');
  assertEqual(response.own_user.channel_mutes.length, 1, 'own_user.channel_mutes');
  await ctx.event(
    client,
    'notification.channel_mutes_updated',
    (event) => event.me?.channel_mutes.length === 1,
  );
  const status = channel.muteStatus();
  assert(status.muted, 'muteStatus().muted after mute()');
  const expiresIn = (status.expiresAt?.getTime() ?? 0) - Date.now();
  assert(expiresIn > 30_000 && expiresIn <= 60_000, `mute expires in ~60 s (got ${expiresIn} ms)`);

  // "Muted channels can be filtered or excluded by using the muted in your query channels filter."
  assertEqual(
    (await client.queryChannels({ cid: CID, muted: true })).map((found) => found.cid),
    [CID],
    'queryChannels {muted: true}',
  );
  assertEqual(
    (await client.queryChannels({ cid: CID, muted: false })).length,
    0,
    'queryChannels {muted: false}',
  );

  // A new connection learns the mute from `me.channel_mutes`.
  const second = await ctx.connect('alice');
  assertEqual(
    second.mutedChannels.map((mute) => mute.channel?.cid),
    [CID],
    'mutedChannels of a new connection',
  );

  // "Messages added to muted channels do not increase the unread messages count."
  await ctx.send('muted', 'bob', { text: 'while muted' });
  assertEqual((await client.getUnreadCount()).total_unread_count, 0, 'unread while muted');

  await channel.unmute();
  await ctx.event(
    client,
    'notification.channel_mutes_updated',
    (event) => event.me?.channel_mutes.length === 0,
  );
  assertEqual(channel.muteStatus().muted, false, 'muteStatus().muted after unmute()');
  assertEqual((await client.getUnreadCount()).total_unread_count, 1, 'unread after unmute');
};

/** A mute with an expiration ends by itself; a server client mutes for a named user. */
export const channelMuteExpires: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('muted', ['alice', 'bob']);
  await ctx.server.channelCall({ type: 'messaging', id: 'muted' }, 'mute', [
    { user_id: 'bob', expiration: 1_500 },
  ]);
  const during = await ctx.connect('bob');
  assertEqual(during.mutedChannels.length, 1, 'channel_mutes while the mute lasts');
  const watched = during.channel('messaging', 'muted');
  await watched.watch();
  assert(watched.muteStatus().muted, 'muteStatus() while the mute lasts');
  await eventually(() => !watched.muteStatus().muted, 'muteStatus() after expiry');
  const after = await ctx.connect('bob');
  assertEqual(
    after.mutedChannels.map((mute) => mute.channel?.cid),
    [],
    'channel_mutes of a new connection after expiry',
  );
};

/** Muting needs the `mute-channel` grant: a user outside the channel is refused. */
export const channelMuteRefused: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob', 'carol');
  await ctx.channel('muted', ['alice', 'bob']);
  const outsider = await ctx.rest('carol');
  await assertRejects(
    outsider.channel('messaging', 'muted').mute(),
    { status: 403, code: 17 },
    'mute',
  );
  await assertRejects(
    outsider.channel('messaging', 'missing').mute(),
    { status: 404, code: 16 },
    'mute of a missing channel',
  );
};

/** A custom event reaches every watcher with its fields and sender; Stream's own types are refused. */
export const channelCustomEvent: Scenario = async (ctx) => {
  const [{ channel: aliceChannel }, { client: bob }] = await watchTogether(ctx, 'events', [
    'alice',
    'bob',
  ]);

  const sent = await aliceChannel.sendEvent({ type: 'my.custom', text: 'ping' } as never);
  assertEqual(sent.event.type, 'my.custom', 'answered event type');
  const event = await ctx.event(bob, 'my.custom');
  assertEqual(
    { cid: event.cid, text: (event as { text?: string }).text, user: event.user?.id },
    { cid: 'messaging:events', text: 'ping', user: 'alice' },
    'the event bob receives',
  );

  await assertRejects(
    aliceChannel.sendEvent({ type: 'message.new' }),
    { status: 400, code: 4 },
    'a built-in event type',
  );
};

/** Without `send-custom-event` (a type whose members lack it), a member is refused. */
export const channelCustomEventRefused: Scenario = async (ctx) => {
  await restrictGamingMembers(ctx);
  await ctx.users('alice', 'bob');
  await ctx.channel('game', ['alice', 'bob'], {}, 'gaming');
  const bob = await ctx.connect('bob');
  const channel = bob.channel('gaming', 'game');
  await channel.watch();
  await assertRejects(
    channel.sendEvent({ type: 'my.custom' } as never),
    { status: 403, code: 17 },
    'custom event without the grant',
  );
};

/** The `gaming` type's members may read and write but not send custom events or upload. */
export function restrictGamingMembers(ctx: ParityContext): Promise<void> {
  return ctx.grants(
    {
      channel_member: [
        'read-channel',
        'read-channel-members',
        'create-message',
        'create-reaction',
        'create-attachment',
      ],
    },
    'gaming',
  );
}

/** sendUserCustomEvent reaches every connection of that user; dots and unknown users refused. */
export const userCustomEvent: Scenario = async (ctx) => {
  await ctx.users('bob');
  const first = await ctx.connect('bob');
  const second = await ctx.connect('bob');
  await ctx.server.call('sendUserCustomEvent', [
    'bob',
    { type: 'friendship_request', text: 'hello' } as never,
  ]);
  for (const client of [first, second]) {
    const event = await ctx.event(client, 'friendship_request');
    assertEqual((event as { text?: string }).text, 'hello', 'user event text');
  }

  await assertRejects(
    ctx.server.call('sendUserCustomEvent', ['bob', { type: 'friendship.request' }]),
    { status: 400, code: 4 },
    'a user event type with a dot',
  );
  await assertRejects(
    ctx.server.call('sendUserCustomEvent', ['nobody', { type: 'ping' }]),
    { status: 404, code: 16 },
    'a user event to an unknown user',
  );
  const asUser = await ctx.rest('bob');
  await assertRejects(
    asUser.sendUserCustomEvent('bob', { type: 'ping' }),
    { status: 403, code: 17 },
    'a user event with a user token',
  );
};
