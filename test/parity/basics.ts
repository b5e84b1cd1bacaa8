/**
 * The ground the other scenarios stand on: two users connected over the WebSocket, one sends,
 * the other's watcher state shows it (https://getstream.io/chat/docs/javascript/send_message/).
 */
import { assertEqual } from './assert';
import type { Scenario } from './context';

export const messageReachesWatcher: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('basics', ['alice', 'bob']);
  const alice = await ctx.connect('alice');
  const bob = await ctx.connect('bob');
  const mine = alice.channel('messaging', 'basics');
  const theirs = bob.channel('messaging', 'basics');
  await Promise.all([mine.watch(), theirs.watch()]);
  const { message } = await mine.sendMessage({ text: 'hello bob' });
  await ctx.event(bob, 'message.new', (e) => e.message?.id === message.id);
  assertEqual(
    theirs.state.messages.map((m) => m.text),
    ['hello bob'],
    "bob's channel state",
  );
};
