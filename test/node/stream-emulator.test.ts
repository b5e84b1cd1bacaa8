/**
 * The local Stream emulator driven by the real stream-chat SDK (Node CJS build), the way a
 * Node backend uses it: `new StreamChat(key, secret, { baseURL })`. Raw `fetch` is used only
 * for requests the SDK cannot make (bad credentials, malformed bodies, user tokens).
 */
import { sign } from 'hono/jwt';
import { type ErrorFromResponse, StreamChat } from 'stream-chat';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type StreamEmulator, startStreamEmulator } from '../../local/stream/server';

const KEY = 'emulator-key';
const SECRET = 'emulator-secret';
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const DURATION = /^\d+\.\d{2}ms$/;

let emulator: StreamEmulator;
let client: StreamChat;
const logLines: string[] = [];

function newClient(options: { key?: string; secret?: string; timeout?: number } = {}) {
  return new StreamChat(options.key ?? KEY, options.secret ?? SECRET, {
    baseURL: emulator.url,
    ...(options.timeout ? { timeout: options.timeout } : {}),
  });
}

beforeAll(async () => {
  emulator = await startStreamEmulator({
    apiKey: KEY,
    apiSecret: SECRET,
    log: (line) => logLines.push(line),
  });
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(async () => {
  emulator.faults.clear();
  const reset = await fetch(`${emulator.url}/__control/reset`, { method: 'POST' });
  expect(reset.status).toBe(200);
  // A fresh client per test: the SDK caches Channel objects (and their data) per client.
  client = newClient();
});

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** The SDK's error for a Stream error response (fails the test when the call succeeds). */
async function rejection(promise: Promise<unknown>): Promise<ErrorFromResponse<unknown>> {
  return (await caught(promise)) as ErrorFromResponse<unknown>;
}

/** Network-level failures (timeouts, dropped sockets) surface as raw axios errors. */
interface AxiosLikeError extends Error {
  code?: string;
  response?: unknown;
  isAxiosError?: boolean;
}

async function networkRejection(promise: Promise<unknown>): Promise<AxiosLikeError> {
  return (await caught(promise)) as AxiosLikeError;
}

/** A JSON body read loosely: assertions check the fields they care about. */
interface Loose {
  [key: string]: Loose;
}

/** Reads a (custom, flattened) field the SDK's types do not know about. */
function field(value: unknown, key: string): unknown {
  return (value as Record<string, unknown>)[key];
}

async function upsert(...ids: string[]) {
  await client.upsertUsers(ids.map((id) => ({ id, name: id.toUpperCase() })));
}

/** Creates a channel through the SDK with a creator and members. */
async function createChannel(id: string, extra: Record<string, unknown> = {}) {
  const data = { created_by_id: 'alice', members: ['alice', 'bob'], ...extra };
  const channel = client.channel('messaging', id, data);
  const response = await channel.create();
  return { channel, response };
}

interface RawOptions {
  body?: unknown;
  rawBody?: string;
  token?: string | null;
  apiKey?: string | null;
  authType?: string | null;
}

/** A request as the SDK would send it, with overridable credentials. */
async function raw(method: string, path: string, options: RawOptions = {}) {
  const token =
    options.token === undefined ? await sign({ server: true }, SECRET, 'HS256') : options.token;
  const url = new URL(`${emulator.url}${path}`);
  const apiKey = options.apiKey === undefined ? KEY : options.apiKey;
  if (apiKey !== null) url.searchParams.set('api_key', apiKey);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = token;
  const authType = options.authType === undefined ? 'jwt' : options.authType;
  if (authType !== null) headers['stream-auth-type'] = authType;
  const response = await fetch(url, {
    method,
    headers,
    ...(options.rawBody !== undefined
      ? { body: options.rawBody }
      : options.body !== undefined
        ? { body: JSON.stringify(options.body) }
        : {}),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Loose,
  };
}

interface InspectedState {
  users: { id: string; name?: string; [key: string]: unknown }[];
  channels: {
    cid: string;
    type: string;
    id: string;
    team: string | null;
    data: Record<string, unknown>;
    deleted_at: string | null;
    members: string[];
    message_count: number;
  }[];
  messages: { id: string; cid: string; user_id: string; text: string; hidden: boolean }[];
}

async function inspect(cid?: string): Promise<InspectedState> {
  const query = cid ? `?cid=${encodeURIComponent(cid)}` : '';
  const response = await fetch(`${emulator.url}/__control/state${query}`);
  return (await response.json()) as InspectedState;
}

describe('users', () => {
  it('upserts users with custom fields and replaces them on the next upsert', async () => {
    const first = await client.upsertUsers([
      { id: 'alice', name: 'Alice', role: 'admin', teams: ['red'], color: 'green' } as never,
    ]);
    const alice = first.users.alice;
    expect(alice).toMatchObject({
      id: 'alice',
      name: 'Alice',
      role: 'admin',
      teams: ['red'],
      color: 'green',
      banned: false,
    });
    expect(field(alice, 'created_at')).toMatch(TIMESTAMP);
    expect(field(first, 'duration')).toMatch(DURATION);

    // Full replace: the custom field not sent again is gone, role falls back to "user".
    const second = await client.upsertUser({ id: 'alice', name: 'Alice B' });
    expect(second.users.alice).toMatchObject({ name: 'Alice B', role: 'user', teams: [] });
    expect(field(second.users.alice, 'color')).toBeUndefined();
    expect(field(second.users.alice, 'created_at')).toBe(field(alice, 'created_at'));

    const state = await inspect();
    expect(state.users.map((u) => u.id)).toEqual(['alice']);
    expect(state.users[0]?.name).toBe('Alice B');
  });

  it('rejects invalid user ids with code 4 and writes nothing of the batch', async () => {
    const error = await rejection(
      client.upsertUsers([{ id: 'good' }, { id: 'bad id!' }, { id: 'x'.repeat(256) }]),
    );
    expect(error.code).toBe(4);
    expect(error.status).toBe(400);
    expect(error.message).toContain('UpdateUsers failed with error: "user.id "bad id!"');
    expect((await inspect()).users).toEqual([]);
  });
});

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
    const [found] = await newClient().queryChannels({ id: 'general' });
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
      client.channel('messaging', 'orphan', { members: ['bob'] }).create(),
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
    const response = await client.channel('messaging', 'implicit', data).create();
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
    const first = await client.channel('messaging', data).create();
    expect(first.channel.id).toMatch(/^!members-[A-Za-z0-9_-]{43}$/);
    const second = await newClient()
      .channel('messaging', { created_by_id: 'alice', members: ['alice', 'bob'] })
      .create();
    expect(second.channel.id).toBe(first.channel.id);
    const one = await rejection(
      newClient()
        .channel('messaging', { created_by_id: 'alice', members: ['alice'] })
        .create(),
    );
    expect(one.message).toContain('When using member based IDs specify at least 2 members');
  });
});

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
      client.channel('messaging', 'nowhere').sendMessage({ text: 'x', user_id: 'bob' }),
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

    expect(await client.queryChannelsRequest({ id: 'soft' })).toEqual([]);
    const send = await rejection(channel.sendMessage({ text: 'late', user_id: 'alice' }));
    expect(send.code).toBe(16);
    let [inspected] = (await inspect('messaging:soft')).channels;
    expect(inspected?.deleted_at).toMatch(TIMESTAMP);

    const recreated = await newClient()
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
    const gone = await rejection(client.channel('messaging', 'hard').delete());
    expect(gone.status).toBe(404);
  });
});

describe('query channels', () => {
  beforeEach(async () => {
    await upsert('alice', 'bob', 'carol');
    await createChannel('c1', { team: 'red', kind: 'support', members: ['alice'] });
    await createChannel('c2', { team: 'blue', kind: 'support', members: ['alice', 'bob'] });
    await createChannel('c3', { team: 'red', kind: 'sales', members: ['bob', 'carol'] });
  });

  const ids = async (...args: Parameters<StreamChat['queryChannelsRequest']>) =>
    (await client.queryChannelsRequest(...args)).map((c) => c.channel.id);

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
      client.queryChannelsRequest({ id: { $regex: 'c' } } as never),
    );
    expect(unsupported.code).toBe(4);
  });

  it('sorts by created_at and last_message_at, pages with limit/offset, returns message_limit messages', async () => {
    expect(await ids({}, { created_at: -1 })).toEqual(['c3', 'c2', 'c1']);
    await client.channel('messaging', 'c1').sendMessage({ text: 'one', user_id: 'alice' });
    await client.channel('messaging', 'c1').sendMessage({ text: 'two', user_id: 'alice' });
    await client.channel('messaging', 'c3').sendMessage({ text: 'three', user_id: 'bob' });
    // Channels with no messages come last.
    expect(await ids({}, { last_message_at: -1 })).toEqual(['c3', 'c1', 'c2']);
    expect(await ids({}, { created_at: 1 }, { limit: 2, offset: 1 })).toEqual(['c2', 'c3']);

    const [first] = await client.queryChannelsRequest({ id: 'c1' }, {}, { message_limit: 1 });
    expect(first?.messages.map((m) => m.text)).toEqual(['two']);
    const hydrated = await newClient().queryChannels({ id: 'c1' });
    expect(hydrated[0]?.state.messages.map((m) => m.text)).toEqual(['one', 'two']);
  });

  it('defaults to 10 channels and caps limit at 30', async () => {
    for (let i = 0; i < 30; i++) await createChannel(`bulk-${i}`);
    expect(await client.queryChannelsRequest({})).toHaveLength(10);
    expect(await client.queryChannelsRequest({}, {}, { limit: 100 })).toHaveLength(30);
    const bad = await rejection(client.queryChannelsRequest({}, {}, { member_limit: 101 }));
    expect(bad.message).toContain('"member_limit must be 100 or less"');
  });
});

describe('app settings', () => {
  it('reads and sets multi_tenant_enabled', async () => {
    const before = await client.getAppSettings();
    expect(before.app?.multi_tenant_enabled).toBe(false);
    await client.updateAppSettings({ multi_tenant_enabled: true });
    const after = await client.getAppSettings();
    expect(after.app?.multi_tenant_enabled).toBe(true);
    expect(after.app?.channel_configs?.messaging?.max_message_length).toBe(5000);
  });
});

describe('authentication', () => {
  beforeEach(() => upsert('alice', 'bob', 'carol'));

  it('wrong or missing api_key is 401 code 2', async () => {
    const wrong = await rejection(newClient({ key: 'not-the-key' }).getAppSettings());
    expect(wrong.status).toBe(401);
    expect(wrong.code).toBe(2);
    expect(wrong.message).toBe(
      'StreamChat error code 2: GetApp failed with error: "api_key is invalid"',
    );

    const missing = await raw('POST', '/users', { apiKey: null, body: { users: {} } });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({
      code: 2,
      message: 'UpdateUsers failed with error: "api_key not provided"',
      StatusCode: 401,
    });
  });

  it('a client with the wrong secret gets 401 code 5', async () => {
    const error = await rejection(newClient({ secret: 'wrong-secret' }).upsertUser({ id: 'x' }));
    expect(error.status).toBe(401);
    expect(error.code).toBe(5);
    expect(error.message).toBe(
      'StreamChat error code 5: UpdateUsers failed with error: "Token signature is invalid"',
    );
    expect((await inspect()).users.map((u) => u.id)).not.toContain('x');
  });

  it('requires stream-auth-type and a well-formed token', async () => {
    const noType = await raw('GET', '/app', { authType: null });
    expect(noType.status).toBe(401);
    expect(noType.body.message).toBe(
      'GetApp failed with error: "stream-auth-type missing or invalid"',
    );
    const noToken = await raw('GET', '/app', { token: null });
    expect(noToken.status).toBe(401);
    expect(noToken.body.code).toBe(5);
    const bearer = await raw('GET', '/app', {
      token: `Bearer ${await sign({ server: true }, SECRET, 'HS256')}`,
    });
    expect(bearer.status).toBe(401);
    expect(bearer.body.code).toBe(5);
    const garbage = await raw('GET', '/app', { token: 'not-a-jwt' });
    expect(garbage.body.message).toContain('token contains an invalid number of segments');
  });

  it('an expired token is 401 code 40', async () => {
    const expired = client.createToken('alice', Math.floor(Date.now() / 1000) - 60);
    const response = await raw('POST', '/channels', { token: expired, body: {} });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe(40);
    expect(response.body.message).toBe(
      'QueryChannels failed with error: "JWTAuth error: token is expired (exp)"',
    );
  });

  it('with default grants, user tokens read and write only channels they are members of', async () => {
    await createChannel('members-only', { members: ['alice', 'bob'] });
    const carol = client.createToken('carol');
    const bob = client.createToken('bob');
    const body = { data: {}, state: true };

    const outsider = await raw('POST', '/channels/messaging/members-only/query', {
      token: carol,
      body,
    });
    expect(outsider.status).toBe(403);
    expect(outsider.body.code).toBe(17);
    expect(outsider.body.message).toContain(
      "User 'carol' with role 'user' is not allowed to perform action ReadChannel in scope 'messaging'",
    );
    const member = await raw('POST', '/channels/messaging/members-only/query', {
      token: bob,
      body,
    });
    expect(member.status).toBe(201);
    expect(member.body.membership?.user_id).toBe('bob');

    const sent = await raw('POST', '/channels/messaging/members-only/message', {
      token: bob,
      body: { message: { text: 'from bob' } },
    });
    expect(sent.status).toBe(201);
    expect(sent.body.message?.user?.id).toBe('bob');
    const outsiderSend = await raw('POST', '/channels/messaging/members-only/message', {
      token: carol,
      body: { message: { text: 'intruder' } },
    });
    expect(outsiderSend.status).toBe(403);

    const listed = await raw('POST', '/channels', {
      token: carol,
      body: { filter_conditions: {} },
    });
    expect(listed.body.channels).toEqual([]);
    const notAllowed = await raw('POST', '/users', { token: bob, body: { users: {} } });
    expect(notAllowed.status).toBe(403);
    expect(notAllowed.body.code).toBe(17);
    // Creating channels and the rest of the grants model: stream-grants.test.ts.
  });

  it('with multi-tenancy on, user tokens also need the channel team among their teams', async () => {
    await client.upsertUsers([
      { id: 'red-user', teams: ['red'] },
      { id: 'blue-user', teams: ['blue'] },
    ]);
    await createChannel('red-room', { team: 'red', members: ['red-user', 'blue-user'] });
    const blue = client.createToken('blue-user');
    const body = { data: {}, state: true };

    // Multi-tenancy off: membership is enough.
    let read = await raw('POST', '/channels/messaging/red-room/query', { token: blue, body });
    expect(read.status).toBe(201);

    await client.updateAppSettings({ multi_tenant_enabled: true });
    read = await raw('POST', '/channels/messaging/red-room/query', { token: blue, body });
    expect(read.status).toBe(403);
    const listed = await raw('POST', '/channels', { token: blue, body: { filter_conditions: {} } });
    expect(listed.body.channels).toEqual([]);
    const red = client.createToken('red-user');
    const redList = await raw('POST', '/channels', { token: red, body: { filter_conditions: {} } });
    expect(redList.body.channels?.[0]?.channel?.cid).toBe('messaging:red-room');
    // Server-side requests are not team-restricted.
    expect(await client.queryChannelsRequest({})).toHaveLength(1);
  });
});

describe('errors and control surface', () => {
  it('unknown routes are 404 code 16; bad JSON is 400 code 4', async () => {
    const notFound = await raw('GET', '/no/such/route');
    expect(notFound.status).toBe(404);
    expect(notFound.body).toEqual({
      code: 16,
      message: 'Request failed with error: "Not Found"',
      StatusCode: 404,
      duration: expect.stringMatching(DURATION),
      more_info: 'https://getstream.io/chat/docs/api_errors_response',
      details: [],
    });
    const badJson = await raw('POST', '/users', { rawBody: '{"users": ' });
    expect(badJson.status).toBe(400);
    expect(badJson.body.code).toBe(4);
    expect(badJson.body.message).toMatch(/^UpdateUsers failed with error: "invalid JSON body/);
    const wrongType = await raw('POST', '/users', {
      body: { users: { a: { id: 'a', teams: 'red' } } },
    });
    expect(wrongType.body.code).toBe(4);
    expect(wrongType.body.message).toContain('"users.a.teams"');
  });

  it('health and state inspection', async () => {
    const health = await fetch(`${emulator.url}/__control/health`);
    expect(await health.json()).toEqual({ ok: true });
    await upsert('alice', 'bob');
    await createChannel('seen');
    await createChannel('unseen');
    await client.channel('messaging', 'seen').sendMessage({ id: 's1', text: 'hi', user_id: 'bob' });
    const state = await inspect('messaging:seen');
    expect(state.channels.map((c) => [c.cid, c.message_count])).toEqual([['messaging:seen', 1]]);
    expect(state.messages).toEqual([
      {
        id: 's1',
        cid: 'messaging:seen',
        user_id: 'bob',
        text: 'hi',
        type: 'regular',
        created_at: expect.stringMatching(TIMESTAMP),
        hidden: false,
      },
    ]);
    expect((await inspect()).channels).toHaveLength(2);
    expect(logLines.some((line) => line.includes('(SendMessage) -> 201'))).toBe(true);
  });
});

describe('fault injection', () => {
  beforeEach(() => upsert('alice', 'bob'));

  it('a 503 fault fails the SDK call and does not apply the operation', async () => {
    const { channel } = await createChannel('faulty');
    emulator.faults.add({ op: 'SendMessage', status: 503, count: 1 });
    const error = await rejection(channel.sendMessage({ id: 'f1', text: 'lost', user_id: 'bob' }));
    expect(error.status).toBe(503);
    expect(error.code).toBe(-1);
    expect(error.message).toBe(
      'StreamChat error code -1: SendMessage failed with error: "injected fault"',
    );
    expect((await inspect()).messages).toEqual([]);

    // The rule was for one call only: the retry goes through.
    const retry = await channel.sendMessage({ id: 'f1', text: 'lost', user_id: 'bob' });
    expect(retry.message.id).toBe('f1');
    expect(emulator.faults.list()).toEqual([]);
  });

  it('counted rules expire; rules can be set over HTTP with a code and message', async () => {
    emulator.faults.add({ op: 'UpdateUsers', status: 500, count: 2 });
    expect((await rejection(client.upsertUser({ id: 'a' }))).status).toBe(500);
    expect((await rejection(client.upsertUser({ id: 'a' }))).status).toBe(500);
    await client.upsertUser({ id: 'a' });

    const created = await fetch(`${emulator.url}/__control/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ op: 'GetApp', status: 429, message: 'Too many requests', count: 1 }),
    });
    expect(created.status).toBe(201);
    const limited = await rejection(client.getAppSettings());
    expect(limited.status).toBe(429);
    expect(limited.code).toBe(9);
    expect(limited.message).toContain('GetApp failed with error: "Too many requests"');
  });

  it('5 s of latency makes the SDK time out', async () => {
    emulator.faults.add({ op: 'QueryChannels', latencyMs: 5000, count: 1 });
    const slowClient = newClient({ timeout: 300 });
    const error = await networkRejection(slowClient.queryChannelsRequest({}));
    expect(error.code).toBe('ECONNABORTED');
    expect(error.message).toContain('timeout of 300ms exceeded');
    expect(error.response).toBeUndefined();
  });

  it('latency alone still applies the operation after the client gave up', async () => {
    const { channel } = await createChannel('slow');
    // Far apart, so the client has given up (and the test looked) long before the answer.
    emulator.faults.add({ op: 'SendMessage', latencyMs: 3000, count: 1 });
    const impatient = newClient({ timeout: 150 });
    await rejection(
      impatient.channel('messaging', 'slow').sendMessage({ id: 'late', text: 'x', user_id: 'bob' }),
    );
    expect((await inspect()).messages).toEqual([]);
    await expect.poll(async () => (await inspect()).messages.map((m) => m.id)).toEqual(['late']);
    // The caller's retry with the same id now learns it was delivered.
    const retry = await rejection(channel.sendMessage({ id: 'late', text: 'x', user_id: 'bob' }));
    expect(retry.message).toContain('already exists');
  });

  it('a dropped connection is a network error and nothing is applied', async () => {
    const { channel } = await createChannel('dropped');
    emulator.faults.add({ op: 'SendMessage', drop: true, count: 1 });
    const error = await networkRejection(
      channel.sendMessage({ id: 'd1', text: 'x', user_id: 'bob' }),
    );
    expect(error.isAxiosError).toBe(true);
    expect(error.response).toBeUndefined();
    expect(['ECONNRESET', 'ERR_NETWORK', 'ECONNABORTED']).toContain(error.code);
    expect((await inspect()).messages).toEqual([]);
  });
});

describe('lifecycle', () => {
  it('close() returns with connections open: an idle keep-alive one and a call still being answered', async () => {
    const second = await startStreamEmulator({ apiKey: KEY, apiSecret: SECRET, port: 0 });
    expect(second.url).toBe(`http://127.0.0.1:${second.port}`);
    // A client that waits longer than this test may run: only close() can end its call.
    const sdk = new StreamChat(KEY, SECRET, { baseURL: second.url, timeout: 60_000 });
    await sdk.upsertUser({ id: 'keepalive' });
    second.faults.add({ op: 'QueryChannels', latencyMs: 60_000, count: 1 });
    const call = sdk.queryChannelsRequest({}).then(
      () => 'answered',
      () => 'cut off',
    );
    // The rule is used up once the call has arrived and is waiting out its latency.
    await expect.poll(() => second.faults.list()).toEqual([]);
    await second.close();
    expect(await call).toBe('cut off');
    // Nothing listens any more.
    await expect(fetch(`${second.url}/__control/health`)).rejects.toThrow('fetch failed');
  });
});
