/**
 * The emulator's own surface: Stream's errors for unknown routes and bad JSON, the
 * `/__control` state and health, fault injection (status, latency, dropped connections)
 * and closing.
 */
import { StreamChat } from 'stream-chat';
import { beforeEach, describe, expect, it } from 'vitest';
import { startStreamEmulator } from '../../../local/stream/server';
import {
  DURATION,
  KEY,
  networkRejection,
  rejection,
  SECRET,
  TIMESTAMP,
  useStreamEmulator,
} from './harness';

const logLines: string[] = [];
const h = useStreamEmulator({ log: (line) => logLines.push(line) });
const { raw, inspect, upsert, createChannel } = h;

describe('errors and control surface', () => {
  it('unknown routes are not emulated (501 code 19); bad JSON is 400 code 4', async () => {
    const notFound = await raw('GET', '/no/such/route');
    expect(notFound.status).toBe(501);
    expect(notFound.body).toEqual({
      code: 19,
      message:
        'Request failed with error: "GET /no/such/route is not emulated by the local Stream emulator; see local/stream/README.md#not-emulated"',
      StatusCode: 501,
      duration: expect.stringMatching(DURATION),
      more_info: 'https://getstream.io/chat/docs/api_errors_response',
      details: [],
    });
    // A Stream operation the emulator does not serve is named.
    const polls = await raw('POST', '/polls', { body: {} });
    expect(polls.status).toBe(501);
    expect(polls.body.message).toBe(
      'CreatePoll failed with error: "CreatePoll (POST /polls) is not emulated by the local Stream emulator; see local/stream/README.md#not-emulated"',
    );
    const control = await raw('GET', '/__control/no-such-thing');
    expect(control.status).toBe(404);
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
    const health = await fetch(`${h.emulator.url}/__control/health`);
    expect(await health.json()).toEqual({ ok: true });
    await upsert('alice', 'bob');
    await createChannel('seen');
    await createChannel('unseen');
    await h.sdk.channel('messaging', 'seen').sendMessage({ id: 's1', text: 'hi', user_id: 'bob' });
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
        deleted_at: null,
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
    h.emulator.faults.add({ op: 'SendMessage', status: 503, count: 1 });
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
    expect(h.emulator.faults.list()).toEqual([]);
  });

  it('counted rules expire; rules can be set over HTTP with a code and message', async () => {
    h.emulator.faults.add({ op: 'UpdateUsers', status: 500, count: 2 });
    expect((await rejection(h.sdk.upsertUser({ id: 'a' }))).status).toBe(500);
    expect((await rejection(h.sdk.upsertUser({ id: 'a' }))).status).toBe(500);
    await h.sdk.upsertUser({ id: 'a' });

    const created = await fetch(`${h.emulator.url}/__control/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ op: 'GetApp', status: 429, message: 'Too many requests', count: 1 }),
    });
    expect(created.status).toBe(201);
    const limited = await rejection(h.sdk.getAppSettings());
    expect(limited.status).toBe(429);
    expect(limited.code).toBe(9);
    expect(limited.message).toContain('GetApp failed with error: "Too many requests"');
  });

  it('5 s of latency makes the SDK time out', async () => {
    h.emulator.faults.add({ op: 'QueryChannels', latencyMs: 5000, count: 1 });
    const slowClient = h.sdkClient({ timeout: 300 });
    const error = await networkRejection(slowClient.queryChannelsRequest({}));
    expect(error.code).toBe('ECONNABORTED');
    expect(error.message).toContain('timeout of 300ms exceeded');
    expect(error.response).toBeUndefined();
  });

  it('latency alone still applies the operation after the client gave up', async () => {
    const { channel } = await createChannel('slow');
    // Far apart, so the client has given up (and the test looked) long before the answer.
    h.emulator.faults.add({ op: 'SendMessage', latencyMs: 3000, count: 1 });
    const impatient = h.sdkClient({ timeout: 150 });
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
    h.emulator.faults.add({ op: 'SendMessage', drop: true, count: 1 });
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
