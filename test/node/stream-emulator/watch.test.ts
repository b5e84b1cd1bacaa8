/**
 * Watching and fan-out: a second connected client receives each channel event with
 * Stream's payload shape, including for changes made server-side (our API's server token).
 */
import { describe, expect, it } from 'vitest';
import {
  KEY,
  nextEvent,
  recordEvents,
  twoWatchers as setupTwoWatchers,
  useStreamEmulator,
} from './harness';

const h = useStreamEmulator();

const twoWatchers = () => setupTwoWatchers(h);

describe('watch', () => {
  it('subscribes the connection and counts watchers', async () => {
    const { bobChannel } = await twoWatchers();
    expect(bobChannel.state.watcher_count).toBe(2);
    expect(bobChannel.initialized).toBe(true);
  });

  it('queryChannels with watch subscribes every returned channel', async () => {
    const alice = await h.connect('alice');
    const bob = await h.connect('bob');
    await h.server
      .channel('messaging', 'q1', { created_by_id: 'alice', members: ['alice', 'bob'] })
      .create();
    const [channel] = await bob.queryChannels({ members: { $in: ['bob'] } }, {}, { watch: true });
    expect(channel?.cid).toBe('messaging:q1');
    const received = nextEvent(bob, 'message.new');
    await alice.channel('messaging', 'q1').sendMessage({ text: 'via query' });
    expect((await received).message?.text).toBe('via query');
  });

  it('refuses watch with a connection id that is not open', async () => {
    await h.connect('alice');
    const res = await fetch(
      `${h.emulator.url}/channels/messaging/x/query?api_key=${KEY}&connection_id=nope`,
      {
        method: 'POST',
        headers: {
          authorization: h.server.createToken('alice'),
          'stream-auth-type': 'jwt',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ watch: true, data: { members: ['alice'] } }),
      },
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 4 });
  });

  it('stop-watching ends the subscription', async () => {
    const { aliceChannel, bobChannel } = await twoWatchers();
    await bobChannel.stopWatching();
    const bobEvents = recordEvents(bobChannel.getClient(), 'message.new');
    const bobNotified = nextEvent(bobChannel.getClient(), 'notification.message_new');
    await aliceChannel.sendMessage({ text: 'after stop' });
    // Still a member: the notification arrives instead of message.new.
    expect((await bobNotified).message?.text).toBe('after stop');
    bobEvents.stop();
    expect(bobEvents.events).toHaveLength(0);
  });
});

describe('message.new', () => {
  it('reaches the other watcher with message, user and unread counts', async () => {
    const { aliceChannel, bob } = await twoWatchers();
    const received = nextEvent(bob, 'message.new');
    const { message } = await aliceChannel.sendMessage({ text: 'hello bob' });
    const event = await received;
    expect(event).toMatchObject({
      type: 'message.new',
      cid: 'messaging:general',
      channel_id: 'general',
      channel_type: 'messaging',
      message_id: message.id,
      message: { id: message.id, text: 'hello bob', user: { id: 'alice' } },
      user: { id: 'alice' },
      watcher_count: 2,
      total_unread_count: 1,
      unread_channels: 1,
    });
    expect(bob.activeChannels['messaging:general']?.state.messages.at(-1)?.id).toBe(message.id);
  });

  it('fans out a message sent server-side', async () => {
    const { alice, bob } = await twoWatchers();
    const toAlice = nextEvent(alice, 'message.new');
    const toBob = nextEvent(bob, 'message.new');
    await h.server
      .channel('messaging', 'general')
      .sendMessage({ text: 'from the backend', user_id: 'alice' });
    expect((await toAlice).message?.text).toBe('from the backend');
    expect((await toBob).message?.text).toBe('from the backend');
  });

  it('notifies members who do not watch, and nobody outside the channel', async () => {
    await h.server.upsertUsers([{ id: 'alice' }]);
    const bob = await h.connect('bob');
    const carol = await h.connect('carol');
    await h.server
      .channel('messaging', 'quiet', { created_by_id: 'alice', members: ['alice', 'bob'] })
      .create();
    const carolHears = recordEvents(carol, 'all');
    const notified = nextEvent(bob, 'notification.message_new');
    await h.server.channel('messaging', 'quiet').sendMessage({ text: 'psst', user_id: 'alice' });
    const event = await notified;
    expect(event).toMatchObject({
      cid: 'messaging:quiet',
      channel: { cid: 'messaging:quiet', config: expect.any(Object) },
      message: { text: 'psst' },
      total_unread_count: 1,
    });
    carolHears.stop();
    expect(carolHears.events.map((e) => e.type)).not.toContain('notification.message_new');
    expect(carolHears.events.map((e) => e.type)).not.toContain('message.new');
  });
});

describe('membership and channel events', () => {
  it('member.added to watchers, notification.added_to_channel to the new member', async () => {
    const { bob } = await twoWatchers();
    const carol = await h.connect('carol');
    const toBob = nextEvent(bob, 'member.added');
    const toCarol = nextEvent(carol, 'notification.added_to_channel');
    await h.server.channel('messaging', 'general').addMembers(['carol']);
    expect(await toBob).toMatchObject({
      member: { user_id: 'carol', channel_role: 'channel_member' },
      user: { id: 'carol' },
    });
    expect(await toCarol).toMatchObject({
      channel: { cid: 'messaging:general' },
      member: { user_id: 'carol' },
    });
  });

  it('notification.added_to_channel to initial members of a new channel', async () => {
    const bob = await h.connect('bob');
    await h.server.upsertUser({ id: 'alice' });
    const added = nextEvent(bob, 'notification.added_to_channel');
    await h.server
      .channel('messaging', 'fresh', { created_by_id: 'alice', members: ['alice', 'bob'] })
      .create();
    expect((await added).channel?.cid).toBe('messaging:fresh');
  });

  it('member.removed carries the removed user; they get removed_from_channel', async () => {
    const { alice, bob } = await twoWatchers();
    const toAlice = nextEvent(alice, 'member.removed');
    const toBob = nextEvent(bob, 'notification.removed_from_channel');
    await h.server.channel('messaging', 'general').removeMembers(['bob']);
    expect(await toAlice).toMatchObject({ user: { id: 'bob' }, member: { user_id: 'bob' } });
    expect(await toBob).toMatchObject({ cid: 'messaging:general' });
    expect(alice.activeChannels['messaging:general']?.state.members.bob).toBeUndefined();
  });

  it('channel.updated with the full channel', async () => {
    const { bob } = await twoWatchers();
    const updated = nextEvent(bob, 'channel.updated');
    await h.server.channel('messaging', 'general').updatePartial({ set: { name: 'news' } });
    expect(await updated).toMatchObject({ channel: { cid: 'messaging:general', name: 'news' } });
    expect(bob.activeChannels['messaging:general']?.data?.name).toBe('news');
  });

  it('channel.deleted to watchers', async () => {
    const { bob } = await twoWatchers();
    const deleted = nextEvent(bob, 'channel.deleted');
    await h.server.channel('messaging', 'general').delete();
    expect(await deleted).toMatchObject({
      cid: 'messaging:general',
      channel: { deleted_at: expect.any(String) },
    });
  });
});
