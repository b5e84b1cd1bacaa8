/**
 * Unread counts (single and batch), banned users, deactivating, reactivating and restoring users,
 * as the SDK calls them against Stream (https://getstream.io/chat/docs/node/unread/,
 * https://getstream.io/chat/docs/node/moderation/, https://getstream.io/chat/docs/node/update_users/).
 */
import type { StreamChat } from 'stream-chat';
import { assert, assertConnectRefused, assertEqual, assertRejects, eventually } from './assert';
import type { Scenario } from './context';

/** getUnreadCount (user) and getUnreadCountBatch (server) agree with the read state. */
export const unreadCounts: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob', 'carol');
  await ctx.channel('unread', ['alice', 'bob']);
  await ctx.send('unread', 'alice', { text: 'one' });
  await ctx.send('unread', 'alice', { text: 'two' });

  const bob = await ctx.rest('bob');
  const single = await bob.getUnreadCount();
  assertEqual(single.total_unread_count, 2, 'bob total_unread_count');
  assertEqual(
    single.channels.map((entry) => [entry.channel_id, entry.unread_count]),
    [['messaging:unread', 2]],
    'bob channels',
  );
  assertEqual(
    single.channel_type.map((entry) => [entry.channel_type, entry.unread_count]),
    [['messaging', 2]],
    'bob channel_type',
  );

  const batch = await ctx.server.call('getUnreadCountBatch', [['alice', 'bob', 'carol']]);
  assertEqual(
    Object.fromEntries(
      Object.entries(batch.counts_by_user).map(([user, counts]) => [
        user,
        counts.total_unread_count,
      ]),
    ),
    { alice: 0, bob: 2, carol: 0 },
    'counts_by_user totals',
  );

  const watching = (await ctx.connect('bob')).channel('messaging', 'unread');
  await watching.watch();
  await watching.markRead();
  const after = await ctx.server.call('getUnreadCountBatch', [['bob']]);
  assertEqual(after.counts_by_user.bob?.total_unread_count, 0, 'bob after markRead');

  await assertRejects(
    bob.getUnreadCountBatch(['bob']),
    { status: 403, code: 17 },
    'the batch with a user token',
  );
  await assertRejects(
    ctx.server.call('getUnreadCountBatch', [[]]),
    { status: 400, code: 4 },
    'an empty batch',
  );
};

/** queryBannedUsers lists channel and app bans from the ban state, filtered and paged. */
export const bannedUsers: Scenario = async (ctx) => {
  const cid = 'messaging:bans';
  await ctx.users('alice', 'bob', 'dave', 'eve');
  await ctx.channel('bans', ['alice', 'bob']);
  // What channel.banUser sends (client.banUser with the channel's type and id).
  await ctx.server.call('banUser', [
    'dave',
    { type: 'messaging', id: 'bans', banned_by_id: 'alice', reason: 'spam' },
  ]);
  await ctx.server.call('banUser', ['eve', { banned_by_id: 'alice', timeout: 60 }]);

  const inChannel = await ctx.server.call('queryBannedUsers', [{ channel_cid: cid }]);
  assertEqual((inChannel.bans ?? []).length, 1, 'bans in the channel');
  const ban = (inChannel.bans ?? [])[0];
  assertEqual(
    { user: ban?.user.id, by: ban?.banned_by?.id, reason: ban?.reason, channel: ban?.channel?.cid },
    { user: 'dave', by: 'alice', reason: 'spam', channel: cid },
    'the channel ban',
  );

  const byUser = { user_id: { $in: ['dave', 'eve'] } };
  const both = await ctx.server.call('queryBannedUsers', [byUser, { created_at: 1 }]);
  assertEqual(
    (both.bans ?? []).map((entry) => entry.user.id),
    ['dave', 'eve'],
    'bans of dave and eve, oldest first',
  );
  const eveBan = (both.bans ?? [])[1];
  assert(eveBan?.expires && eveBan.channel === undefined, 'the app ban has an expiry, no channel');
  const page = await ctx.server.call('queryBannedUsers', [
    byUser,
    { created_at: 1 },
    { limit: 1, offset: 1 },
  ]);
  assertEqual(
    (page.bans ?? []).map((entry) => entry.user.id),
    ['eve'],
    'second page',
  );

  // A user token sees the bans of channels it can read, not of others.
  await ctx.channel('others', ['alice', 'dave']);
  await ctx.server.call('banUser', [
    'eve',
    { type: 'messaging', id: 'others', banned_by_id: 'alice' },
  ]);
  const asBob = await (await ctx.rest('bob')).queryBannedUsers(byUser);
  assertEqual(
    (asBob.bans ?? []).map((entry) => `${entry.user.id}@${entry.channel?.cid ?? 'app'}`).sort(),
    [`dave@${cid}`, 'eve@app'].sort(),
    'the bans bob may see',
  );

  await ctx.server.call('unbanUser', ['dave', { type: 'messaging', id: 'bans' }]);
  assertEqual(
    (await ctx.server.call('queryBannedUsers', [{ channel_cid: cid }])).bans?.length,
    0,
    'bans after unban',
  );
};

/** Whether the client's WebSocket is closed (readyState 3, in Node and in browsers). */
function socketClosed(client: StreamChat): boolean {
  const ws = client.wsConnection?.ws as { readyState?: number } | undefined;
  return ws?.readyState === 3;
}

/** A deactivated user cannot connect or call; reactivation restores both and the messages. */
export const deactivateAndReactivate: Scenario = async (ctx) => {
  await ctx.users('alice', 'frank');
  await ctx.channel('active', ['alice', 'frank']);
  const frank = await ctx.connect('frank');
  const { message } = await frank.channel('messaging', 'active').sendMessage({ text: 'before' });

  const deactivated = await ctx.server.call('deactivateUser', [
    'frank',
    { mark_messages_deleted: true, created_by_id: 'alice' },
  ]);
  assert(deactivated.user.deactivated_at, 'deactivated_at on the answer');
  // "Deactivated users cannot connect": the open connection ends.
  await eventually(() => socketClosed(frank), "frank's WebSocket closes");

  await assertConnectRefused(ctx.connect('frank'), 17, 'connecting while deactivated');
  await assertRejects(
    (await ctx.rest('frank')).queryChannels({ cid: 'messaging:active' }),
    { status: 403, code: 17 },
    'a REST call while deactivated',
  );
  const hidden = await ctx.server.call('getMessage', [message.id]);
  assertEqual(hidden.message.type, 'deleted', 'the message after mark_messages_deleted');
  await assertRejects(
    ctx.server.call('deactivateUser', ['frank']),
    { status: 400, code: 4 },
    'deactivating twice',
  );

  const reactivated = await ctx.server.call('reactivateUser', [
    'frank',
    { restore_messages: true, name: 'Frank again' },
  ]);
  assertEqual(reactivated.user.deactivated_at, undefined, 'deactivated_at after reactivation');
  assertEqual(reactivated.user.name, 'Frank again', 'name after reactivation');
  const back = await ctx.connect('frank');
  assertEqual(back.user?.id, 'frank', 'connected after reactivation');
  assertEqual(
    (await ctx.server.call('getMessage', [message.id])).message.text,
    'before',
    'the restored message',
  );
};

/** The batch calls answer a task, completed when read, and change every user named. */
export const deactivateUsersBatch: Scenario = async (ctx) => {
  await ctx.users('gail', 'hugo');
  const both = { id: { $in: ['gail', 'hugo'] } };
  const { task_id } = await ctx.server.call('deactivateUsers', [['gail', 'hugo']]);
  const task = await ctx.server.call('getTask', [task_id]);
  assertEqual(
    { id: task.task_id, status: task.status },
    { id: task_id, status: 'completed' },
    'task',
  );
  const { users: found } = await ctx.server.call('queryUsers', [
    both,
    { id: 1 },
    { include_deactivated_users: true },
  ]);
  const { users: hidden } = await ctx.server.call('queryUsers', [both]);
  assertEqual(hidden.length, 0, 'deactivated users without include_deactivated_users');
  assertEqual(
    found.map((user) => Boolean(user.deactivated_at)),
    [true, true],
    'deactivated_at after the batch',
  );
  await assertConnectRefused(ctx.connect('hugo'), 17, 'hugo connecting while deactivated');

  const again = await ctx.server.call('reactivateUsers', [['gail', 'hugo']]);
  const reactivation = await ctx.server.call('getTask', [again.task_id]);
  assertEqual(reactivation.status, 'completed', 'reactivate task');
  assertEqual((await ctx.connect('hugo')).user?.id, 'hugo', 'hugo connected after the batch');

  await assertRejects(
    ctx.server.call('deactivateUsers', [['gail', 'nobody']]),
    { status: 404, code: 16 },
    'a batch naming an unknown user',
  );
  await assertRejects(
    ctx.server.call('getTask', ['no-task']),
    { status: 404, code: 16 },
    'an unknown task',
  );
  const asUser = await ctx.rest('gail');
  await assertRejects(asUser.deactivateUser('hugo'), { status: 403, code: 17 }, 'user token');
};

/** A soft-deleted user cannot connect until restoreUsers brings them back. */
export const restoreSoftDeletedUser: Scenario = async (ctx) => {
  await ctx.users('ivy');
  await ctx.server.call('deleteUser', ['ivy']);
  await assertConnectRefused(ctx.connect('ivy'), 16, 'connecting after a soft delete');
  await ctx.server.call('restoreUsers', [['ivy']]);
  const { users: found } = await ctx.server.call('queryUsers', [{ id: 'ivy' }]);
  assertEqual(found[0]?.deleted_at, undefined, 'deleted_at after restore');
  assertEqual((await ctx.connect('ivy')).user?.id, 'ivy', 'connected after restore');
};
