/**
 * Typing indicators and read state between two connected SDK clients: typing.start/stop,
 * message.read, markUnread, unread counts and `read[]` in channel state.
 */
import { describe, expect, it } from 'vitest';
import { nextEvent, twoWatchers, useStreamEmulator } from './harness';

const h = useStreamEmulator();

describe('typing', () => {
  it('keystroke and stopTyping reach the other watcher', async () => {
    const { aliceChannel, bob } = await twoWatchers(h);
    const started = nextEvent(bob, 'typing.start');
    await aliceChannel.keystroke();
    expect(await started).toMatchObject({ cid: 'messaging:general', user: { id: 'alice' } });
    expect(Object.keys(bob.activeChannels['messaging:general']?.state.typing ?? {})).toContain(
      'alice',
    );
    const stopped = nextEvent(bob, 'typing.stop');
    await aliceChannel.stopTyping();
    expect(await stopped).toMatchObject({ user: { id: 'alice' } });
  });

  it('a thread keystroke carries parent_id', async () => {
    const { aliceChannel, bob } = await twoWatchers(h);
    const { message } = await aliceChannel.sendMessage({ text: 'thread root' });
    const started = nextEvent(bob, 'typing.start');
    await aliceChannel.keystroke(message.id);
    expect((await started).parent_id).toBe(message.id);
  });
});

describe('read state', () => {
  it('markRead sends message.read to watchers and zeroes the reader counts', async () => {
    const { aliceChannel, bobChannel, alice, bob } = await twoWatchers(h);
    const { message } = await aliceChannel.sendMessage({ text: 'unread for bob' });
    expect(await bob.getUnreadCount()).toMatchObject({
      total_unread_count: 1,
      channels: [{ channel_id: 'messaging:general', unread_count: 1 }],
    });
    const seen = nextEvent(alice, 'message.read');
    const ownNotice = nextEvent(bob, 'notification.mark_read');
    await bobChannel.markRead();
    expect(await seen).toMatchObject({ user: { id: 'bob' }, last_read_message_id: message.id });
    expect(await ownNotice).toMatchObject({ total_unread_count: 0, unread_channels: 0 });
    expect((await bob.getUnreadCount()).total_unread_count).toBe(0);
    const state = await bob.channel('messaging', 'general').query({});
    expect(state.read).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          user: expect.objectContaining({ id: 'bob' }),
          unread_messages: 0,
        }),
        expect.objectContaining({ user: expect.objectContaining({ id: 'alice' }) }),
      ]),
    );
  });

  it('markUnread makes a message and the later ones unread again', async () => {
    const { aliceChannel, bobChannel, bob } = await twoWatchers(h);
    const first = await aliceChannel.sendMessage({ text: 'one' });
    await aliceChannel.sendMessage({ text: 'two' });
    await bobChannel.markRead();
    const notice = nextEvent(bob, 'notification.mark_unread');
    await bobChannel.markUnread({ message_id: first.message.id });
    expect(await notice).toMatchObject({
      first_unread_message_id: first.message.id,
      unread_messages: 2,
    });
    expect((await bob.getUnreadCount()).total_unread_count).toBe(2);
  });

  it('message.new carries the recipient unread counts, not the sender', async () => {
    const { aliceChannel, alice, bob } = await twoWatchers(h);
    const toBob = nextEvent(bob, 'message.new');
    const toAlice = nextEvent(alice, 'message.new');
    await aliceChannel.sendMessage({ text: 'count me' });
    expect((await toBob).total_unread_count).toBe(1);
    expect((await toAlice).total_unread_count).toBe(0);
  });
});
