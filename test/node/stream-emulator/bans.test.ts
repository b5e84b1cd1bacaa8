/**
 * Bans as the API side uses them through the server SDK: a channel ban or an app-wide ban
 * refuses the user's own sends with Stream's wording until it is lifted or its `timeout`
 * (minutes) runs out; lifting a ban that does not exist succeeds; an upsert of the user keeps
 * the ban; a channel ban needs no membership. Time is moved with a faked `Date`, which the
 * emulator (same process) reads too.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectStreamError, field, useStreamEmulator } from './harness';

const h = useStreamEmulator();

const SUSPENDED =
  'SendMessage failed with error: "Sorry, you do not have access to this feature. Your account is currently suspended from chat."';

afterEach(() => {
  vi.useRealTimers();
});

/** Moves the clock `minutes` ahead of now (Date only: timers and sockets keep real time). */
function advance(minutes: number): void {
  const now = Date.now();
  vi.useFakeTimers({ toFake: ['Date'], now: now + minutes * 60_000 });
}

async function setUp() {
  await h.upsert('alice', 'bob', 'mod');
  await h.createChannel('general');
  const bob = (await h.asUser('bob')).channel('messaging', 'general');
  return { server: h.sdk.channel('messaging', 'general'), bob };
}

describe('channel bans', () => {
  it('refuse the banned user’s sends until the timeout runs out', async () => {
    const { server, bob } = await setUp();
    await server.banUser('bob', { timeout: 60, reason: 'spam', banned_by_id: 'mod' });
    await expectStreamError(bob.sendMessage({ text: 'hi' }), 403, 17, SUSPENDED);

    const state = await server.query({});
    const member = state.members.find((m) => m.user_id === 'bob');
    expect(member).toMatchObject({ banned: true, ban_expires: expect.any(String) });
    // Server-side sends in bob's name are not checked, as every server-side call.
    await expect(
      server.sendMessage({ text: 'by the backend', user_id: 'bob' }),
    ).resolves.toBeDefined();

    advance(59);
    await expectStreamError(bob.sendMessage({ text: 'still?' }), 403, 17, SUSPENDED);
    advance(61);
    await expect(bob.sendMessage({ text: 'back' })).resolves.toMatchObject({
      message: { text: 'back' },
    });
    const later = await server.query({});
    expect(later.members.find((m) => m.user_id === 'bob')?.banned).toBe(false);
  });

  it('last until lifted without a timeout; lifting a missing ban succeeds', async () => {
    const { server, bob } = await setUp();
    await expect(server.unbanUser('bob')).resolves.toBeDefined();
    await server.banUser('bob', { banned_by_id: 'mod' });
    advance(60 * 24 * 365);
    await expectStreamError(bob.sendMessage({ text: 'hi' }), 403, 17, SUSPENDED);
    await server.unbanUser('bob');
    await expect(bob.sendMessage({ text: 'hi' })).resolves.toBeDefined();
    await expect(server.unbanUser('bob')).resolves.toBeDefined();
  });

  it('apply to a user who is not a member yet, and only in that channel', async () => {
    const { server } = await setUp();
    await h.upsert('carol');
    await server.banUser('carol', { banned_by_id: 'mod' });
    await server.addMembers(['carol']);
    const carol = await h.asUser('carol');
    await expectStreamError(
      carol.channel('messaging', 'general').sendMessage({ text: 'hi' }),
      403,
      17,
      SUSPENDED,
    );
    await h.sdk
      .channel('messaging', 'other', { created_by_id: 'alice', members: ['alice', 'carol'] })
      .create();
    await expect(
      carol.channel('messaging', 'other').sendMessage({ text: 'hi' }),
    ).resolves.toBeDefined();
  });

  it('need ban-channel-member: a member may not ban, a channel moderator may', async () => {
    await setUp();
    // What channel.banUser sends, without the SDK's watch-first check.
    const bob = await h.asUser('bob');
    const inGeneral = { type: 'messaging', id: 'general' };
    await expect(bob.banUser('alice', inGeneral)).rejects.toMatchObject({ status: 403, code: 17 });
    await h.sdk.channel('messaging', 'general').addModerators(['bob']);
    await expect(bob.banUser('alice', { ...inGeneral, timeout: 5 })).resolves.toBeDefined();
  });
});

describe('app-wide bans', () => {
  it('refuse sends in every channel until the timeout; an upsert keeps them', async () => {
    const { bob } = await setUp();
    await h.sdk.banUser('bob', { timeout: 1, reason: 'abuse', banned_by_id: 'mod' });
    await h.upsert('bob');
    await expectStreamError(bob.sendMessage({ text: 'hi' }), 403, 17, SUSPENDED);
    const { users } = await h.sdk.queryUsers({ id: 'bob' });
    expect(users[0]).toMatchObject({ banned: true, ban_expires: expect.any(String) });
    expect((await h.sdk.queryUsers({ banned: true })).users.map((u) => u.id)).toEqual(['bob']);

    advance(2);
    await expect(bob.sendMessage({ text: 'back' })).resolves.toBeDefined();
    const after = await h.sdk.queryUsers({ id: 'bob' });
    expect(after.users[0]?.banned).toBe(false);
    expect(field(after.users[0], 'ban_expires')).toBeUndefined();
    expect((await h.sdk.queryUsers({ banned: true })).users).toEqual([]);
  });

  it('need ban-user (admin, moderator) with a user token', async () => {
    await h.upsert('alice', 'bob');
    await h.sdk.upsertUser({ id: 'mod', role: 'moderator' });
    const alice = await h.asUser('alice');
    await expect(alice.banUser('bob')).rejects.toMatchObject({ status: 403, code: 17 });
    const mod = await h.asUser('mod');
    await mod.banUser('bob', { timeout: 10 });
    await mod.unbanUser('bob');
    expect((await h.sdk.queryUsers({ id: 'bob' })).users[0]?.banned).toBe(false);
  });
});
