import { beforeEach, describe, expect, it } from 'vitest';
import { DURATION, rejection, TIMESTAMP, useStreamEmulator } from './harness';

const h = useStreamEmulator();
const { inspect, upsert, createChannel } = h;

describe('messages', () => {
  beforeEach(() => upsert('alice', 'bob'));

  it('sends a message with a client id; re-sending the id anywhere is code 4', async () => {
    const { channel } = await createChannel('chat');
    const sent = await channel.sendMessage({
      id: 'msg-1',
      text: 'Hello **there**',
      user_id: 'bob',
    });
    expect(sent.message).toMatchObject({
      id: 'msg-1',
      text: 'Hello **there**',
      html: '<p>Hello <strong>there</strong></p>\n',
      type: 'regular',
      cid: 'messaging:chat',
      reply_count: 0,
      attachments: [],
      pinned: false,
    });
    expect(sent.message.user?.id).toBe('bob');
    expect(sent.message.created_at).toMatch(TIMESTAMP);

    const duplicate = await rejection(
      channel.sendMessage({ id: 'msg-1', text: 'again', user_id: 'bob' }),
    );
    expect(duplicate.code).toBe(4);
    expect(duplicate.status).toBe(400);
    expect(duplicate.message).toBe(
      'StreamChat error code 4: SendMessage failed with error: "a message with ID msg-1 already exists"',
    );
    expect(duplicate.response.data).toEqual({
      code: 4,
      message: 'SendMessage failed with error: "a message with ID msg-1 already exists"',
      StatusCode: 400,
      duration: expect.stringMatching(DURATION),
      more_info: 'https://getstream.io/chat/docs/api_errors_response',
      details: [],
    });

    // Ids are unique across the app, not per channel.
    const { channel: other } = await createChannel('other');
    const elsewhere = await rejection(
      other.sendMessage({ id: 'msg-1', text: 'x', user_id: 'alice' }),
    );
    expect(elsewhere.code).toBe(4);

    const state = await inspect();
    expect(state.messages.map((m) => [m.id, m.cid, m.user_id, m.text])).toEqual([
      ['msg-1', 'messaging:chat', 'bob', 'Hello **there**'],
    ]);
    const read = await channel.query({ messages: { limit: 10 } });
    expect(read.channel.last_message_at).toBe(sent.message.created_at);
  });

  it('requires a user, rejects reserved fields, unknown channels and too-long text', async () => {
    const { channel } = await createChannel('rules');
    const noUser = await rejection(channel.sendMessage({ text: 'who?' }));
    expect(noUser.message).toContain(
      '"either message.user or message.user_id must be provided when using server side auth."',
    );
    const reserved = await rejection(
      channel.sendMessage({
        text: 'x',
        user_id: 'bob',
        created_at: '2020-01-01T00:00:00Z',
      } as never),
    );
    expect(reserved.code).toBe(4);
    expect(reserved.message).toContain('"message.created_at is a reserved field"');

    const tooLong = await rejection(
      channel.sendMessage({ text: 'a'.repeat(5001), user_id: 'bob' }),
    );
    expect(tooLong.code).toBe(20);
    expect(tooLong.status).toBe(400);
    expect(tooLong.message).toContain('larger than 5000 characters');
    // Exactly at the limit is accepted.
    await channel.sendMessage({ text: 'a'.repeat(5000), user_id: 'bob' });

    const missing = await rejection(
      h.sdk.channel('messaging', 'nowhere').sendMessage({ text: 'x', user_id: 'bob' }),
    );
    expect(missing.status).toBe(404);
    expect(missing.code).toBe(16);
    expect(missing.message).toContain("Can't find channel with id messaging:nowhere");
    expect((await inspect()).messages).toHaveLength(1);
  });

  it('pages messages oldest first with limit / id_lt / id_gt', async () => {
    const { channel } = await createChannel('pages');
    for (let i = 1; i <= 7; i++) {
      await channel.sendMessage({ id: `m${i}`, text: `message ${i}`, user_id: 'alice' });
    }
    const ids = (r: { messages: { id: string }[] }) => r.messages.map((m) => m.id);

    const latest = await channel.query({ messages: { limit: 3 } });
    expect(ids(latest)).toEqual(['m5', 'm6', 'm7']);
    const older = await channel.query({ messages: { limit: 3, id_lt: 'm5' } });
    expect(ids(older)).toEqual(['m2', 'm3', 'm4']);
    const oldest = await channel.query({ messages: { limit: 3, id_lt: 'm2' } });
    expect(ids(oldest)).toEqual(['m1']);
    const newer = await channel.query({ messages: { limit: 2, id_gt: 'm3' } });
    expect(ids(newer)).toEqual(['m4', 'm5']);
    const inclusive = await channel.query({ messages: { limit: 2, id_lte: 'm5' } });
    expect(ids(inclusive)).toEqual(['m4', 'm5']);
    const unknownCursor = await rejection(channel.query({ messages: { limit: 2, id_lt: 'nope' } }));
    expect(unknownCursor.code).toBe(4);
  });

  it('caps a message page at 300', async () => {
    const { channel } = await createChannel('many');
    for (let i = 1; i <= 305; i++) {
      await channel.sendMessage({ id: `n${i}`, text: `${i}`, user_id: 'alice' });
    }
    const page = await channel.query({ messages: { limit: 1000 } });
    expect(page.messages).toHaveLength(300);
    expect(page.messages[0]?.id).toBe('n6');
    expect(page.messages.at(-1)?.id).toBe('n305');
  });

  it('keeps thread replies out of the channel list and counts them on the parent', async () => {
    const { channel } = await createChannel('threads');
    await channel.sendMessage({ id: 'parent', text: 'question', user_id: 'alice' });
    const reply = await channel.sendMessage({
      id: 'reply',
      text: 'answer',
      user_id: 'bob',
      parent_id: 'parent',
    });
    expect(reply.message.type).toBe('reply');
    const state = await channel.query({ messages: { limit: 10 } });
    expect(state.messages.map((m) => [m.id, m.reply_count])).toEqual([['parent', 1]]);
  });
});
