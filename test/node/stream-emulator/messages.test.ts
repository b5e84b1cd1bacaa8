/**
 * Message and reaction calls a chat frontend makes, with their events on a second client:
 * get/update/partial update/delete (soft and hard), replies, reactions.
 */
import { describe, expect, it } from 'vitest';
import { nextEvent, twoWatchers, useStreamEmulator } from './harness';

const h = useStreamEmulator();

describe('messages', () => {
  it('update and partial update: message.updated reaches the other watcher', async () => {
    const { aliceChannel, alice, bob } = await twoWatchers(h);
    const { message } = await aliceChannel.sendMessage({ text: 'first' });
    const updated = nextEvent(bob, 'message.updated');
    const result = await alice.updateMessage({ id: message.id, text: 'edited' });
    expect(result.message).toMatchObject({
      id: message.id,
      text: 'edited',
      html: '<p>edited</p>\n',
    });
    expect(await updated).toMatchObject({
      message: { id: message.id, text: 'edited' },
      user: { id: 'alice' },
    });

    const partial = nextEvent(bob, 'message.updated');
    // A custom field: the SDK's types only know the built-in ones.
    const custom: Record<string, unknown> = { mood: 'happy' };
    await alice.partialUpdateMessage(message.id, { set: custom });
    expect((await partial).message).toMatchObject({ text: 'edited', mood: 'happy' });
    expect((await bob.getMessage(message.id)).message).toMatchObject({ mood: 'happy' });
  });

  it("refuses to update someone else's message with a user token", async () => {
    const { aliceChannel, bob } = await twoWatchers(h);
    const { message } = await aliceChannel.sendMessage({ text: 'mine' });
    await expect(bob.updateMessage({ id: message.id, text: 'hijacked' })).rejects.toMatchObject({
      code: 17,
      status: 403,
    });
  });

  it('soft delete keeps the message as type deleted; hard delete removes it', async () => {
    const { aliceChannel, alice, bob } = await twoWatchers(h);
    const soft = await aliceChannel.sendMessage({ text: 'soft' });
    const hard = await aliceChannel.sendMessage({ text: 'hard' });
    const softEvent = nextEvent(bob, 'message.deleted');
    await alice.deleteMessage(soft.message.id);
    expect(await softEvent).toMatchObject({
      hard_delete: false,
      message: { id: soft.message.id, type: 'deleted', deleted_at: expect.any(String) },
    });
    const hardEvent = nextEvent(bob, 'message.deleted');
    await alice.deleteMessage(hard.message.id, true);
    expect(await hardEvent).toMatchObject({ hard_delete: true, message: { id: hard.message.id } });
    await expect(bob.getMessage(hard.message.id)).rejects.toMatchObject({ code: 4, status: 400 });
    const state = await bob.channel('messaging', 'general').query({});
    expect(state.messages.map((m) => [m.id, m.type])).toEqual([[soft.message.id, 'deleted']]);
  });

  it('replies: getReplies pages the thread; the reply event carries parent_id', async () => {
    const { aliceChannel, bobChannel, bob } = await twoWatchers(h);
    const { message: root } = await aliceChannel.sendMessage({ text: 'root' });
    const replyEvent = nextEvent(bob, 'message.new', (e) => e.message?.parent_id === root.id);
    for (const text of ['r1', 'r2', 'r3']) {
      await aliceChannel.sendMessage({ text, parent_id: root.id });
    }
    expect((await replyEvent).message?.text).toBe('r1');
    const all = await bobChannel.getReplies(root.id, { limit: 10 });
    expect(all.messages.map((m) => m.text)).toEqual(['r1', 'r2', 'r3']);
    const older = await bobChannel.getReplies(root.id, { limit: 1, id_lt: all.messages[2]?.id });
    expect(older.messages.map((m) => m.text)).toEqual(['r2']);
    expect((await bob.getMessage(root.id)).message.reply_count).toBe(3);
  });
});

describe('reactions', () => {
  it('send, list and delete, with reaction.new/deleted on the other client', async () => {
    const { aliceChannel, bobChannel, bob } = await twoWatchers(h);
    const { message } = await aliceChannel.sendMessage({ text: 'react to me' });
    const added = nextEvent(aliceChannel.getClient(), 'reaction.new');
    const sent = await bobChannel.sendReaction(message.id, { type: 'love' });
    expect(sent.reaction).toMatchObject({ type: 'love', user_id: 'bob', score: 1 });
    expect(sent.message).toMatchObject({
      reaction_counts: { love: 1 },
      own_reactions: [expect.objectContaining({ type: 'love' })],
    });
    expect(await added).toMatchObject({
      reaction: { type: 'love', user: { id: 'bob' } },
      message: { id: message.id, latest_reactions: [expect.objectContaining({ type: 'love' })] },
    });
    const alicesView = aliceChannel.state.messages.find((m) => m.id === message.id);
    expect(alicesView?.reaction_groups?.love?.count).toBe(1);

    expect((await bobChannel.getReactions(message.id, {})).reactions).toHaveLength(1);
    const removed = nextEvent(aliceChannel.getClient(), 'reaction.deleted');
    await bobChannel.deleteReaction(message.id, 'love');
    expect(await removed).toMatchObject({
      reaction: { type: 'love' },
      message: { reaction_counts: {} },
    });
    expect((await bob.getMessage(message.id)).message.latest_reactions).toEqual([]);
  });

  it('enforce_unique replaces the user reaction of another type', async () => {
    const { aliceChannel, bobChannel } = await twoWatchers(h);
    const { message } = await aliceChannel.sendMessage({ text: 'one reaction each' });
    await bobChannel.sendReaction(message.id, { type: 'like' });
    const result = await bobChannel.sendReaction(
      message.id,
      { type: 'wow' },
      { enforce_unique: true },
    );
    expect(result.message.reaction_counts).toEqual({ wow: 1 });
  });

  it('a server client reacts for a named user', async () => {
    const { aliceChannel, bob } = await twoWatchers(h);
    const { message } = await aliceChannel.sendMessage({ text: 'x' });
    const added = nextEvent(bob, 'reaction.new');
    await h.server
      .channel('messaging', 'general')
      .sendReaction(message.id, { type: 'like', user_id: 'alice' });
    expect((await added).reaction?.user_id).toBe('alice');
  });
});
