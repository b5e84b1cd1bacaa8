/**
 * QueryChannels through the SDK's Node server client: filters, sorts, paging, limits.
 */
import type { StreamChat } from 'stream-chat';
import { beforeEach, describe, expect, it } from 'vitest';
import { rejection, useStreamEmulator } from './harness';

const h = useStreamEmulator();
const { upsert, createChannel } = h;

describe('query channels', () => {
  beforeEach(async () => {
    await upsert('alice', 'bob', 'carol');
    await createChannel('c1', { team: 'red', kind: 'support', members: ['alice'] });
    await createChannel('c2', { team: 'blue', kind: 'support', members: ['alice', 'bob'] });
    await createChannel('c3', { team: 'red', kind: 'sales', members: ['bob', 'carol'] });
  });

  const ids = async (...args: Parameters<StreamChat['queryChannelsRequest']>) =>
    (await h.sdk.queryChannelsRequest(...args)).map((c) => c.channel.id);

  it('filters by type, id, cid, members, team, custom fields and $and', async () => {
    expect(await ids({ type: 'messaging' }, { created_at: 1 })).toEqual(['c1', 'c2', 'c3']);
    expect(await ids({ id: { $in: ['c1', 'c3', 'zz'] } }, { created_at: 1 })).toEqual(['c1', 'c3']);
    expect(await ids({ cid: 'messaging:c2' })).toEqual(['c2']);
    expect(await ids({ members: { $in: ['carol'] } })).toEqual(['c3']);
    expect(await ids({ members: { $in: ['alice'] } }, { created_at: 1 })).toEqual(['c1', 'c2']);
    expect(await ids({ team: 'red' }, { created_at: 1 })).toEqual(['c1', 'c3']);
    expect(await ids({ team: { $in: ['blue'] } })).toEqual(['c2']);
    expect(await ids({ kind: 'support' } as never, { created_at: -1 })).toEqual(['c2', 'c1']);
    expect(await ids({ $and: [{ team: 'red' }, { members: { $in: ['bob'] } }] } as never)).toEqual([
      'c3',
    ]);
    const unsupported = await rejection(
      h.sdk.queryChannelsRequest({ id: { $regex: 'c' } } as never),
    );
    expect(unsupported.code).toBe(4);
  });

  it('sorts by created_at and last_message_at, pages with limit/offset, returns message_limit messages', async () => {
    expect(await ids({}, { created_at: -1 })).toEqual(['c3', 'c2', 'c1']);
    await h.sdk.channel('messaging', 'c1').sendMessage({ text: 'one', user_id: 'alice' });
    await h.sdk.channel('messaging', 'c1').sendMessage({ text: 'two', user_id: 'alice' });
    await h.sdk.channel('messaging', 'c3').sendMessage({ text: 'three', user_id: 'bob' });
    // Channels with no messages come last.
    expect(await ids({}, { last_message_at: -1 })).toEqual(['c3', 'c1', 'c2']);
    expect(await ids({}, { created_at: 1 }, { limit: 2, offset: 1 })).toEqual(['c2', 'c3']);

    const [first] = await h.sdk.queryChannelsRequest({ id: 'c1' }, {}, { message_limit: 1 });
    expect(first?.messages.map((m) => m.text)).toEqual(['two']);
    const hydrated = await h.sdkClient().queryChannels({ id: 'c1' });
    expect(hydrated[0]?.state.messages.map((m) => m.text)).toEqual(['one', 'two']);
  });

  it('defaults to 10 channels and caps limit at 30', async () => {
    for (let i = 0; i < 30; i++) await createChannel(`bulk-${i}`);
    expect(await h.sdk.queryChannelsRequest({})).toHaveLength(10);
    expect(await h.sdk.queryChannelsRequest({}, {}, { limit: 100 })).toHaveLength(30);
    const bad = await rejection(h.sdk.queryChannelsRequest({}, {}, { member_limit: 101 }));
    expect(bad.message).toContain('"member_limit must be 100 or less"');
  });
});
