/**
 * `own_capabilities` on channel payloads (https://getstream.io/chat/docs/javascript/channel_capabilities/):
 * computed from the user's grants and the channel type's settings, present where the SDK reads
 * channel data (watch, queryChannels, updates, events that carry a channel).
 */
import { assertEqual, assertExcludes, assertIncludes, assertRejects } from './assert';
import type { Scenario } from './context';

/** What a plain member who created nothing may do on Stream's default `messaging` grants. */
const MEMBER_CAN = [
  'send-message',
  'send-reply',
  'quote-message',
  'send-reaction',
  'upload-file',
  'read-events',
  'typing-events',
  'send-typing-events',
  'delete-own-message',
  'update-own-message',
  'flag-message',
  'pin-message',
  'leave-channel',
  'mute-channel',
  'search-messages',
  'send-custom-events',
];
const MODERATOR_ONLY = [
  'ban-channel-members',
  'delete-any-message',
  'update-any-message',
  'freeze-channel',
  'update-channel',
];

export const onWatch: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('caps', ['alice', 'bob']);
  const bob = await ctx.connect('bob');
  const channel = bob.channel('messaging', 'caps');
  const state = await channel.watch();
  for (const name of MEMBER_CAN) {
    assertIncludes(state.channel.own_capabilities, name, 'watch answer');
    assertIncludes(channel.data?.own_capabilities as string[], name, "SDK's channel.data");
  }
  for (const name of [...MODERATOR_ONLY, 'join-channel', 'delete-channel']) {
    assertExcludes(state.channel.own_capabilities, name, 'watch answer');
  }
};

export const ownerAndModerator: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('caps', ['alice', 'bob']);
  await ctx.server.channelCall({ type: 'messaging', id: 'caps' }, 'addModerators', [['bob']]);
  const alice = await ctx.connect('alice');
  const bob = await ctx.connect('bob');
  const [own, moderated] = await Promise.all([
    alice.channel('messaging', 'caps').watch(),
    bob.channel('messaging', 'caps').watch(),
  ]);
  // The creator holds the `-owner` grants of the channel.
  assertIncludes(own.channel.own_capabilities, 'delete-channel', 'creator');
  assertIncludes(own.channel.own_capabilities, 'update-channel', 'creator');
  for (const name of MODERATOR_ONLY) {
    assertIncludes(moderated.channel.own_capabilities, name, 'channel moderator');
  }
};

export const onQueryChannels: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('caps-a', ['alice', 'bob']);
  await ctx.channel('caps-b', ['bob', 'alice']);
  const alice = await ctx.connect('alice');
  const channels = await alice.queryChannels({ members: { $in: ['alice'] } });
  assertEqual(channels.length, 2, 'channels');
  for (const channel of channels) {
    assertIncludes(channel.data?.own_capabilities as string[], 'send-message', channel.cid);
  }
};

export const keptAfterUpdate: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('caps', ['alice', 'bob']);
  const alice = await ctx.connect('alice');
  const channel = alice.channel('messaging', 'caps');
  await channel.watch();
  await channel.updatePartial({ set: { name: 'Renamed' } });
  assertEqual(channel.data?.name, 'Renamed', 'name');
  assertIncludes(channel.data?.own_capabilities as string[], 'send-message', 'after updatePartial');
  await channel.update({ name: 'Again' });
  assertIncludes(channel.data?.own_capabilities as string[], 'send-message', 'after update');
};

export const inAddedToChannelEvent: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob', 'carol');
  await ctx.channel('caps', ['alice', 'bob']);
  const carol = await ctx.connect('carol');
  await ctx.server.channelCall({ type: 'messaging', id: 'caps' }, 'addMembers', [['carol']]);
  const event = await ctx.event(carol, 'notification.added_to_channel');
  assertIncludes(event.channel?.own_capabilities as string[], 'send-message', 'event channel');
  assertExcludes(event.channel?.own_capabilities as string[], 'join-channel', 'event channel');
};

/** A grant taken away: the capability goes, and the call it stands for is refused. */
export const followGrants: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('caps', ['alice', 'bob']);
  const reactionless = [
    'read-channel',
    'read-channel-members',
    'create-message',
    'create-attachment',
    'upload-attachment',
  ];
  await ctx.grants({ channel_member: reactionless });
  const { id } = await ctx.send('caps', 'alice', { text: 'react to me' });
  const bob = await ctx.connect('bob');
  const channel = bob.channel('messaging', 'caps');
  const state = await channel.watch();
  assertExcludes(state.channel.own_capabilities, 'send-reaction', 'without create-reaction');
  assertExcludes(state.channel.own_capabilities, 'flag-message', 'without flag-message');
  assertIncludes(state.channel.own_capabilities, 'send-message', 'with create-message');
  await assertRejects(
    channel.sendReaction(id, { type: 'like' }),
    { status: 403, code: 17, message: 'CreateReaction' },
    'sendReaction without the grant',
  );
};

/** A channel-type feature switched off removes its capability (Channel Capabilities page). */
export const followTypeSettings: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('caps', ['alice', 'bob']);
  await ctx.server.call('updateChannelType', [
    'messaging',
    {
      automod: 'disabled',
      automod_behavior: 'flag',
      max_message_length: 5000,
      typing_events: false,
      replies: false,
    },
  ]);
  const bob = await ctx.connect('bob');
  const state = await bob.channel('messaging', 'caps').watch();
  assertExcludes(state.channel.own_capabilities, 'typing-events', 'typing_events off');
  assertExcludes(state.channel.own_capabilities, 'send-typing-events', 'typing_events off');
  assertExcludes(state.channel.own_capabilities, 'send-reply', 'replies off');
  assertIncludes(state.channel.own_capabilities, 'send-message', 'unrelated');
};

export const frozenChannel: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('caps', ['alice', 'bob'], { frozen: true });
  const bob = await ctx.connect('bob');
  const state = await bob.channel('messaging', 'caps').watch();
  assertExcludes(state.channel.own_capabilities, 'send-message', 'frozen');
  assertExcludes(state.channel.own_capabilities, 'send-reaction', 'frozen');
  assertIncludes(state.channel.own_capabilities, 'read-events', 'frozen');
};
