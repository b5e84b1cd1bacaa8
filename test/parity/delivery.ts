/**
 * Delivery receipts (https://getstream.io/chat/docs/javascript/message_delivery_and_read_status/):
 * the SDK (9.53) reports deliveries by itself (`POST /channels/delivered`, about a second after
 * new messages); the sender's watcher state shows them through `message.delivered`, and channel
 * state carries them in `read`.
 */
import { assertEqual, assertRejects, eventually } from './assert';
import type { Scenario } from './context';
import { watchTogether } from './set-up';

export const reportedBySdk: Scenario = async (ctx) => {
  const [{ client: alice, channel: mine }] = await watchTogether(ctx, 'receipts', ['alice', 'bob']);
  const { message } = await mine.sendMessage({ text: 'did you get this?' });
  // Nobody calls markChannelsDelivered here: bob's SDK does.
  const event = await ctx.event(
    alice,
    'message.delivered',
    (e) => e.user?.id === 'bob' && e.last_delivered_message_id === message.id,
  );
  assertEqual(typeof event.last_delivered_at, 'string', 'last_delivered_at');
  const bobRead = await eventually(
    () => mine.state.read.bob?.last_delivered_message_id === message.id && mine.state.read.bob,
    "alice's state of bob's receipt",
  );
  assertEqual(bobRead.last_delivered_message_id, message.id, 'last_delivered_message_id');
};

export const inChannelState: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('receipts', ['alice', 'bob']);
  const { id } = await ctx.send('receipts', 'alice', { text: 'hello' });
  const bob = await ctx.connect('bob');
  await bob.markChannelsDelivered({
    latest_delivered_messages: [{ cid: 'messaging:receipts', id }],
  });
  const alice = await ctx.connect('alice');
  const state = await alice.channel('messaging', 'receipts').query({});
  const read = state.read?.find((r) => r.user.id === 'bob');
  assertEqual(read?.last_delivered_message_id, id, "bob's read state");
  assertEqual(typeof read?.last_delivered_at, 'string', 'last_delivered_at');
};

export const refusedWithoutReadGrant: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob');
  await ctx.channel('receipts', ['alice', 'bob']);
  const { id } = await ctx.send('receipts', 'alice', { text: 'hello' });
  await ctx.grants({ channel_member: ['create-message'] });
  const bob = await ctx.connect('bob');
  await assertRejects(
    bob.markChannelsDelivered({ latest_delivered_messages: [{ cid: 'messaging:receipts', id }] }),
    { status: 403, code: 17, message: 'ReadChannel' },
    'markChannelsDelivered without read-channel',
  );
};
