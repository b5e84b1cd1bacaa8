/**
 * Unread counts (single and batch), banned users, deactivating, reactivating and restoring users,
 * as the SDK calls them against Stream (https://getstream.io/chat/docs/node/unread/,
 * https://getstream.io/chat/docs/node/moderation/, https://getstream.io/chat/docs/node/update_users/).
 */
import {
  assert,
  assertConnectRefused,
  assertEqual,
  assertStreamError,
  channelOf,
  type ParityContext,
  socketClosed,
  users,
  waitUntil,
} from './b-support';

/** getUnreadCount (user) and getUnreadCountBatch (server) agree with the read state. */
export async function unreadCounts(ctx: ParityContext): Promise<void> {
  const [alice, bob, carol] = (await users(ctx, 'alice', 'bob', 'carol')) as [
    string,
    string,
    string,
  ];
  const { type, id, cid } = await channelOf(ctx, [alice, bob]);
  const server = ctx.server.channel(type, id);
  await server.sendMessage({ text: 'one', user_id: alice });
  await server.sendMessage({ text: 'two', user_id: alice });

  const bobClient = await ctx.rest(bob);
  const single = await bobClient.getUnreadCount();
  assertEqual(single.total_unread_count, 2, 'bob total_unread_count');
  assertEqual(
    single.channels.map((entry) => [entry.channel_id, entry.unread_count]),
    [[cid, 2]],
    'bob channels',
  );
  assertEqual(
    single.channel_type.map((entry) => [entry.channel_type, entry.unread_count]),
    [[type, 2]],
    'bob channel_type',
  );

  const batch = await ctx.server.getUnreadCountBatch([alice, bob, carol]);
  assertEqual(
    Object.fromEntries(
      Object.entries(batch.counts_by_user).map(([user, counts]) => [
        user,
        counts.total_unread_count,
      ]),
    ),
    { [alice]: 0, [bob]: 2, [carol]: 0 },
    'counts_by_user totals',
  );

  const bobWatching = (await ctx.connect(bob)).channel(type, id);
  await bobWatching.watch();
  await bobWatching.markRead();
  const after = await ctx.server.getUnreadCountBatch([bob]);
  assertEqual(after.counts_by_user[bob]?.total_unread_count, 0, 'bob after markRead');

  await assertStreamError(
    bobClient.getUnreadCountBatch([bob]),
    { status: 403, code: 17 },
    'the batch with a user token',
  );
  await assertStreamError(
    ctx.server.getUnreadCountBatch([]),
    { status: 400, code: 4 },
    'an empty batch',
  );
}

/** queryBannedUsers lists channel and app bans from the ban state, filtered and paged. */
export async function bannedUsers(ctx: ParityContext): Promise<void> {
  const [alice, bob, dave, eve] = (await users(ctx, 'alice', 'bob', 'dave', 'eve')) as [
    string,
    string,
    string,
    string,
  ];
  const { type, id, cid } = await channelOf(ctx, [alice, bob]);
  // What channel.banUser sends (client.banUser with the channel's type and id).
  await ctx.server.banUser(dave, { type, id, banned_by_id: alice, reason: 'spam' });
  await ctx.server.banUser(eve, { banned_by_id: alice, timeout: 60 });

  const inChannel = await ctx.server.queryBannedUsers({ channel_cid: cid });
  assertEqual((inChannel.bans ?? []).length, 1, 'bans in the channel');
  const ban = (inChannel.bans ?? [])[0];
  assertEqual(
    { user: ban?.user.id, by: ban?.banned_by?.id, reason: ban?.reason, channel: ban?.channel?.cid },
    { user: dave, by: alice, reason: 'spam', channel: cid },
    'the channel ban',
  );

  const both = await ctx.server.queryBannedUsers(
    { user_id: { $in: [dave, eve] } },
    { created_at: 1 },
  );
  assertEqual(
    (both.bans ?? []).map((entry) => entry.user.id),
    [dave, eve],
    'bans of dave and eve, oldest first',
  );
  const eveBan = (both.bans ?? [])[1];
  assert(eveBan?.expires && eveBan.channel === undefined, 'the app ban has an expiry, no channel');
  const page = await ctx.server.queryBannedUsers(
    { user_id: { $in: [dave, eve] } },
    { created_at: 1 },
    { limit: 1, offset: 1 },
  );
  assertEqual(
    (page.bans ?? []).map((entry) => entry.user.id),
    [eve],
    'second page',
  );

  // A user token sees the bans of channels it can read, not of others.
  const { id: otherId } = await channelOf(ctx, [alice, dave]);
  await ctx.server.banUser(eve, { type, id: otherId, banned_by_id: alice });
  const asBob = await (await ctx.rest(bob)).queryBannedUsers({ user_id: { $in: [dave, eve] } });
  assertEqual(
    (asBob.bans ?? []).map((entry) => `${entry.user.id}@${entry.channel?.cid ?? 'app'}`).sort(),
    [`${dave}@${cid}`, `${eve}@app`].sort(),
    'the bans bob may see',
  );

  await ctx.server.unbanUser(dave, { type, id });
  assertEqual(
    (await ctx.server.queryBannedUsers({ channel_cid: cid })).bans?.length,
    0,
    'bans after unban',
  );
}

/** A deactivated user cannot connect or call; reactivation restores both and the messages. */
export async function deactivateAndReactivate(ctx: ParityContext): Promise<void> {
  const [alice, frank] = (await users(ctx, 'alice', 'frank')) as [string, string];
  const { type, id } = await channelOf(ctx, [alice, frank]);
  const frankClient = await ctx.connect(frank);
  const { message } = await frankClient.channel(type, id).sendMessage({ text: 'before' });

  const deactivated = await ctx.server.deactivateUser(frank, {
    mark_messages_deleted: true,
    created_by_id: alice,
  });
  assert(deactivated.user.deactivated_at, 'deactivated_at on the answer');
  // "Deactivated users cannot connect": the open connection ends.
  await waitUntil(() => socketClosed(frankClient), "frank's WebSocket closes");

  await assertConnectRefused(ctx.connect(frank), 17, 'connecting while deactivated');
  await assertStreamError(
    (await ctx.rest(frank)).queryChannels({ cid: `${type}:${id}` }),
    { status: 403, code: 17 },
    'a REST call while deactivated',
  );
  const hidden = await ctx.server.getMessage(message.id);
  assertEqual(hidden.message.type, 'deleted', 'the message after mark_messages_deleted');
  await assertStreamError(
    ctx.server.deactivateUser(frank),
    { status: 400, code: 4 },
    'deactivating twice',
  );

  const reactivated = await ctx.server.reactivateUser(frank, {
    restore_messages: true,
    name: 'Frank again',
  });
  assertEqual(reactivated.user.deactivated_at, undefined, 'deactivated_at after reactivation');
  assertEqual(reactivated.user.name, 'Frank again', 'name after reactivation');
  const back = await ctx.connect(frank);
  assertEqual(back.user?.id, frank, 'connected after reactivation');
  assertEqual(
    (await ctx.server.getMessage(message.id)).message.text,
    'before',
    'the restored message',
  );
}

/** The batch calls answer a task, completed when read, and change every user named. */
export async function deactivateUsersBatch(ctx: ParityContext): Promise<void> {
  const [gail, hugo] = (await users(ctx, 'gail', 'hugo')) as [string, string];
  const { task_id } = await ctx.server.deactivateUsers([gail, hugo]);
  const task = await ctx.server.getTask(task_id);
  assertEqual(
    { id: task.task_id, status: task.status },
    { id: task_id, status: 'completed' },
    'task',
  );
  const { users: found } = await ctx.server.queryUsers(
    { id: { $in: [gail, hugo] } },
    { id: 1 },
    { include_deactivated_users: true },
  );
  const { users: hidden } = await ctx.server.queryUsers({ id: { $in: [gail, hugo] } });
  assertEqual(hidden.length, 0, 'deactivated users without include_deactivated_users');
  assertEqual(
    found.map((user) => Boolean(user.deactivated_at)),
    [true, true],
    'deactivated_at after the batch',
  );
  await assertConnectRefused(ctx.connect(hugo), 17, 'hugo connecting while deactivated');

  const again = await ctx.server.reactivateUsers([gail, hugo]);
  assertEqual((await ctx.server.getTask(again.task_id)).status, 'completed', 'reactivate task');
  assertEqual((await ctx.connect(hugo)).user?.id, hugo, 'hugo connected after the batch');

  await assertStreamError(
    ctx.server.deactivateUsers([gail, ctx.id('nobody')]),
    { status: 404, code: 16 },
    'a batch naming an unknown user',
  );
  await assertStreamError(
    ctx.server.getTask(ctx.id('no-task')),
    { status: 404, code: 16 },
    'an unknown task',
  );
  const asUser = await ctx.rest(gail);
  await assertStreamError(asUser.deactivateUser(hugo), { status: 403, code: 17 }, 'user token');
}

/** A soft-deleted user cannot connect until restoreUsers brings them back. */
export async function restoreSoftDeletedUser(ctx: ParityContext): Promise<void> {
  const [ivy] = (await users(ctx, 'ivy')) as [string];
  await ctx.server.deleteUser(ivy);
  await assertConnectRefused(ctx.connect(ivy), 16, 'connecting after a soft delete');
  await ctx.server.restoreUsers([ivy]);
  const { users: found } = await ctx.server.queryUsers({ id: ivy });
  assertEqual(found[0]?.deleted_at, undefined, 'deleted_at after restore');
  assertEqual((await ctx.connect(ivy)).user?.id, ivy, 'connected after restore');
}
