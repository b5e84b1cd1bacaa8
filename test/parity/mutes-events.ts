/**
 * Channel mutes, custom events (channel and user) as the SDK uses them against Stream
 * (https://getstream.io/chat/docs/node/muting_channels/,
 * https://getstream.io/chat/docs/node/custom_events/).
 */
import {
  assert,
  assertEqual,
  assertStreamError,
  channelOf,
  nextEvent,
  type ParityContext,
  REQUIRED_TYPE_FIELDS,
  sleep,
  users,
} from './b-support';

/** mute → muteStatus, channel_mutes on the next connect, no unread count; unmute lifts it. */
export async function channelMuteAndUnmute(ctx: ParityContext): Promise<void> {
  const [alice, bob] = await users(ctx, 'alice', 'bob');
  const { type, id, cid } = await channelOf(ctx, [alice as string, bob as string]);
  const client = await ctx.connect(alice as string);
  const channel = client.channel(type, id);
  await channel.watch();
  assertEqual(channel.muteStatus().muted, false, 'muted before mute()');

  const updated = nextEvent(client, 'notification.channel_mutes_updated');
  const response = await channel.mute({ expiration: 60_000 });
  assertEqual(response.channel_mute.channel?.cid, cid, 'channel_mute.channel.cid');
  assertEqual(response.own_user.channel_mutes.length, 1, 'own_user.channel_mutes');
  await updated;
  const status = channel.muteStatus();
  assert(status.muted, 'muteStatus().muted after mute()');
  const expiresIn = (status.expiresAt?.getTime() ?? 0) - Date.now();
  assert(expiresIn > 30_000 && expiresIn <= 60_000, `mute expires in ~60 s (got ${expiresIn} ms)`);

  // "Muted channels can be filtered or excluded by using the muted in your query channels filter."
  assertEqual(
    (await client.queryChannels({ cid, muted: true } as never)).map((found) => found.cid),
    [cid],
    'queryChannels {muted: true}',
  );
  assertEqual(
    (await client.queryChannels({ cid, muted: false } as never)).length,
    0,
    'queryChannels {muted: false}',
  );

  // A new connection learns the mute from `me.channel_mutes`.
  const second = await ctx.connect(alice as string);
  assertEqual(
    second.mutedChannels.map((mute) => mute.channel?.cid),
    [cid],
    'mutedChannels of a new connection',
  );

  // "Messages added to muted channels do not increase the unread messages count."
  await ctx.server.channel(type, id).sendMessage({ text: 'while muted', user_id: bob as string });
  assertEqual((await client.getUnreadCount()).total_unread_count, 0, 'unread while muted');

  const lifted = nextEvent(client, 'notification.channel_mutes_updated');
  await channel.unmute();
  await lifted;
  assertEqual(channel.muteStatus().muted, false, 'muteStatus().muted after unmute()');
  assertEqual((await client.getUnreadCount()).total_unread_count, 1, 'unread after unmute');
}

/** A mute with an expiration ends by itself; a server client mutes for a named user. */
export async function channelMuteExpires(ctx: ParityContext): Promise<void> {
  const [alice, bob] = await users(ctx, 'alice', 'bob');
  const { type, id, cid } = await channelOf(ctx, [alice as string, bob as string]);
  await ctx.server.channel(type, id).mute({ user_id: bob as string, expiration: 1_500 });
  const during = await ctx.connect(bob as string);
  assertEqual(during.mutedChannels.length, 1, 'channel_mutes while the mute lasts');
  const watched = during.channel(type, id);
  await watched.watch();
  assert(watched.muteStatus().muted, 'muteStatus() while the mute lasts');
  await sleep(1_600);
  assertEqual(watched.muteStatus().muted, false, 'muteStatus() after expiry');
  const after = await ctx.connect(bob as string);
  assertEqual(
    after.mutedChannels.map((mute) => mute.channel?.cid),
    [],
    `channel_mutes after ${cid} expired`,
  );
}

/** Muting needs the `mute-channel` grant: a user outside the channel is refused. */
export async function channelMuteRefused(ctx: ParityContext): Promise<void> {
  const [alice, bob, carol] = await users(ctx, 'alice', 'bob', 'carol');
  const { type, id } = await channelOf(ctx, [alice as string, bob as string]);
  const outsider = await ctx.rest(carol as string);
  await assertStreamError(outsider.channel(type, id).mute(), { status: 403, code: 17 }, 'mute');
  await assertStreamError(
    outsider.channel('messaging', ctx.id('missing')).mute(),
    { status: 404, code: 16 },
    'mute of a missing channel',
  );
}

/** A custom event reaches every watcher with its fields and sender; Stream's own types are refused. */
export async function channelCustomEvent(ctx: ParityContext): Promise<void> {
  const [alice, bob] = await users(ctx, 'alice', 'bob');
  const { type, id, cid } = await channelOf(ctx, [alice as string, bob as string]);
  const aliceClient = await ctx.connect(alice as string);
  const bobClient = await ctx.connect(bob as string);
  const aliceChannel = aliceClient.channel(type, id);
  await aliceChannel.watch();
  await bobClient.channel(type, id).watch();

  const received = nextEvent(bobClient, 'my.custom');
  const sent = await aliceChannel.sendEvent({ type: 'my.custom', text: 'ping' } as never);
  assertEqual(sent.event.type, 'my.custom', 'answered event type');
  const event = await received;
  assertEqual(
    { cid: event.cid, text: (event as { text?: string }).text, user: event.user?.id },
    { cid, text: 'ping', user: alice },
    'the event bob receives',
  );

  await assertStreamError(
    aliceChannel.sendEvent({ type: 'message.new' } as never),
    { status: 400, code: 4 },
    'a built-in event type',
  );
}

/** Without `send-custom-event` (a type whose members lack it), a member is refused. */
export async function channelCustomEventRefused(ctx: ParityContext): Promise<void> {
  await restrictGamingMembers(ctx);
  const [alice, bob] = await users(ctx, 'alice', 'bob');
  const { type, id } = await channelOf(ctx, [alice as string, bob as string], 'gaming');
  const bobClient = await ctx.connect(bob as string);
  const channel = bobClient.channel(type, id);
  await channel.watch();
  await assertStreamError(
    channel.sendEvent({ type: 'my.custom' } as never),
    { status: 403, code: 17 },
    'custom event without the grant',
  );
}

/**
 * The `gaming` type's members may read and write but not send custom events or upload: the
 * grant refusals of these scenarios (the same grants every time, so runs may repeat).
 */
export async function restrictGamingMembers(ctx: ParityContext): Promise<void> {
  await ctx.server.updateChannelType('gaming', {
    ...REQUIRED_TYPE_FIELDS,
    grants: {
      channel_member: [
        'read-channel',
        'read-channel-members',
        'create-message',
        'create-reaction',
        'create-attachment',
      ],
    },
  } as never);
}

/** sendUserCustomEvent reaches every connection of that user; dots and unknown users refused. */
export async function userCustomEvent(ctx: ParityContext): Promise<void> {
  const [bob] = await users(ctx, 'bob');
  const first = await ctx.connect(bob as string);
  const second = await ctx.connect(bob as string);
  const both = Promise.all(
    [first, second].map((client) => nextEvent(client, 'friendship_request')),
  );
  await ctx.server.sendUserCustomEvent(
    bob as string,
    {
      type: 'friendship_request',
      text: 'hello',
    } as never,
  );
  for (const event of await both)
    assertEqual((event as { text?: string }).text, 'hello', 'user event text');

  await assertStreamError(
    ctx.server.sendUserCustomEvent(bob as string, { type: 'friendship.request' } as never),
    { status: 400, code: 4 },
    'a user event type with a dot',
  );
  await assertStreamError(
    ctx.server.sendUserCustomEvent(ctx.id('nobody'), { type: 'ping' } as never),
    { status: 404, code: 16 },
    'a user event to an unknown user',
  );
  const asUser = await ctx.rest(bob as string);
  await assertStreamError(
    asUser.sendUserCustomEvent(bob as string, { type: 'ping' } as never),
    { status: 403, code: 17 },
    'a user event with a user token',
  );
}
