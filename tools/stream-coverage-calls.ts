/**
 * The calls `tools/stream-coverage.ts` makes: public REST methods of `stream-chat` 9.53's
 * `StreamChat` and `Channel` (node_modules/stream-chat/src/client.ts, channel.ts), each with input
 * Stream accepts (https://getstream.io/chat/docs/node/), server-side (server client) and
 * client-side (a user client connected over the WebSocket). Every call gets fresh fixtures, so a
 * call that fails leaves the others valid. The client-side list holds only calls Stream allows
 * with a user token.
 */
import type { Channel, StreamChat } from 'stream-chat';

export interface Fixtures {
  /** Server client (API secret). */
  server: StreamChat;
  /** `alice`, connected over the WebSocket with a user token. */
  user: StreamChat;
  /** A unique id with this prefix. */
  unique(prefix: string): string;
  /**
   * A new `messaging` channel created by alice with alice and bob as members, as seen from
   * `client` (server or alice), queried (watched when the client is connected).
   */
  channel(client: StreamChat): Promise<Channel>;
  /** A new message by alice in `channel` (sent server-side); its id. */
  message(channel: Channel, extra?: Record<string, unknown>): Promise<string>;
}

export interface CoverageCall {
  name: string;
  run(f: Fixtures): Promise<unknown>;
}

/** Node's SDK takes a Buffer (its types name only browser inputs). */
const file = () => Buffer.from('hello coverage') as never;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
) as never;
const day = () => new Date(Date.now() + 86_400_000).toISOString();

/** Server-side: `new StreamChat(key, secret, { baseURL })`. */
export const SERVER_CALLS: CoverageCall[] = [
  // App, channel types, commands, permissions, roles.
  { name: 'getAppSettings', run: ({ server }) => server.getAppSettings() },
  { name: 'updateAppSettings', run: ({ server }) => server.updateAppSettings({}) },
  { name: 'getRateLimits', run: ({ server }) => server.getRateLimits() },
  { name: 'getHookEvents', run: ({ server }) => server.getHookEvents() },
  { name: 'listChannelTypes', run: ({ server }) => server.listChannelTypes() },
  { name: 'getChannelType', run: ({ server }) => server.getChannelType('messaging') },
  {
    name: 'updateChannelType',
    run: ({ server }) =>
      server.updateChannelType('messaging', {
        // Required by Stream's UpdateChannelTypeRequest.
        automod: 'disabled',
        automod_behavior: 'flag',
        max_message_length: 5000,
        typing_events: true,
      } as never),
  },
  {
    name: 'createChannelType',
    run: ({ server, unique }) =>
      server.createChannelType({ name: unique('type').replace(/-/g, '') } as never),
  },
  {
    name: 'deleteChannelType',
    run: async ({ server, unique }) => {
      const name = unique('type').replace(/-/g, '');
      await server.createChannelType({ name } as never);
      return server.deleteChannelType(name);
    },
  },
  { name: 'listCommands', run: ({ server }) => server.listCommands() },
  {
    name: 'createCommand',
    run: ({ server, unique }) =>
      server.createCommand({
        name: unique('cmd').replace(/-/g, '') as never,
        description: 'test',
      }),
  },
  { name: 'getCommand', run: ({ server }) => server.getCommand('giphy') },
  { name: 'listPermissions', run: ({ server }) => server.listPermissions() },
  { name: 'getPermission', run: ({ server }) => server.getPermission('create-channel') },
  { name: 'listRoles', run: ({ server }) => server.listRoles() },
  { name: 'createRole', run: ({ server, unique }) => server.createRole(unique('role')) },
  // Users.
  { name: 'upsertUser', run: ({ server, unique }) => server.upsertUser({ id: unique('u') }) },
  {
    name: 'upsertUsers',
    run: ({ server, unique }) => server.upsertUsers([{ id: unique('u') }, { id: unique('u') }]),
  },
  {
    name: 'partialUpdateUser',
    run: ({ server }) => server.partialUpdateUser({ id: 'carol', set: { name: 'Carol' } }),
  },
  {
    name: 'partialUpdateUsers',
    run: ({ server }) => server.partialUpdateUsers([{ id: 'carol', set: { name: 'Carol' } }]),
  },
  { name: 'queryUsers', run: ({ server }) => server.queryUsers({ id: { $in: ['alice', 'bob'] } }) },
  {
    name: 'deleteUser',
    run: async ({ server, unique }) => {
      const id = unique('u');
      await server.upsertUser({ id });
      return server.deleteUser(id);
    },
  },
  {
    name: 'deleteUsers',
    run: async ({ server, unique }) => {
      const id = unique('u');
      await server.upsertUser({ id });
      return server.deleteUsers([id]);
    },
  },
  {
    name: 'deactivateUser',
    run: async ({ server, unique }) => {
      const id = unique('u');
      await server.upsertUser({ id });
      return server.deactivateUser(id);
    },
  },
  {
    name: 'deactivateUsers',
    run: async ({ server, unique }) => {
      const id = unique('u');
      await server.upsertUser({ id });
      return server.deactivateUsers([id]);
    },
  },
  {
    name: 'reactivateUser',
    run: async ({ server, unique }) => {
      const id = unique('u');
      await server.upsertUser({ id });
      await server.deactivateUser(id);
      return server.reactivateUser(id);
    },
  },
  {
    name: 'reactivateUsers',
    run: async ({ server, unique }) => {
      const id = unique('u');
      await server.upsertUser({ id });
      await server.deactivateUser(id);
      return server.reactivateUsers([id]);
    },
  },
  {
    name: 'restoreUsers',
    run: async ({ server, unique }) => {
      const id = unique('u');
      await server.upsertUser({ id });
      await server.deleteUser(id);
      return server.restoreUsers([id]);
    },
  },
  { name: 'exportUser', run: ({ server }) => server.exportUser('carol') },
  { name: 'exportUsers', run: ({ server }) => server.exportUsers({ user_ids: ['carol'] }) },
  { name: 'revokeUserToken', run: ({ server }) => server.revokeUserToken('carol', new Date()) },
  {
    name: 'revokeUsersToken',
    run: ({ server }) => server.revokeUsersToken(['carol'], new Date()),
  },
  { name: 'blockUser', run: ({ server }) => server.blockUser('carol', 'bob') },
  {
    name: 'unBlockUser',
    run: async ({ server }) => {
      await server.blockUser('carol', 'bob');
      return server.unBlockUser('carol', 'bob');
    },
  },
  { name: 'getBlockedUsers', run: ({ server }) => server.getBlockedUsers('bob') },
  {
    name: 'sendUserCustomEvent',
    run: ({ server }) => server.sendUserCustomEvent('bob', { type: 'friendship_request' }),
  },
  // Moderation.
  { name: 'banUser', run: ({ server }) => server.banUser('carol', { banned_by_id: 'alice' }) },
  { name: 'unbanUser', run: ({ server }) => server.unbanUser('carol') },
  { name: 'shadowBan', run: ({ server }) => server.shadowBan('carol', { banned_by_id: 'alice' }) },
  { name: 'removeShadowBan', run: ({ server }) => server.removeShadowBan('carol') },
  { name: 'queryBannedUsers', run: ({ server }) => server.queryBannedUsers({}) },
  { name: 'queryFutureChannelBans', run: ({ server }) => server.queryFutureChannelBans({}) },
  { name: 'muteUser', run: ({ server }) => server.muteUser('carol', 'bob') },
  {
    name: 'unmuteUser',
    run: async ({ server }) => {
      await server.muteUser('carol', 'bob');
      return server.unmuteUser('carol', 'bob');
    },
  },
  {
    name: 'flagMessage',
    run: async (f) =>
      f.server.flagMessage(await f.message(await f.channel(f.server)), { user_id: 'bob' }),
  },
  { name: 'flagUser', run: ({ server }) => server.flagUser('carol', { user_id: 'bob' }) },
  {
    name: 'unflagMessage',
    run: async (f) => {
      const id = await f.message(await f.channel(f.server));
      await f.server.flagMessage(id, { user_id: 'bob' });
      return f.server.unflagMessage(id, { user_id: 'bob' });
    },
  },
  {
    name: 'unflagUser',
    run: async ({ server, unique }) => {
      const id = unique('u');
      await server.upsertUser({ id });
      await server.flagUser(id, { user_id: 'bob' });
      return server.unflagUser(id, { user_id: 'bob' });
    },
  },
  { name: 'queryMessageFlags', run: ({ server }) => server.queryMessageFlags({}) },
  {
    name: 'createBlockList',
    run: ({ server, unique }) => server.createBlockList({ name: unique('bl'), words: ['nope'] }),
  },
  { name: 'listBlockLists', run: ({ server }) => server.listBlockLists() },
  {
    name: 'getBlockList',
    run: async ({ server, unique }) => {
      const name = unique('bl');
      await server.createBlockList({ name, words: ['nope'] });
      return server.getBlockList(name);
    },
  },
  {
    name: 'updateBlockList',
    run: async ({ server, unique }) => {
      const name = unique('bl');
      await server.createBlockList({ name, words: ['nope'] });
      return server.updateBlockList(name, { words: ['nope', 'nah'] });
    },
  },
  {
    name: 'deleteBlockList',
    run: async ({ server, unique }) => {
      const name = unique('bl');
      await server.createBlockList({ name, words: ['nope'] });
      return server.deleteBlockList(name);
    },
  },
  // Channels.
  {
    name: 'queryChannels',
    run: ({ server }) => server.queryChannels({ members: { $in: ['alice'] } }, {}, { limit: 5 }),
  },
  {
    name: 'channel.create',
    run: ({ server, unique }) =>
      server
        .channel('messaging', unique('ch'), {
          created_by_id: 'alice',
          members: ['alice', 'bob'],
        } as never)
        .create(),
  },
  {
    name: 'channel.create (distinct)',
    run: ({ server }) =>
      server
        .channel('messaging', {
          members: ['alice', 'carol'],
          created_by_id: 'alice',
        } as never)
        .create(),
  },
  { name: 'channel.query', run: async (f) => (await f.channel(f.server)).query({}) },
  {
    name: 'channel.update',
    run: async (f) => (await f.channel(f.server)).update({ name: 'renamed' } as never),
  },
  {
    name: 'channel.updatePartial',
    run: async (f) => (await f.channel(f.server)).updatePartial({ set: { name: 'renamed' } }),
  },
  {
    name: 'channel.addMembers',
    run: async (f) => (await f.channel(f.server)).addMembers(['carol']),
  },
  {
    name: 'channel.removeMembers',
    run: async (f) => (await f.channel(f.server)).removeMembers(['bob']),
  },
  {
    name: 'channel.addModerators',
    run: async (f) => (await f.channel(f.server)).addModerators(['bob']),
  },
  {
    name: 'channel.demoteModerators',
    run: async (f) => {
      const ch = await f.channel(f.server);
      await ch.addModerators(['bob']);
      return ch.demoteModerators(['bob']);
    },
  },
  {
    name: 'channel.assignRoles',
    run: async (f) =>
      (await f.channel(f.server)).assignRoles([
        { user_id: 'bob', channel_role: 'channel_moderator' },
      ]),
  },
  {
    name: 'channel.inviteMembers',
    run: async (f) => (await f.channel(f.server)).inviteMembers(['carol']),
  },
  {
    name: 'channel.updateMemberPartial',
    run: async (f) =>
      (await f.channel(f.server)).updateMemberPartial(
        { set: { hat: 'red' } as never },
        { userId: 'bob' },
      ),
  },
  {
    name: 'channel.archive',
    run: async (f) => (await f.channel(f.server)).archive({ user_id: 'bob' }),
  },
  { name: 'channel.pin', run: async (f) => (await f.channel(f.server)).pin({ user_id: 'bob' }) },
  { name: 'channel.hide', run: async (f) => (await f.channel(f.server)).hide('bob') },
  {
    name: 'channel.show',
    run: async (f) => {
      const ch = await f.channel(f.server);
      await ch.hide('bob');
      return ch.show('bob');
    },
  },
  { name: 'channel.mute', run: async (f) => (await f.channel(f.server)).mute({ user_id: 'bob' }) },
  {
    name: 'channel.unmute',
    run: async (f) => {
      const ch = await f.channel(f.server);
      await ch.mute({ user_id: 'bob' });
      return ch.unmute({ user_id: 'bob' });
    },
  },
  { name: 'channel.truncate', run: async (f) => (await f.channel(f.server)).truncate() },
  { name: 'channel.delete', run: async (f) => (await f.channel(f.server)).delete() },
  {
    name: 'deleteChannels',
    run: async (f) => f.server.deleteChannels([(await f.channel(f.server)).cid]),
  },
  {
    name: 'channel.enableSlowMode',
    run: async (f) => (await f.channel(f.server)).enableSlowMode(5),
  },
  {
    name: 'channel.disableSlowMode',
    run: async (f) => (await f.channel(f.server)).disableSlowMode(),
  },
  { name: 'channel.queryMembers', run: async (f) => (await f.channel(f.server)).queryMembers({}) },
  {
    name: 'channel.sendEvent',
    run: async (f) =>
      (await f.channel(f.server)).sendEvent({ type: 'my.event', user_id: 'alice' } as never),
  },
  {
    name: 'channel.markRead',
    run: async (f) => (await f.channel(f.server)).markRead({ user_id: 'bob' }),
  },
  {
    name: 'channel.markUnread',
    run: async (f) => {
      const ch = await f.channel(f.server);
      const id = await f.message(ch);
      return ch.markUnread({ message_id: id, user_id: 'bob' });
    },
  },
  { name: 'markChannelsRead', run: ({ server }) => server.markChannelsRead({ user_id: 'bob' }) },
  {
    name: 'markChannelsDelivered',
    run: async (f) => {
      const ch = await f.channel(f.server);
      const id = await f.message(ch);
      return f.server.markChannelsDelivered({
        latest_delivered_messages: [{ cid: ch.cid, id }],
        user_id: 'bob',
      });
    },
  },
  { name: 'getUnreadCount', run: ({ server }) => server.getUnreadCount('bob') },
  {
    name: 'getUnreadCountBatch',
    run: ({ server }) => server.getUnreadCountBatch(['alice', 'bob']),
  },
  // Messages.
  {
    name: 'channel.sendMessage',
    run: async (f) =>
      (await f.channel(f.server)).sendMessage({ text: 'hi', user_id: 'alice' } as never),
  },
  {
    name: 'channel.sendMessage (thread reply)',
    run: async (f) => {
      const ch = await f.channel(f.server);
      const parent = await f.message(ch);
      return ch.sendMessage({ text: 'reply', parent_id: parent, user_id: 'bob' } as never);
    },
  },
  {
    name: 'getMessage',
    run: async (f) => f.server.getMessage(await f.message(await f.channel(f.server))),
  },
  {
    name: 'updateMessage',
    run: async (f) => {
      const id = await f.message(await f.channel(f.server));
      return f.server.updateMessage({ id, text: 'edited' }, 'alice');
    },
  },
  {
    name: 'partialUpdateMessage',
    run: async (f) => {
      const id = await f.message(await f.channel(f.server));
      return f.server.partialUpdateMessage(id, { set: { text: 'edited' } }, 'alice');
    },
  },
  {
    name: 'deleteMessage',
    run: async (f) => f.server.deleteMessage(await f.message(await f.channel(f.server))),
  },
  {
    name: 'deleteMessage (hard)',
    run: async (f) => f.server.deleteMessage(await f.message(await f.channel(f.server)), true),
  },
  {
    name: 'undeleteMessage',
    run: async (f) => {
      const id = await f.message(await f.channel(f.server));
      await f.server.deleteMessage(id);
      return f.server.undeleteMessage(id, 'alice');
    },
  },
  {
    name: 'pinMessage',
    run: async (f) =>
      f.server.pinMessage(await f.message(await f.channel(f.server)), null, 'alice'),
  },
  {
    name: 'unpinMessage',
    run: async (f) => {
      const id = await f.message(await f.channel(f.server), { pinned: true });
      return f.server.unpinMessage(id, 'alice');
    },
  },
  {
    name: 'translateMessage',
    run: async (f) => f.server.translateMessage(await f.message(await f.channel(f.server)), 'fr'),
  },
  {
    name: 'queryMessageHistory',
    run: async (f) =>
      f.server.queryMessageHistory({
        message_id: await f.message(await f.channel(f.server)),
      } as never),
  },
  {
    name: 'channel.getReplies',
    run: async (f) => {
      const ch = await f.channel(f.server);
      return ch.getReplies(await f.message(ch), {});
    },
  },
  {
    name: 'channel.getPinnedMessages',
    run: async (f) => (await f.channel(f.server)).getPinnedMessages({}),
  },
  {
    name: 'channel.getMessagesById',
    run: async (f) => {
      const ch = await f.channel(f.server);
      return ch.getMessagesById([await f.message(ch)]);
    },
  },
  {
    name: 'channel.sendReaction',
    run: async (f) => {
      const ch = await f.channel(f.server);
      return ch.sendReaction(await f.message(ch), { type: 'like', user_id: 'bob' } as never);
    },
  },
  {
    name: 'channel.deleteReaction',
    run: async (f) => {
      const ch = await f.channel(f.server);
      const id = await f.message(ch);
      await ch.sendReaction(id, { type: 'like', user_id: 'bob' } as never);
      return ch.deleteReaction(id, 'like', 'bob');
    },
  },
  {
    name: 'channel.getReactions',
    run: async (f) => {
      const ch = await f.channel(f.server);
      return ch.getReactions(await f.message(ch), {});
    },
  },
  {
    name: 'queryReactions',
    run: async (f) =>
      f.server.queryReactions(await f.message(await f.channel(f.server)), {}, [], { limit: 10 }),
  },
  {
    name: 'search',
    run: ({ server }) =>
      server.search({ members: { $in: ['alice'] } }, { text: { $autocomplete: 'hi' } }),
  },
  {
    name: 'search (query)',
    run: ({ server }) => server.search({ members: { $in: ['alice'] } }, 'hello'),
  },
  {
    name: 'channel.search',
    run: async (f) => (await f.channel(f.server)).search({ text: { $autocomplete: 'hi' } }),
  },
  // Threads.
  {
    name: 'queryThreads',
    run: async (f) => {
      const ch = await f.channel(f.server);
      await ch.sendMessage({ text: 'r', parent_id: await f.message(ch), user_id: 'bob' } as never);
      return f.server.queryThreads({ user_id: 'alice' } as never);
    },
  },
  {
    name: 'getThread',
    run: async (f) => {
      const ch = await f.channel(f.server);
      const parent = await f.message(ch);
      await ch.sendMessage({ text: 'r', parent_id: parent, user_id: 'bob' } as never);
      return f.server.getThread(parent, { user_id: 'alice' } as never);
    },
  },
  {
    name: 'partialUpdateThread',
    run: async (f) => {
      const ch = await f.channel(f.server);
      const parent = await f.message(ch);
      await ch.sendMessage({ text: 'r', parent_id: parent, user_id: 'bob' } as never);
      return f.server.partialUpdateThread(parent, { set: { title: 'Topic' } } as never);
    },
  },
  // Uploads.
  {
    name: 'channel.sendFile',
    run: async (f) =>
      (await f.channel(f.server)).sendFile(file(), 'a.txt', 'text/plain', { id: 'alice' }),
  },
  {
    name: 'channel.sendImage',
    run: async (f) =>
      (await f.channel(f.server)).sendImage(PNG, 'a.png', 'image/png', { id: 'alice' }),
  },
  {
    name: 'channel.deleteFile',
    run: async (f) => {
      const ch = await f.channel(f.server);
      const { file: url } = await ch.sendFile(file(), 'a.txt', 'text/plain', { id: 'alice' });
      return ch.deleteFile(url);
    },
  },
  {
    name: 'channel.deleteImage',
    run: async (f) => {
      const ch = await f.channel(f.server);
      const { file: url } = await ch.sendImage(PNG, 'a.png', 'image/png', { id: 'alice' });
      return ch.deleteImage(url);
    },
  },
  // Drafts, polls, reminders, locations.
  {
    name: 'channel.createDraft',
    run: async (f) =>
      (await f.channel(f.server)).createDraft({ text: 'draft', user_id: 'alice' } as never),
  },
  {
    name: 'queryDrafts',
    run: ({ server }) => server.queryDrafts({ user_id: 'alice' } as never),
  },
  {
    name: 'createPoll',
    run: ({ server }) => server.createPoll({ name: 'Lunch?', options: [{ text: 'yes' }] }, 'alice'),
  },
  {
    name: 'queryPolls',
    run: ({ server }) => server.queryPolls({}, [], {}, 'alice'),
  },
  {
    name: 'createReminder',
    run: async (f) =>
      f.server.createReminder({
        messageId: await f.message(await f.channel(f.server)),
        remind_at: day(),
        user_id: 'alice',
      } as never),
  },
  {
    name: 'queryReminders',
    run: ({ server }) => server.queryReminders({ user_id: 'alice' } as never),
  },
  // Devices, push, other app-level reads.
  {
    name: 'addDevice',
    run: ({ server, unique }) => server.addDevice(unique('dev'), 'firebase', 'alice'),
  },
  { name: 'getDevices', run: ({ server }) => server.getDevices('alice') },
  {
    name: 'removeDevice',
    run: async ({ server, unique }) => {
      const id = unique('dev');
      await server.addDevice(id, 'firebase', 'alice');
      return server.removeDevice(id, 'alice');
    },
  },
  { name: 'listPushProviders', run: ({ server }) => server.listPushProviders() },
  {
    name: 'exportChannels',
    run: async (f) => f.server.exportChannels([{ cid: (await f.channel(f.server)).cid } as never]),
  },
  { name: 'querySegments', run: ({ server }) => server.querySegments({}) },
  { name: 'queryCampaigns', run: ({ server }) => server.queryCampaigns({}) },
  { name: 'queryTeamUsageStats', run: ({ server }) => server.queryTeamUsageStats({}) },
  { name: 'getRetentionPolicy', run: ({ server }) => server.getRetentionPolicy() },
  { name: 'enrichURL', run: ({ server }) => server.enrichURL('https://getstream.io') },
];

/** Client-side: alice's user client, connected with `connectUser`. */
export const CLIENT_CALLS: CoverageCall[] = [
  { name: 'getAppSettings', run: ({ user }) => user.getAppSettings() },
  {
    name: 'queryChannels',
    run: ({ user }) => user.queryChannels({ members: { $in: ['alice'] } }, {}, { limit: 5 }),
  },
  {
    name: 'channel.watch (create)',
    run: ({ user, unique }) =>
      user.channel('messaging', unique('ch'), { members: ['alice', 'bob'] } as never).watch(),
  },
  {
    name: 'channel.watch (distinct)',
    run: ({ user }) => user.channel('messaging', { members: ['alice', 'bob'] }).watch(),
  },
  { name: 'channel.query', run: async (f) => (await f.channel(f.user)).query({}) },
  { name: 'channel.stopWatching', run: async (f) => (await f.channel(f.user)).stopWatching() },
  {
    name: 'channel.update',
    run: async (f) => (await f.channel(f.user)).update({ name: 'renamed' } as never),
  },
  {
    name: 'channel.updatePartial',
    run: async (f) => (await f.channel(f.user)).updatePartial({ set: { name: 'renamed' } }),
  },
  { name: 'channel.addMembers', run: async (f) => (await f.channel(f.user)).addMembers(['carol']) },
  {
    name: 'channel.removeMembers',
    run: async (f) => (await f.channel(f.user)).removeMembers(['bob']),
  },
  {
    name: 'channel.inviteMembers',
    run: async (f) => (await f.channel(f.user)).inviteMembers(['carol']),
  },
  {
    name: 'channel.acceptInvite',
    run: async ({ server, user, unique }) => {
      const id = unique('ch');
      await server
        .channel('messaging', id, {
          created_by_id: 'bob',
          members: ['bob'],
          invites: ['alice'],
        } as never)
        .create();
      return user.channel('messaging', id).acceptInvite();
    },
  },
  {
    name: 'channel.updateMemberPartial',
    run: async (f) =>
      (await f.channel(f.user)).updateMemberPartial({ set: { hat: 'red' } as never }),
  },
  { name: 'channel.archive', run: async (f) => (await f.channel(f.user)).archive() },
  { name: 'channel.pin', run: async (f) => (await f.channel(f.user)).pin() },
  { name: 'channel.hide', run: async (f) => (await f.channel(f.user)).hide() },
  {
    name: 'channel.show',
    run: async (f) => {
      const ch = await f.channel(f.user);
      await ch.hide();
      return ch.show();
    },
  },
  { name: 'channel.mute', run: async (f) => (await f.channel(f.user)).mute() },
  {
    name: 'channel.unmute',
    run: async (f) => {
      const ch = await f.channel(f.user);
      await ch.mute();
      return ch.unmute();
    },
  },
  { name: 'channel.truncate', run: async (f) => (await f.channel(f.user)).truncate() },
  { name: 'channel.delete', run: async (f) => (await f.channel(f.user)).delete() },
  { name: 'channel.queryMembers', run: async (f) => (await f.channel(f.user)).queryMembers({}) },
  { name: 'channel.keystroke', run: async (f) => (await f.channel(f.user)).keystroke() },
  {
    name: 'channel.stopTyping',
    run: async (f) => {
      const ch = await f.channel(f.user);
      await ch.keystroke();
      return ch.stopTyping();
    },
  },
  {
    name: 'channel.sendEvent (custom)',
    run: async (f) => (await f.channel(f.user)).sendEvent({ type: 'my.event' } as never),
  },
  {
    name: 'channel.markRead',
    run: async (f) => {
      const ch = await f.channel(f.user);
      await f.message(ch);
      return ch.markRead();
    },
  },
  {
    name: 'channel.markUnread',
    run: async (f) => {
      const ch = await f.channel(f.user);
      return ch.markUnread({ message_id: await f.message(ch) });
    },
  },
  { name: 'markAllRead', run: ({ user }) => user.markAllRead() },
  {
    name: 'markChannelsDelivered',
    run: async (f) => {
      const ch = await f.channel(f.user);
      const id = await f.message(ch);
      return f.user.markChannelsDelivered({ latest_delivered_messages: [{ cid: ch.cid, id }] });
    },
  },
  { name: 'getUnreadCount', run: ({ user }) => user.getUnreadCount() },
  {
    name: 'channel.sendMessage',
    run: async (f) => (await f.channel(f.user)).sendMessage({ text: 'hi' }),
  },
  {
    name: 'channel.sendMessage (thread reply)',
    run: async (f) => {
      const ch = await f.channel(f.user);
      return ch.sendMessage({ text: 'reply', parent_id: await f.message(ch) });
    },
  },
  {
    name: 'channel.sendMessage (quote)',
    run: async (f) => {
      const ch = await f.channel(f.user);
      return ch.sendMessage({ text: 'quote', quoted_message_id: await f.message(ch) });
    },
  },
  {
    name: 'getMessage',
    run: async (f) => f.user.getMessage(await f.message(await f.channel(f.user))),
  },
  {
    name: 'updateMessage',
    run: async (f) => {
      const id = await f.message(await f.channel(f.user));
      return f.user.updateMessage({ id, text: 'edited' });
    },
  },
  {
    name: 'partialUpdateMessage',
    run: async (f) => {
      const id = await f.message(await f.channel(f.user));
      return f.user.partialUpdateMessage(id, { set: { text: 'edited' } });
    },
  },
  {
    name: 'deleteMessage',
    run: async (f) => f.user.deleteMessage(await f.message(await f.channel(f.user))),
  },
  {
    name: 'pinMessage',
    run: async (f) => f.user.pinMessage(await f.message(await f.channel(f.user))),
  },
  {
    name: 'unpinMessage',
    run: async (f) =>
      f.user.unpinMessage(await f.message(await f.channel(f.user), { pinned: true })),
  },
  {
    name: 'translateMessage',
    run: async (f) => f.user.translateMessage(await f.message(await f.channel(f.user)), 'fr'),
  },
  {
    name: 'channel.getReplies',
    run: async (f) => {
      const ch = await f.channel(f.user);
      return ch.getReplies(await f.message(ch), {});
    },
  },
  {
    name: 'channel.getPinnedMessages',
    run: async (f) => (await f.channel(f.user)).getPinnedMessages({}),
  },
  {
    name: 'channel.getMessagesById',
    run: async (f) => {
      const ch = await f.channel(f.user);
      return ch.getMessagesById([await f.message(ch)]);
    },
  },
  {
    name: 'channel.sendReaction',
    run: async (f) => {
      const ch = await f.channel(f.user);
      return ch.sendReaction(await f.message(ch), { type: 'like' });
    },
  },
  {
    name: 'channel.deleteReaction',
    run: async (f) => {
      const ch = await f.channel(f.user);
      const id = await f.message(ch);
      await ch.sendReaction(id, { type: 'like' });
      return ch.deleteReaction(id, 'like');
    },
  },
  {
    name: 'channel.getReactions',
    run: async (f) => {
      const ch = await f.channel(f.user);
      return ch.getReactions(await f.message(ch), {});
    },
  },
  {
    name: 'queryReactions',
    run: async (f) =>
      f.user.queryReactions(await f.message(await f.channel(f.user)), {}, [], { limit: 10 }),
  },
  {
    name: 'search',
    run: ({ user }) =>
      user.search({ members: { $in: ['alice'] } }, { text: { $autocomplete: 'hi' } }),
  },
  {
    name: 'channel.search',
    run: async (f) => (await f.channel(f.user)).search({ text: { $autocomplete: 'hi' } }),
  },
  {
    name: 'queryThreads',
    run: async (f) => {
      const ch = await f.channel(f.user);
      await ch.sendMessage({ text: 'r', parent_id: await f.message(ch) });
      return f.user.queryThreads();
    },
  },
  {
    name: 'getThread',
    run: async (f) => {
      const ch = await f.channel(f.user);
      const parent = await f.message(ch);
      await ch.sendMessage({ text: 'r', parent_id: parent });
      return f.user.getThread(parent);
    },
  },
  {
    name: 'partialUpdateThread',
    run: async (f) => {
      const ch = await f.channel(f.user);
      const parent = await f.message(ch);
      await ch.sendMessage({ text: 'r', parent_id: parent });
      return f.user.partialUpdateThread(parent, { set: { title: 'Topic' } } as never);
    },
  },
  { name: 'queryUsers', run: ({ user }) => user.queryUsers({ id: { $in: ['alice', 'bob'] } }) },
  {
    name: 'partialUpdateUser (self)',
    run: ({ user }) => user.partialUpdateUser({ id: 'alice', set: { name: 'Alice' } }),
  },
  { name: 'upsertUser (self)', run: ({ user }) => user.upsertUser({ id: 'alice', name: 'Alice' }) },
  { name: 'muteUser', run: ({ user }) => user.muteUser('carol') },
  {
    name: 'unmuteUser',
    run: async ({ user }) => {
      await user.muteUser('carol');
      return user.unmuteUser('carol');
    },
  },
  { name: 'blockUser', run: ({ user }) => user.blockUser('carol') },
  {
    name: 'unBlockUser',
    run: async ({ user }) => {
      await user.blockUser('carol');
      return user.unBlockUser('carol');
    },
  },
  { name: 'getBlockedUsers', run: ({ user }) => user.getBlockedUsers() },
  {
    name: 'flagMessage',
    run: async (f) => {
      const ch = await f.channel(f.server);
      const id = await f.server
        .channel(ch.type, ch.id as string)
        .sendMessage({ text: 'by bob', user_id: 'bob' } as never);
      return f.user.flagMessage(id.message.id);
    },
  },
  { name: 'flagUser', run: ({ user }) => user.flagUser('carol') },
  {
    name: 'unflagMessage',
    run: async (f) => {
      const ch = await f.channel(f.server);
      const sent = await ch.sendMessage({ text: 'by bob', user_id: 'bob' } as never);
      await f.user.flagMessage(sent.message.id);
      return f.user.unflagMessage(sent.message.id);
    },
  },
  {
    name: 'channel.sendFile',
    run: async (f) => (await f.channel(f.user)).sendFile(file(), 'a.txt', 'text/plain'),
  },
  {
    name: 'channel.sendImage',
    run: async (f) => (await f.channel(f.user)).sendImage(PNG, 'a.png', 'image/png'),
  },
  {
    name: 'channel.deleteFile',
    run: async (f) => {
      const ch = await f.channel(f.user);
      const { file: url } = await ch.sendFile(file(), 'a.txt', 'text/plain');
      return ch.deleteFile(url);
    },
  },
  {
    name: 'channel.createDraft',
    run: async (f) => (await f.channel(f.user)).createDraft({ text: 'draft' } as never),
  },
  { name: 'queryDrafts', run: ({ user }) => user.queryDrafts({}) },
  {
    name: 'createPoll',
    run: ({ user }) => user.createPoll({ name: 'Lunch?', options: [{ text: 'yes' }] }),
  },
  { name: 'queryPolls', run: ({ user }) => user.queryPolls({}) },
  {
    name: 'createReminder',
    run: async (f) =>
      f.user.createReminder({
        messageId: await f.message(await f.channel(f.user)),
        remind_at: day(),
      } as never),
  },
  { name: 'queryReminders', run: ({ user }) => user.queryReminders() },
  { name: 'addDevice', run: ({ user, unique }) => user.addDevice(unique('dev'), 'firebase') },
  { name: 'getDevices', run: ({ user }) => user.getDevices() },
  { name: 'getSharedLocations', run: ({ user }) => user.getSharedLocations() },
  {
    name: 'sync',
    run: async (f) =>
      f.user.sync([(await f.channel(f.user)).cid], new Date(Date.now() - 60_000).toISOString()),
  },
  { name: 'enrichURL', run: ({ user }) => user.enrichURL('https://getstream.io') },
];
