/**
 * Calls a moderator UI and a chat list make: truncate, hide/show, ban/unban, mute, and
 * queryUsers with multi-tenancy (user tokens see only users sharing a team).
 */
import { describe, expect, it } from 'vitest';
import { nextEvent, twoWatchers, useStreamEmulator } from './harness';

const h = useStreamEmulator();

describe('truncate', () => {
  it('hides earlier messages and tells watchers; only the channel owner may (user token)', async () => {
    const { aliceChannel, bobChannel, bob } = await twoWatchers(h);
    await aliceChannel.sendMessage({ text: 'old' });
    await expect(bobChannel.truncate()).rejects.toMatchObject({ code: 17 });
    const truncated = nextEvent(bob, 'channel.truncated');
    await aliceChannel.truncate({ message: { text: 'history cleared' } });
    expect(await truncated).toMatchObject({
      channel: { truncated_at: expect.any(String) },
      message: { text: 'history cleared', type: 'system' },
    });
    const state = await bob.channel('messaging', 'general').query({});
    expect(state.messages.map((m) => m.text)).toEqual(['history cleared']);
  });
});

describe('hide and show', () => {
  it('a hidden channel leaves the member query until a new message arrives', async () => {
    const { aliceChannel, bobChannel, bob } = await twoWatchers(h);
    await bobChannel.hide();
    expect(await bob.queryChannels({ members: { $in: ['bob'] } })).toHaveLength(0);
    const hidden = await bob.queryChannels({ members: { $in: ['bob'] }, hidden: true });
    expect(hidden.map((c) => c.cid)).toEqual(['messaging:general']);
    await aliceChannel.sendMessage({ text: 'come back' });
    expect(await bob.queryChannels({ members: { $in: ['bob'] } })).toHaveLength(1);
    await bobChannel.hide();
    await bobChannel.show();
    expect(await bob.queryChannels({ members: { $in: ['bob'] } })).toHaveLength(1);
  });
});

describe('ban and mute', () => {
  it('a channel moderator bans a member: user.banned to watchers, sends refused, unban restores', async () => {
    const { aliceChannel, bobChannel, alice } = await twoWatchers(h);
    await expect(bobChannel.banUser('alice', {})).rejects.toMatchObject({ code: 17 });
    await h.server.channel('messaging', 'general').addModerators(['alice']);
    const banned = nextEvent(alice, 'user.banned');
    await aliceChannel.banUser('bob', { reason: 'spam', timeout: 60 });
    expect(await banned).toMatchObject({
      user: { id: 'bob' },
      reason: 'spam',
      expiration: expect.any(String),
    });
    await expect(bobChannel.sendMessage({ text: 'let me in' })).rejects.toMatchObject({ code: 17 });
    const state = await aliceChannel.query({});
    expect(state.members.find((m) => m.user_id === 'bob')?.banned).toBe(true);
    await aliceChannel.unbanUser('bob');
    await expect(bobChannel.sendMessage({ text: 'back' })).resolves.toMatchObject({
      message: { text: 'back' },
    });
  });

  it('app-wide bans need an admin or moderator', async () => {
    const alice = await h.connect('alice');
    const mod = await h.connect('mod', { role: 'moderator' });
    await expect(alice.banUser('mod')).rejects.toMatchObject({ code: 17 });
    await mod.banUser('alice');
    const { users } = await h.server.queryUsers({ id: 'alice' });
    expect(users[0]?.banned).toBe(true);
  });

  it('mute: the response and notification.mutes_updated carry the mute', async () => {
    const alice = await h.connect('alice');
    await h.server.upsertUser({ id: 'noisy' });
    const updated = nextEvent(alice, 'notification.mutes_updated');
    const result = await alice.muteUser('noisy');
    expect(result.mute).toMatchObject({ user: { id: 'alice' }, target: { id: 'noisy' } });
    expect((await updated).me?.mutes).toEqual([
      expect.objectContaining({ target: expect.objectContaining({ id: 'noisy' }) }),
    ]);
    expect(alice.mutedUsers.map((m) => m.target.id)).toEqual(['noisy']);
    await alice.unmuteUser('noisy');
  });
});

describe('queryUsers', () => {
  it('user tokens see only users sharing a team in a multi-tenant app', async () => {
    await h.server.updateAppSettings({ multi_tenant_enabled: true });
    await h.server.upsertUsers([
      { id: 'red1', teams: ['red'] },
      { id: 'red2', teams: ['red', 'blue'] },
      { id: 'blue1', teams: ['blue'] },
    ]);
    const client = h.userClient();
    await client.connectUser({ id: 'red1' }, h.server.createToken('red1'));
    const { users } = await client.queryUsers({}, { id: 1 });
    expect(users.map((u) => u.id)).toEqual(['red1', 'red2']);
    const online = await client.queryUsers({ id: 'red1' });
    expect(online.users[0]?.online).toBe(true);
    const all = await h.server.queryUsers({}, { id: 1 });
    expect(all.users.map((u) => u.id)).toEqual(['blue1', 'red1', 'red2']);
  });

  it('user.presence.changed reaches a watcher when a member connects', async () => {
    const { aliceChannel } = await twoWatchers(h);
    const presence = nextEvent(
      aliceChannel.getClient(),
      'user.presence.changed',
      (e) => e.user?.id === 'carol',
    );
    await h.server.upsertUser({ id: 'carol' });
    await h.server.channel('messaging', 'general').addMembers(['carol']);
    await h.connect('carol');
    expect((await presence).user).toMatchObject({ id: 'carol', online: true });
  });
});

describe('flag', () => {
  it('flags a message or a user once per flagger; flagging users needs flag-user', async () => {
    await h.server.upsertUsers([{ id: 'alice' }, { id: 'bob' }]);
    const channel = h.server.channel('messaging', 'flags', {
      created_by_id: 'alice',
      members: ['alice', 'bob'],
    });
    await channel.create();
    const { message } = await channel.sendMessage({ text: 'spam', user_id: 'alice' });
    const bob = await h.asUser('bob');

    const flagged = await bob.flagMessage(message.id, { reason: 'spam' });
    expect(flagged.flag).toMatchObject({
      target_message_id: message.id,
      user: { id: 'bob' },
      reason: 'spam',
    });
    await expect(bob.flagMessage(message.id)).rejects.toMatchObject({ status: 400, code: 4 });
    const user = await h.server.flagUser('alice', { user_id: 'bob' });
    expect(user.flag).toMatchObject({ target_user: { id: 'alice' }, user: { id: 'bob' } });

    await h.server.updateAppSettings({ grants: { user: ['search-user', 'mute-user'] } });
    await expect(bob.flagUser('alice')).rejects.toMatchObject({ status: 403, code: 17 });
  });

  it('queryMessageFlags: newest first, by flagger or channel; users need read-flag-reports', async () => {
    await h.server.upsertUsers([{ id: 'alice' }, { id: 'bob' }, { id: 'carol' }]);
    const channel = h.server.channel('messaging', 'flag-query', {
      created_by_id: 'alice',
      members: ['alice', 'bob', 'carol'],
    });
    await channel.create();
    const first = await channel.sendMessage({ text: 'one', user_id: 'alice' });
    const second = await channel.sendMessage({ text: 'two', user_id: 'alice' });
    await h.server.flagMessage(first.message.id, { user_id: 'bob', reason: 'rude' });
    await h.server.flagMessage(second.message.id, { user_id: 'carol' });
    await h.server.flagMessage(second.message.id, { user_id: 'bob' });

    const byBob = await h.server.queryMessageFlags({ user_id: 'bob' });
    expect(byBob.flags?.map((f) => [f.message.id, f.user.id])).toEqual([
      [second.message.id, 'bob'],
      [first.message.id, 'bob'],
    ]);
    const inChannel = await h.server.queryMessageFlags(
      { channel_cid: 'messaging:flag-query' },
      { limit: 2 },
    );
    expect(inChannel.flags).toHaveLength(2);
    const none = await h.server.queryMessageFlags({ channel_cid: 'messaging:elsewhere' });
    expect(none.flags).toEqual([]);

    const bob = await h.asUser('bob');
    await expect(bob.queryMessageFlags({ user_id: 'bob' })).rejects.toMatchObject({
      status: 403,
      code: 17,
    });
  });
});
