/**
 * Thread replies as a watcher sees them (https://getstream.io/chat/docs/javascript/threads/): the
 * parent's `reply_count` and `thread_participants` in channel state follow new replies, and
 * `channel.getReplies` pages the thread.
 */
import { assertEqual, eventually } from './assert';
import type { Scenario } from './context';
import { watchTogether } from './set-up';

export const replyCountInWatcherState: Scenario = async (ctx) => {
  const [{ channel: mine }, { channel: theirs }] = await watchTogether(ctx, 'threads', [
    'alice',
    'bob',
  ]);
  const { message: parent } = await mine.sendMessage({ text: 'start a thread' });
  await eventually(() => theirs.state.messages.some((m) => m.id === parent.id), 'parent at bob');
  await theirs.sendMessage({ text: 'first reply', parent_id: parent.id });
  const seen = await eventually(
    () => mine.state.messages.find((m) => m.id === parent.id && m.reply_count === 1),
    "reply_count 1 in alice's state",
  );
  assertEqual(
    (seen.thread_participants ?? []).map((u) => u.id).sort(),
    ['alice', 'bob'],
    'thread_participants',
  );
  await mine.sendMessage({ text: 'second reply', parent_id: parent.id });
  await eventually(
    () => theirs.state.messages.find((m) => m.id === parent.id && m.reply_count === 2),
    "reply_count 2 in bob's state",
  );
  // The thread replies stay out of the channel's main list.
  assertEqual(
    mine.state.messages.map((m) => m.text),
    ['start a thread'],
    "alice's main message list",
  );
};

export const getReplies: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('threads', ['alice', 'bob']);
  const parent = await ctx.send('threads', 'alice', { text: 'parent' });
  await ctx.send('threads', 'bob', { text: 'one', parent_id: parent.id });
  await ctx.send('threads', 'alice', { text: 'two', parent_id: parent.id });
  const bob = await ctx.connect('bob');
  const channel = bob.channel('messaging', 'threads');
  await channel.watch();
  const { messages } = await channel.getReplies(parent.id, { limit: 10 });
  assertEqual(
    messages.map((m) => m.text),
    ['one', 'two'],
    'replies',
  );
  assertEqual(
    channel.state.messages.find((m) => m.id === parent.id)?.reply_count,
    2,
    'reply_count after watch',
  );
};
