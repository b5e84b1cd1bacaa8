/** DeleteUser and QueryMembers, the server operations the reconciler uses. */
import { beforeEach, describe, expect, it } from 'vitest';
import { setUpStreamApp } from '../../../src/stream/set-up-app';
import { expectStreamError, rejection, useStreamEmulator } from './harness';

const h = useStreamEmulator();

beforeEach(async () => {
  await h.server.upsertUsers([{ id: 'ann' }, { id: 'ben' }, { id: 'cat' }, { id: 'dan' }]);
  await h.server
    .channel('messaging', 'club', { created_by_id: 'ann', members: ['ann', 'ben', 'cat'] })
    .create();
});

describe('DeleteUser', () => {
  it('hard delete removes the user, their memberships and their messages', async () => {
    const club = h.server.channel('messaging', 'club');
    const kept = await club.sendMessage({ text: 'stays', user_id: 'ann' });
    await club.sendMessage({ text: 'goes', user_id: 'ben' });

    const deleted = await h.server.deleteUser('ben', { hard_delete: true });
    expect(deleted.user.id).toBe('ben');
    expect(deleted.user.deleted_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const state = await h.inspect();
    expect(state.users.map((u) => u.id)).not.toContain('ben');
    expect(state.channels[0]?.members).toEqual(['ann', 'cat']);
    expect(state.messages.map((m) => m.id)).toEqual([kept.message.id]);

    await expectStreamError(
      h.server.deleteUser('ben', { hard_delete: true }),
      404,
      16,
      'DeleteUser failed with error: "user "ben" does not exist"',
    );
  });

  it('soft delete marks the user and keeps the membership; user tokens are refused', async () => {
    const soft = await h.server.deleteUser('cat', { mark_messages_deleted: true });
    expect(soft.user.deleted_at).toBeDefined();
    const state = await h.inspect();
    expect(state.users.map((u) => u.id)).toContain('cat');
    expect(state.channels[0]?.members).toContain('cat');

    const ann = await h.asUser('ann');
    const refused = await rejection(ann.deleteUser('dan'));
    expect(refused).toMatchObject({ status: 403, code: 17 });
    expect(refused.message).toContain(
      'DeleteUser failed with error: "DeleteUser is only available with server-side auth',
    );
    expect((await h.inspect()).users.map((u) => u.id)).toContain('dan');
  });

  it('soft delete with mark_messages_deleted shows their messages deleted; without, as written', async () => {
    const club = h.server.channel('messaging', 'club');
    const cats = await club.sendMessage({ text: 'by cat', user_id: 'cat' });
    const bens = await club.sendMessage({ text: 'by ben', user_id: 'ben' });
    const anns = await club.sendMessage({ text: 'by ann', user_id: 'ann' });
    await h.server.deleteUser('cat', { mark_messages_deleted: true });
    await h.server.deleteUser('ben', { mark_messages_deleted: false });
    const read = async (id: string) => (await h.server.getMessage(id)).message;
    expect(await read(cats.message.id)).toMatchObject({ type: 'deleted', text: '' });
    expect(await read(bens.message.id)).toMatchObject({ type: 'regular', text: 'by ben' });
    expect(await read(anns.message.id)).toMatchObject({ type: 'regular', text: 'by ann' });
  });
});

describe('Search', () => {
  it("finds one user's messages across the matching channels, paged with next", async () => {
    await h.server
      .channel('messaging', 'other', { created_by_id: 'ann', members: ['ann', 'dan'] })
      .create();
    const club = h.server.channel('messaging', 'club');
    const mine: string[] = [];
    for (let i = 0; i < 3; i++) {
      mine.push((await club.sendMessage({ text: `ann ${i}`, user_id: 'ann' })).message.id);
    }
    await club.sendMessage({ text: 'ben', user_id: 'ben' });
    const other = h.server.channel('messaging', 'other');
    mine.push((await other.sendMessage({ text: 'ann elsewhere', user_id: 'ann' })).message.id);
    const deleted = await club.sendMessage({ text: 'ann deleted', user_id: 'ann' });
    await h.server.deleteMessage(deleted.message.id);

    const filter = { members: { $in: ['ann'] } };
    const first = await h.server.search(
      filter,
      { 'user.id': 'ann' },
      { limit: 2, sort: [{ created_at: 1 }] },
    );
    expect(first.results.map((r) => r.message.id)).toEqual(mine.slice(0, 2));
    expect(first.next).toBeTruthy();
    const second = await h.server.search(
      filter,
      { 'user.id': 'ann' },
      { limit: 2, sort: [{ created_at: 1 }], next: first.next },
    );
    expect(second.results.map((r) => r.message.id)).toEqual(mine.slice(2));
    expect(second.next).toBeUndefined();
    // Only the channels the filter matches.
    const onlyOther = await h.server.search({ id: 'other' }, { 'user.id': 'ann' });
    expect(onlyOther.results.map((r) => r.message.text)).toEqual(['ann elsewhere']);
  });

  it('refuses an empty channel filter; a text query needs every word', async () => {
    await expect(h.server.search({}, { 'user.id': 'ann' })).rejects.toThrow(/filter_conditions/);
    const club = h.server.channel('messaging', 'club');
    await club.sendMessage({ text: 'Hello there world', user_id: 'ann' });
    await club.sendMessage({ text: 'hello alone', user_id: 'ben' });
    const found = await h.server.search({ id: 'club' }, 'WORLD hello');
    expect(found.results.map((r) => r.message.text)).toEqual(['Hello there world']);
  });

  it('searches only the channels a user token may read', async () => {
    await h.server.channel('messaging', 'club').sendMessage({ text: 'hello club', user_id: 'ann' });
    await h.server
      .channel('messaging', 'other', { created_by_id: 'ann', members: ['ann', 'dan'] })
      .create();
    await h.server.channel('messaging', 'other').sendMessage({ text: 'hello dan', user_id: 'ann' });
    const ben = await h.asUser('ben');
    const found = await ben.search({ members: { $in: ['ann'] } }, 'hello');
    expect(found.results.map((r) => r.message.text)).toEqual(['hello club']);
  });
});

describe('QueryMembers', () => {
  it('filters by user_id ($eq, $in), sorts by created_at, pages with limit/offset', async () => {
    const club = h.server.channel('messaging', 'club');
    const ids = async (...args: Parameters<typeof club.queryMembers>) =>
      (await club.queryMembers(...args)).members.map((m) => m.user_id);
    expect(await ids({})).toEqual(['ann', 'ben', 'cat']);
    expect(await ids({ user_id: { $in: ['cat', 'ann', 'dan'] } })).toEqual(['ann', 'cat']);
    expect(await ids({ user_id: { $eq: 'ben' } })).toEqual(['ben']);
    expect(await ids({}, { created_at: -1 })).toEqual(['cat', 'ben', 'ann']);
    expect(await ids({}, {}, { limit: 1, offset: 1 })).toEqual(['ben']);

    const [member] = (await club.queryMembers({ user_id: 'ann' })).members;
    expect(member).toMatchObject({ user_id: 'ann', channel_role: 'channel_member' });
    expect(member?.user?.id).toBe('ann');
  });

  it('answers Stream’s errors for a missing channel and unsupported filters', async () => {
    await expectStreamError(
      h.server.channel('messaging', 'nowhere').queryMembers({}),
      404,
      16,
      'QueryMembers failed with error: "Can\'t find channel with id messaging:nowhere"',
    );
    await expectStreamError(
      h.server.channel('messaging', 'club').queryMembers({ name: 'ann' }),
      400,
      4,
      'QueryMembers failed with error: "filter field name is not supported by the local Stream emulator"',
    );
  });

  it('user tokens need read-channel-members: members yes, others no (default and set-up grants)', async () => {
    for (const setUp of [false, true]) {
      if (setUp) await setUpStreamApp(h.config(true));
      const ben = await h.asUser('ben');
      const members = await ben.channel('messaging', 'club').queryMembers({});
      expect(members.members).toHaveLength(3);
      const dan = await h.asUser('dan');
      await expectStreamError(
        dan.channel('messaging', 'club').queryMembers({}),
        403,
        17,
        `QueryMembers failed with error: "User 'dan' with role 'user' is not allowed to perform action ReadChannelMembers in scope 'messaging'"`,
      );
    }
  });
});
