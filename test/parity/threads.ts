/**
 * The threads list and a thread's state (https://getstream.io/chat/docs/javascript/threads/):
 * `client.queryThreads`, `client.getThread`, `client.partialUpdateThread`, as the SDK's `Thread`
 * objects hold them.
 */
import { assertEqual, assertRejects } from './assert';
import type { ParityContext, Scenario } from './context';

async function threadFixture(ctx: ParityContext) {
  await ctx.users('alice', 'bob', 'carol');
  await ctx.channel('threads', ['alice', 'bob']);
  const parent = await ctx.send('threads', 'alice', { text: 'parent' });
  await ctx.send('threads', 'bob', { text: 'first', parent_id: parent.id });
  await ctx.send('threads', 'alice', { text: 'second', parent_id: parent.id });
  await ctx.send('threads', 'alice', { text: 'no replies here' });
  return parent.id;
}

export const queryThreads: Scenario = async (ctx) => {
  const parentId = await threadFixture(ctx);
  const bob = await ctx.connect('bob');
  const { threads } = await bob.queryThreads({ reply_limit: 1 });
  assertEqual(
    threads.map((t) => t.id),
    [parentId],
    'threads of bob',
  );
  const state = threads[0]?.state.getLatestValue();
  assertEqual(state?.parentMessage.text, 'parent', 'parent message');
  assertEqual(state?.replyCount, 2, 'reply count');
  assertEqual(
    state?.replies.map((m) => m.text),
    ['second'],
    'latest replies (reply_limit 1)',
  );
  assertEqual(
    (state?.participants ?? []).map((p) => p.user?.id),
    ['alice', 'bob'],
    'participants',
  );
  assertEqual(state?.channel.cid, 'messaging:threads', 'channel');
  // queryThreads watches the threads' channels (the SDK sends watch: true).
  const later = await ctx.send('threads', 'alice', { text: 'after the query' });
  await ctx.event(bob, 'message.new', (e) => e.message?.id === later.id);
  // carol takes part in no thread.
  const carol = await ctx.connect('carol');
  assertEqual((await carol.queryThreads()).threads.length, 0, 'threads of carol');
};

export const getThread: Scenario = async (ctx) => {
  const parentId = await threadFixture(ctx);
  await ctx.server.call('partialUpdateThread', [parentId, { set: { title: 'Plans' } }]);
  const alice = await ctx.connect('alice');
  const thread = await alice.getThread(parentId, { reply_limit: 10 });
  const state = thread.state.getLatestValue();
  assertEqual(thread.id, parentId, 'thread id');
  assertEqual(state.title, 'Plans', 'title');
  assertEqual(
    state.replies.map((m) => m.text),
    ['first', 'second'],
    'replies',
  );
  assertEqual(state.replyCount, 2, 'reply count');
};

export const refusedOutsideTheChannel: Scenario = async (ctx) => {
  const parentId = await threadFixture(ctx);
  const carol = await ctx.connect('carol');
  await assertRejects(
    carol.getThread(parentId),
    { status: 403, code: 17, message: 'ReadChannel' },
    'getThread by a non-member',
  );
};

export const updateNeedsGrant: Scenario = async (ctx) => {
  const parentId = await threadFixture(ctx);
  const bob = await ctx.connect('bob');
  await assertRejects(
    bob.partialUpdateThread(parentId, { set: { title: 'Mine' } }),
    { status: 403, code: 17, message: 'UpdateThread' },
    'partialUpdateThread without update-thread',
  );
  await ctx.grants({ channel_member: ['read-channel', 'create-message', 'update-thread'] });
  const updated = await bob.partialUpdateThread(parentId, { set: { title: 'Mine' } });
  assertEqual(updated.thread.title, 'Mine', 'title');
};

export const participantsHearOfNewReplies: Scenario = async (ctx) => {
  const parentId = await threadFixture(ctx);
  // bob replied before, so he takes part; he is connected but watches nothing.
  const bob = await ctx.connect('bob');
  const alice = await ctx.connect('alice');
  const channel = alice.channel('messaging', 'threads');
  await channel.watch();
  const { message } = await channel.sendMessage({ text: 'third', parent_id: parentId });
  const event = await ctx.event(
    bob,
    'notification.thread_message_new',
    (e) => e.message?.id === message.id,
  );
  assertEqual(event.message?.parent_id, parentId, 'parent_id');
  // By the time bob has it, the sender would have had hers.
  assertEqual(
    ctx.received(alice, 'notification.thread_message_new').length,
    0,
    'the sender is not notified',
  );
};

export const titleChangeReachesThread: Scenario = async (ctx) => {
  const parentId = await threadFixture(ctx);
  const alice = await ctx.connect('alice');
  await alice.channel('messaging', 'threads').watch();
  const thread = await alice.getThread(parentId);
  thread.registerSubscriptions();
  await ctx.server.call('partialUpdateThread', [parentId, { set: { title: 'Renamed' } }]);
  await ctx.event(alice, 'thread.updated', (e) => e.thread?.parent_message_id === parentId);
  assertEqual(thread.state.getLatestValue().title, 'Renamed', "the SDK's thread state");
  thread.unregisterSubscriptions();
};

export const threadReadLeavesChannelUnread: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('threads', ['alice', 'bob']);
  const parent = await ctx.send('threads', 'alice', { text: 'parent' });
  await ctx.send('threads', 'bob', { text: 'a reply', parent_id: parent.id });
  await ctx.send('threads', 'bob', { text: 'in the channel' });
  const alice = await ctx.connect('alice');
  assertEqual((alice.user as { unread_threads?: number }).unread_threads, 1, 'unread_threads');
  const channel = alice.channel('messaging', 'threads');
  await channel.watch();
  const thread = await alice.getThread(parent.id);
  assertEqual(thread.ownUnreadCount, 1, 'thread unread before');
  thread.registerSubscriptions();
  await thread.markAsRead();
  await ctx.event(alice, 'message.read', (e) => e.thread?.parent_message_id === parent.id);
  assertEqual(thread.ownUnreadCount, 0, 'thread unread after');
  const marked = await ctx.event(alice, 'notification.mark_read', (e) => e.thread_id === parent.id);
  assertEqual(marked.unread_threads, 0, 'unread_threads after');
  assertEqual(channel.countUnread(), 1, "the SDK's channel unread count");
  const state = await channel.query({});
  assertEqual(
    state.read?.find((r) => r.user.id === 'alice')?.unread_messages,
    1,
    'channel unread on the server',
  );
  thread.unregisterSubscriptions();
};
