/**
 * Mutes and blocks, a user's private lists: mutes (with a timeout) come back in the connect
 * payload's `me.mutes` until they expire; blocks in `me.blocked_user_ids`, which fills the SDK's
 * `client.blockedUsers`, and through getBlockedUsers, in Stream's shapes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectStreamError, field, TIMESTAMP, useStreamEmulator } from './harness';

const h = useStreamEmulator();

afterEach(() => {
  vi.useRealTimers();
});

describe('mutes', () => {
  it('come back in me.mutes until their timeout runs out', async () => {
    await h.upsert('alice', 'noisy', 'loud');
    await h.sdk.muteUser('noisy', 'alice', { timeout: 1 });
    await h.sdk.muteUser('loud', 'alice');
    const alice = await h.connect('alice');
    expect(alice.mutedUsers.map((m) => [m.target.id, Boolean(field(m, 'expires'))])).toEqual([
      ['noisy', true],
      ['loud', false],
    ]);

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2 * 60_000 });
    const later = await h.connect('alice');
    expect(later.mutedUsers.map((m) => m.target.id)).toEqual(['loud']);
    await h.sdk.unmuteUser('loud', 'alice');
    const unmuted = await h.connect('alice');
    expect(unmuted.mutedUsers).toEqual([]);
  });

  it('need mute-user (app scope) with a user token', async () => {
    await h.upsert('alice', 'noisy');
    const alice = await h.asUser('alice');
    await h.sdk.updateAppSettings({ grants: { user: ['search-user', 'flag-user'] } });
    await expectStreamError(
      alice.muteUser('noisy'),
      403,
      17,
      "MuteUser failed with error: \"User 'alice' with role 'user' is not allowed to perform action MuteUser in scope '.app'\"",
    );
  });
});

describe('blocks', () => {
  it('block, list, connect payload and unblock with a user token', async () => {
    await h.upsert('alice', 'bob');
    const alice = await h.asUser('alice');
    // The OpenAPI document's BlockUsersResponse (the SDK's type says `blocked_at`).
    const blocked = await alice.blockUser('bob');
    expect(blocked).toMatchObject({
      blocked_by_user_id: 'alice',
      blocked_user_id: 'bob',
      created_at: expect.stringMatching(TIMESTAMP),
    });
    const { blocks } = await alice.getBlockedUsers();
    expect(blocks).toEqual([
      {
        user_id: 'alice',
        user: expect.objectContaining({ id: 'alice' }),
        blocked_user_id: 'bob',
        blocked_user: expect.objectContaining({ id: 'bob' }),
        created_at: field(blocked, 'created_at'),
      },
    ]);

    const connected = await h.connect('alice');
    expect(connected.blockedUsers.getLatestValue().userIds).toEqual(['bob']);
    // Bob's own payload does not show whom others blocked.
    const bob = await h.connect('bob');
    expect(bob.blockedUsers.getLatestValue().userIds).toEqual([]);

    await alice.unBlockUser('bob');
    expect((await alice.getBlockedUsers()).blocks).toEqual([]);
    await expect(alice.unBlockUser('bob')).resolves.toBeDefined();
  });

  it('the server token names the blocker; bad targets are refused', async () => {
    await h.upsert('alice', 'bob');
    await h.sdk.blockUser('bob', 'alice');
    const { blocks } = await h.sdk.getBlockedUsers('alice');
    expect(blocks.map((b) => b.blocked_user_id)).toEqual(['bob']);

    await expectStreamError(
      h.sdk.blockUser('bob'),
      400,
      4,
      'BlockUsers failed with error: "user_id is required for server side blocks"',
    );
    await expectStreamError(
      h.sdk.blockUser('alice', 'alice'),
      400,
      4,
      'BlockUsers failed with error: "a user cannot block themselves"',
    );
    await expectStreamError(
      h.sdk.blockUser('ghost', 'alice'),
      404,
      16,
      'BlockUsers failed with error: "user "ghost" does not exist"',
    );
  });
});
