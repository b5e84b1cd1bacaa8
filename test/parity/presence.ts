/**
 * Presence as frontends read it: who watches a channel (`state.watchers`, `watcher_count`,
 * `user.watching.start` / `user.watching.stop`, https://getstream.io/chat/docs/javascript/watch_channel/,
 * https://getstream.io/chat/docs/javascript/event_object/) and `online` on the users inside
 * channel payloads (https://getstream.io/chat/docs/javascript/presence_format/). stream-chat-react's
 * channel header says "Online" for a 1:1 channel when another user is in `state.watchers`.
 */
import type { UserResponse } from 'stream-chat';
import { assert, assertEqual, eventually } from './assert';
import type { Scenario } from './context';

const watcherIds = (watchers: Record<string, unknown>) => Object.keys(watchers).sort();

/** B watches first; A starts watching: B hears it, and a later query lists both. */
export const watchersAndWatchingEvents: Scenario = async (ctx) => {
  await ctx.users('ada', 'grace');
  await ctx.channel('presence', ['ada', 'grace']);
  const grace = await ctx.connect('grace');
  const graceChannel = grace.channel('messaging', 'presence');
  await graceChannel.watch();
  assertEqual(watcherIds(graceChannel.state.watchers), ['grace'], 'watchers after grace watches');
  assertEqual(graceChannel.state.watcher_count, 1, 'watcher_count after grace watches');

  const ada = await ctx.connect('ada');
  const adaChannel = ada.channel('messaging', 'presence');
  const state = await adaChannel.watch();
  assertEqual(
    (state.watchers ?? []).map((user) => user.id).sort(),
    ['ada', 'grace'],
    "watchers in ada's watch answer",
  );
  assertEqual(state.watcher_count, 2, "watcher_count in ada's watch answer");
  assert(
    state.watchers?.every((user) => user.online === true),
    `watchers are online: ${JSON.stringify(state.watchers)}`,
  );

  const started = await ctx.event(grace, 'user.watching.start', (e) => e.user?.id === 'ada');
  assertEqual(started.cid, 'messaging:presence', 'user.watching.start cid');
  assertEqual(started.watcher_count, 2, 'user.watching.start watcher_count');
  assertEqual(
    watcherIds(graceChannel.state.watchers),
    ['ada', 'grace'],
    "grace's watchers after ada watches",
  );
  assertEqual(graceChannel.state.watcher_count, 2, "grace's watcher_count after ada watches");

  // A second connection of the same user is not a second watcher.
  const adaAgain = await ctx.connect('ada');
  await adaAgain.channel('messaging', 'presence').watch();
  const [found] = await grace.queryChannels({ cid: 'messaging:presence' }, {}, { watch: false });
  assertEqual(found?.state.watcher_count, 2, 'watcher_count with two connections of ada');
  assertEqual(
    ctx.received(grace, 'user.watching.start').filter((e) => e.user?.id === 'ada').length,
    1,
    'user.watching.start once per user',
  );

  await adaChannel.stopWatching();
  await adaAgain.disconnectUser();
  const stopped = await ctx.event(grace, 'user.watching.stop', (e) => e.user?.id === 'ada');
  assertEqual(stopped.watcher_count, 1, 'user.watching.stop watcher_count');
  assertEqual(
    watcherIds(graceChannel.state.watchers),
    ['grace'],
    "grace's watchers after ada leaves",
  );
  assertEqual(graceChannel.state.watcher_count, 1, "grace's watcher_count after ada leaves");
};

/** Closing the last connection is a stop too; a channel query answer no longer lists the user. */
export const disconnectStopsWatching: Scenario = async (ctx) => {
  await ctx.users('ada', 'grace');
  await ctx.channel('presence', ['ada', 'grace']);
  const grace = await ctx.connect('grace');
  const graceChannel = grace.channel('messaging', 'presence');
  await graceChannel.watch();
  const ada = await ctx.connect('ada');
  await ada.channel('messaging', 'presence').watch();
  await ctx.event(grace, 'user.watching.start', (e) => e.user?.id === 'ada');

  await ada.disconnectUser();
  await ctx.event(grace, 'user.watching.stop', (e) => e.user?.id === 'ada');
  const state = await graceChannel.query({ watchers: { limit: 10, offset: 0 } });
  assertEqual(
    (state.watchers ?? []).map((user) => user.id),
    ['grace'],
    'watchers after ada disconnects',
  );
  assertEqual(state.watcher_count, 1, 'watcher_count after ada disconnects');
};

/** `watchers: {limit, offset}` pages the list; `watcher_count` stays the total. */
export const watchersPagination: Scenario = async (ctx) => {
  await ctx.users('ada', 'grace', 'linus');
  await ctx.channel('presence', ['ada', 'grace', 'linus']);
  for (const id of ['ada', 'grace', 'linus']) {
    const client = await ctx.connect(id);
    await client.channel('messaging', 'presence').watch();
  }
  const viewer = await ctx.connect('linus');
  const channel = viewer.channel('messaging', 'presence');
  const first = await channel.query({ watchers: { limit: 2, offset: 0 } });
  const rest = await channel.query({ watchers: { limit: 2, offset: 2 } });
  assertEqual(first.watchers?.length, 2, 'first page of watchers');
  assertEqual(rest.watchers?.length, 1, 'second page of watchers');
  assertEqual(
    [...(first.watchers ?? []), ...(rest.watchers ?? [])].map((user) => user.id).sort(),
    ['ada', 'grace', 'linus'],
    'both pages',
  );
  assertEqual(first.watcher_count, 3, 'watcher_count with a page of 2');
};

/** Members' users say online while connected (not watching is enough), offline after. */
export const membersOnline: Scenario = async (ctx) => {
  await ctx.users('ada', 'grace');
  await ctx.channel('presence', ['ada', 'grace']);
  const grace = await ctx.connect('grace');
  const ada = await ctx.connect('ada');
  const adaChannel = ada.channel('messaging', 'presence');
  await adaChannel.watch();
  assertEqual(adaChannel.state.members.grace?.user?.online, true, "grace's member.user.online");
  assertEqual(adaChannel.state.members.ada?.user?.online, true, "ada's member.user.online");
  assertEqual(adaChannel.state.read.grace?.user?.online, true, "grace's read.user.online");

  const [listed] = await ada.queryChannels({ cid: 'messaging:presence' }, {}, { watch: false });
  assertEqual(listed?.state.members.grace?.user?.online, true, 'queryChannels member.user.online');

  await grace.disconnectUser();
  await eventually(
    () => adaChannel.state.members.grace?.user?.online === false,
    "grace's member.user.online after she disconnects",
  );
  const state = await adaChannel.query({});
  const member = state.members.find((m) => m.user_id === 'grace');
  assertEqual(member?.user?.online, false, 'member.user.online in a new answer');
};

/**
 * An invisible user appears offline: not online in members, not listed in `watchers`, and their
 * connecting and watching are not announced.
 */
export const invisibleAppearsOffline: Scenario = async (ctx) => {
  await ctx.users('ada', 'grace');
  // The SDK's UserResponse type leaves out `invisible`, a field Stream's UpdateUsersPartial takes.
  const invisible = { invisible: true } as { invisible: boolean } & Partial<UserResponse>;
  await ctx.server.call('partialUpdateUser', [{ id: 'grace', set: invisible }]);
  await ctx.channel('presence', ['ada', 'grace']);
  const ada = await ctx.connect('ada');
  const adaChannel = ada.channel('messaging', 'presence');
  await adaChannel.watch();
  const grace = await ctx.connect('grace');
  const graceChannel = grace.channel('messaging', 'presence');
  await graceChannel.watch();
  // Events reach a connection in order: once this message is in, earlier ones would be too.
  const { message } = await graceChannel.sendMessage({ text: 'unseen' });
  await ctx.event(ada, 'message.new', (e) => e.message?.id === message.id);
  const aboutGrace = (type: string) =>
    ctx.received(ada, type).filter((e) => e.user?.id === 'grace').length;
  assertEqual(aboutGrace('user.presence.changed'), 0, 'user.presence.changed for grace');
  assertEqual(aboutGrace('user.watching.start'), 0, 'user.watching.start for grace');

  const state = await adaChannel.query({});
  const member = state.members.find((m) => m.user_id === 'grace');
  assertEqual(member?.user?.online, false, "invisible grace's member.user.online");
  assertEqual(
    (state.watchers ?? []).map((user) => user.id),
    ['ada'],
    'watchers without invisible grace',
  );
};
