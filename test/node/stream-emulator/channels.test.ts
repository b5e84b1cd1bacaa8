import { beforeEach, describe, expect, it } from 'vitest';
import { DURATION, field, rejection, TIMESTAMP, useStreamEmulator } from './harness';

const h = useStreamEmulator();
const { raw, inspect, upsert, createChannel } = h;

describe('channels: create and read', () => {
  beforeEach(() => upsert('alice', 'bob', 'carol'));

  it('creates a channel with members, custom data and team; reads it back flattened', async () => {
    const { response } = await createChannel('general', {
      name: 'General',
      team: 'red',
      topic: { en: 'hello' },
    });
    expect(response.channel).toMatchObject({
      id: 'general',
      type: 'messaging',
      cid: 'messaging:general',
      name: 'General',
      team: 'red',
      member_count: 2,
      frozen: false,
      disabled: false,
    });
    expect(field(response.channel, 'topic')).toEqual({ en: 'hello' });
    expect(response.channel.created_by?.id).toBe('alice');
    expect(response.channel.config?.max_message_length).toBe(5000);
    expect(response.members.map((m) => [m.user_id, m.role, m.channel_role])).toEqual([
      ['alice', 'owner', 'channel_member'],
      ['bob', 'member', 'channel_member'],
    ]);
    expect(response.messages).toEqual([]);

    // Query channels returns the same channel with custom fields at the top level.
    const [found] = await h.sdkClient().queryChannels({ id: 'general' });
    expect(found?.data?.name).toBe('General');
    expect(field(found?.data, 'topic')).toEqual({ en: 'hello' });
    expect(field(found?.data, 'team')).toBe('red');

    const [inspected] = (await inspect('messaging:general')).channels;
    expect(inspected).toEqual({
      cid: 'messaging:general',
      type: 'messaging',
      id: 'general',
      team: 'red',
      data: { name: 'General', topic: { en: 'hello' } },
      created_by_id: 'alice',
      deleted_at: null,
      frozen: false,
      members: ['alice', 'bob'],
      message_count: 0,
    });
  });

  it('answers 201 with duration and rate-limit headers, and an existing channel is read as is', async () => {
    await createChannel('keep', { name: 'Original' });
    const again = await raw('POST', '/channels/messaging/keep/query', {
      body: { data: { created_by_id: 'bob', name: 'Overwritten?' }, state: true },
    });
    expect(again.status).toBe(201);
    expect(again.body.duration).toMatch(DURATION);
    expect(again.body.channel?.name).toBe('Original');
    expect(again.body.channel?.created_by?.id).toBe('alice');
    expect(again.headers.get('x-ratelimit-limit')).toBe('10000');
    expect(Number(again.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
  });

  it('requires created_by or created_by_id on creation', async () => {
    const error = await rejection(
      h.sdk.channel('messaging', 'orphan', { members: ['bob'] }).create(),
    );
    expect(error.code).toBe(4);
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      'StreamChat error code 4: GetOrCreateChannel failed with error: "either data.created_by or data.created_by_id must be provided when using server side auth."',
    );
    expect((await inspect()).channels).toEqual([]);
  });

  it('a created_by object creates its user implicitly', async () => {
    const data = { created_by: { id: 'newcomer', name: 'New' }, members: ['alice'] };
    const response = await h.sdk.channel('messaging', 'implicit', data).create();
    expect(response.channel.created_by?.id).toBe('newcomer');
    expect((await inspect()).users.map((u) => u.id)).toContain('newcomer');
  });

  it('refuses members that were never upserted', async () => {
    const error = await rejection(
      createChannel('ghosts', { members: ['alice', 'ghost', 'spook'] }),
    );
    expect(error.code).toBe(4);
    expect(error.message).toContain(
      "The following users are involved in channel create operation, but don't exist: [ghost spook]",
    );
  });

  it('validates channel ids: length, reserved "!", characters', async () => {
    const long = await rejection(createChannel('x'.repeat(65)));
    expect(long.code).toBe(4);
    expect(long.message).toContain('too long');
    // 64 characters is fine.
    await createChannel('y'.repeat(64));

    const bang = await rejection(createChannel('a!b'));
    expect(bang.code).toBe(4);
    expect(bang.message).toContain(
      `"Cannot create a channel with a '!' in the ID, this is a reserved character."`,
    );

    // The SDK refuses other characters locally, so send this one directly.
    const bad = await raw('POST', `/channels/messaging/${encodeURIComponent('a b')}/query`, {
      body: { data: { created_by_id: 'alice' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe(4);
    expect(bad.body.message).toContain('GetOrCreateChannel failed with error: "channel id "a b"');
  });

  it('creates distinct (member-based) channels once', async () => {
    const data = { created_by_id: 'alice', members: ['bob', 'alice'] };
    const first = await h.sdk.channel('messaging', data).create();
    expect(first.channel.id).toMatch(/^!members-[A-Za-z0-9_-]{43}$/);
    const second = await h
      .sdkClient()
      .channel('messaging', { created_by_id: 'alice', members: ['alice', 'bob'] })
      .create();
    expect(second.channel.id).toBe(first.channel.id);
    const one = await rejection(
      h
        .sdkClient()
        .channel('messaging', { created_by_id: 'alice', members: ['alice'] })
        .create(),
    );
    expect(one.message).toContain('When using member based IDs specify at least 2 members');
  });
});

describe('channels: updates and deletion', () => {
  beforeEach(() => upsert('alice', 'bob', 'carol'));

  it('updatePartial sets, unsets and refuses reserved fields', async () => {
    const { channel } = await createChannel('partial', { name: 'Before', color: 'red' });
    const updated = await channel.updatePartial({
      set: { name: 'After', 'meta.topic': 'news', team: 'blue' } as never,
      // The SDK's types only know declared custom fields.
      unset: ['color'] as never,
    });
    expect(updated.channel.name).toBe('After');
    expect(field(updated.channel, 'meta')).toEqual({ topic: 'news' });
    expect(field(updated.channel, 'color')).toBeUndefined();
    expect(field(updated.channel, 'team')).toBe('blue');
    expect(updated.members).toHaveLength(2);

    const reserved = await rejection(channel.updatePartial({ set: { created_at: 'x' } as never }));
    expect(reserved.status).toBe(403);
    expect(reserved.code).toBe(17);
    const [inspected] = (await inspect('messaging:partial')).channels;
    expect(inspected?.data).toEqual({ name: 'After', meta: { topic: 'news' } });
    expect(inspected?.team).toBe('blue');
  });

  it('update replaces all custom data and can post a system message', async () => {
    const { channel } = await createChannel('full', { name: 'Old', color: 'red', team: 'red' });
    const updated = await channel.update({ name: 'New' } as never, {
      text: 'renamed',
      user_id: 'alice',
    });
    expect(updated.channel.name).toBe('New');
    expect(field(updated.channel, 'color')).toBeUndefined();
    // Built-ins not sent stay as they were.
    expect(field(updated.channel, 'team')).toBe('red');
    expect(updated.message?.type).toBe('system');
    expect(updated.message?.text).toBe('renamed');
  });

  it('adds and removes members; unknown users are refused', async () => {
    const { channel } = await createChannel('team-room');
    const added = await channel.addMembers(['carol']);
    expect(added.members.map((m) => m.user_id)).toEqual(['alice', 'bob', 'carol']);
    expect(added.channel.member_count).toBe(3);

    const removed = await channel.removeMembers(['bob']);
    expect(removed.members.map((m) => m.user_id)).toEqual(['alice', 'carol']);

    const unknown = await rejection(channel.addMembers(['nobody']));
    expect(unknown.code).toBe(4);
    expect(unknown.message).toBe(
      `StreamChat error code 4: UpdateChannel failed with error: "The following users are involved in channel update operation, but don't exist: [nobody]. Please create the user objects before setting up the channel."`,
    );
    const [inspected] = (await inspect('messaging:team-room')).channels;
    expect(inspected?.members).toEqual(['alice', 'carol']);
  });

  it('soft delete hides the channel and its messages; recreating it starts empty', async () => {
    const { channel } = await createChannel('soft', { name: 'First life' });
    await channel.sendMessage({ id: 'old-1', text: 'before delete', user_id: 'alice' });
    const deleted = await channel.delete();
    expect(deleted.channel.deleted_at).toMatch(TIMESTAMP);

    expect(await h.sdk.queryChannelsRequest({ id: 'soft' })).toEqual([]);
    const send = await rejection(channel.sendMessage({ text: 'late', user_id: 'alice' }));
    expect(send.code).toBe(16);
    let [inspected] = (await inspect('messaging:soft')).channels;
    expect(inspected?.deleted_at).toMatch(TIMESTAMP);

    const recreated = await h
      .sdkClient()
      .channel('messaging', 'soft', { created_by_id: 'bob', members: ['bob'], name: 'Second life' })
      .create();
    expect(recreated.messages).toEqual([]);
    expect(recreated.channel.name).toBe('Second life');
    expect(recreated.channel.deleted_at).toBeUndefined();
    [inspected] = (await inspect('messaging:soft')).channels;
    expect(inspected).toMatchObject({ deleted_at: null, message_count: 0, members: ['bob'] });
    expect((await inspect()).messages).toEqual([
      expect.objectContaining({ id: 'old-1', hidden: true }),
    ]);
  });

  it('hard delete removes the channel and frees its message ids', async () => {
    const { channel } = await createChannel('hard');
    await channel.sendMessage({ id: 'hard-1', text: 'x', user_id: 'alice' });
    await channel.delete({ hard_delete: true });
    const state = await inspect();
    expect(state.channels).toEqual([]);
    expect(state.messages).toEqual([]);

    const { channel: next } = await createChannel('hard-2');
    const again = await next.sendMessage({ id: 'hard-1', text: 'y', user_id: 'alice' });
    expect(again.message.id).toBe('hard-1');
    const gone = await rejection(h.sdk.channel('messaging', 'hard').delete());
    expect(gone.status).toBe(404);
  });
});
