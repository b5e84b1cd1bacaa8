/**
 * Reading messages and reactions besides the channel query: `channel.getMessagesById`,
 * `client.queryReactions`, and search with a user token (`client.search`, `channel.search`,
 * https://getstream.io/chat/docs/javascript/search/).
 */
import { assertEqual, assertRejects } from './assert';
import type { Scenario } from './context';

export const getMessagesById: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob', 'carol');
  await ctx.channel('reads', ['alice', 'bob']);
  await ctx.channel('elsewhere', ['alice', 'carol']);
  const one = await ctx.send('reads', 'alice', { text: 'one' });
  await ctx.send('reads', 'alice', { text: 'two' });
  const three = await ctx.send('reads', 'bob', { text: 'three' });
  const foreign = await ctx.send('elsewhere', 'alice', { text: 'not here' });
  const bob = await ctx.connect('bob');
  const channel = bob.channel('messaging', 'reads');
  const { messages } = await channel.getMessagesById([three.id, one.id, foreign.id, 'nope']);
  assertEqual(
    messages.map((m) => m.text),
    ['one', 'three'],
    'the channel messages among the ids',
  );
  const carol = await ctx.connect('carol');
  await assertRejects(
    carol.channel('messaging', 'reads').getMessagesById([one.id]),
    { status: 403, code: 17, message: 'ReadChannel' },
    'getMessagesById by a non-member',
  );
};

export const queryReactions: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob', 'carol');
  await ctx.channel('reads', ['alice', 'bob', 'carol']);
  const { id } = await ctx.send('reads', 'alice', { text: 'react' });
  const alice = await ctx.connect('alice');
  const bob = await ctx.connect('bob');
  const carol = await ctx.connect('carol');
  await bob.channel('messaging', 'reads').sendReaction(id, { type: 'like' });
  await carol.channel('messaging', 'reads').sendReaction(id, { type: 'love' });
  await alice.channel('messaging', 'reads').sendReaction(id, { type: 'like' });
  const likes = await alice.queryReactions(id, { type: 'like' }, [{ created_at: 1 }]);
  assertEqual(
    likes.reactions.map((r) => r.user_id),
    ['bob', 'alice'],
    'likes, oldest first',
  );
  const firstPage = await alice.queryReactions(id, {}, [], { limit: 2 });
  assertEqual(firstPage.reactions.length, 2, 'page size');
  const rest = await alice.queryReactions(id, {}, [], { limit: 2, next: firstPage.next });
  assertEqual(
    rest.reactions.map((r) => r.user_id),
    ['bob'],
    'second page (newest first by default)',
  );
  assertEqual(rest.next, undefined, 'no page after the last');
};

export const searchWithUserToken: Scenario = async (ctx) => {
  await ctx.users('alice', 'bob', 'carol');
  await ctx.channel('reads', ['alice', 'bob']);
  await ctx.channel('private', ['carol', 'alice']);
  await ctx.send('reads', 'alice', { text: 'lunch at noon?' });
  await ctx.send('reads', 'bob', { text: 'sure, lunch it is' });
  await ctx.send('private', 'carol', { text: 'secret lunch plans' });
  const bob = await ctx.connect('bob');
  const found = await bob.search({ members: { $in: ['alice'] } }, 'lunch');
  assertEqual(
    found.results.map((r) => r.message.text),
    ['lunch at noon?', 'sure, lunch it is'],
    "bob's search (not carol's channel)",
  );
  const byFilter = await bob.channel('messaging', 'reads').search({ 'user.id': 'bob' } as never);
  assertEqual(
    byFilter.results.map((r) => r.message.text),
    ['sure, lunch it is'],
    'channel.search with a message filter',
  );
};
