/**
 * Pinned messages (https://getstream.io/chat/docs/javascript/pinned_messages/): pin and unpin,
 * the pin fields, `pinned_messages` in channel state, `channel.getPinnedMessages`, expiry, and the
 * pin-message grant.
 */
import { assertEqual, assertRejects, eventually } from './assert';
import type { Scenario } from './context';

export const pinUnpinAndList: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('pins', ['alice', 'bob']);
  const first = await ctx.send('pins', 'alice', { text: 'first' });
  const second = await ctx.send('pins', 'alice', { text: 'second' });
  await ctx.send('pins', 'alice', { text: 'third' });
  const alice = await ctx.connect('alice');
  const bob = await ctx.connect('bob');
  const mine = alice.channel('messaging', 'pins');
  await mine.watch();
  const { message: pinned } = await bob.pinMessage(first.id);
  assertEqual(pinned.pinned, true, 'pinned');
  assertEqual(pinned.pinned_by?.id, 'bob', 'pinned_by');
  assertEqual(typeof pinned.pinned_at, 'string', 'pinned_at');
  assertEqual(pinned.pin_expires, null, 'pin_expires');
  await bob.pinMessage(second.id);
  // Alice's watcher state follows the pins.
  await eventually(() => mine.state.pinnedMessages.length === 2, "two pins in alice's state");
  const page = await mine.getPinnedMessages({ limit: 10 });
  assertEqual(
    page.messages.map((m) => m.text),
    ['second', 'first'],
    'getPinnedMessages, newest pin first',
  );
  const oldestFirst = await mine.getPinnedMessages({ limit: 1 }, { pinned_at: 1 });
  assertEqual(
    oldestFirst.messages.map((m) => m.text),
    ['first'],
    'sorted on pinned_at ascending, limit 1',
  );
  await bob.unpinMessage(first.id);
  const after = await mine.getPinnedMessages({});
  assertEqual(
    after.messages.map((m) => m.text),
    ['second'],
    'after unpin',
  );
  const state = await bob.channel('messaging', 'pins').query({});
  assertEqual(
    state.pinned_messages.map((m) => m.text),
    ['second'],
    'pinned_messages in channel state',
  );
};

export const pinExpires: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('pins', ['alice', 'bob']);
  const { id } = await ctx.send('pins', 'alice', { text: 'briefly' });
  const alice = await ctx.connect('alice');
  const { message } = await alice.pinMessage(id, 1);
  assertEqual(typeof message.pin_expires, 'string', 'pin_expires set');
  const channel = alice.channel('messaging', 'pins');
  assertEqual((await channel.getPinnedMessages({})).messages.length, 1, 'pinned for a second');
  await new Promise((resolve) => setTimeout(resolve, 1_300));
  assertEqual((await channel.getPinnedMessages({})).messages.length, 0, 'expired');
  assertEqual((await alice.getMessage(id)).message.pinned, false, 'reads as not pinned');
};

export const pinNeedsGrant: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('pins', ['alice', 'bob']);
  const { id } = await ctx.send('pins', 'alice', { text: 'pin me' });
  await ctx.grants({ channel_member: ['read-channel', 'create-message', 'update-message'] });
  const bob = await ctx.connect('bob');
  const state = await bob.channel('messaging', 'pins').watch();
  assertEqual(state.channel.own_capabilities?.includes('pin-message'), false, 'capability');
  await assertRejects(
    bob.pinMessage(id),
    { status: 403, code: 17, message: 'PinMessage' },
    'pinMessage without pin-message',
  );
};
