/**
 * Webhooks from the emulator as Stream sends them: signed (the SDK's own verifyWebhook
 * accepts them), optionally gzip'd, only for subscribed event types, retried with the same
 * X-Webhook-Id on 5xx / timeouts / network errors, never on other 4xx, and never holding up
 * the API call that caused the event. Timing is shortened through the emulator's options.
 */
import { createServer } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { StreamChat } from 'stream-chat';
import { describe, expect, it } from 'vitest';
import { type HookOptions, startStreamEmulator } from '../../../local/stream/server';
import type { DeliveryEntry } from '../../../local/stream/webhooks/delivery';
import { EVENT_WAIT_MS, KEY, type Loose, SECRET, TIMESTAMP, useStreamEmulator } from './harness';
import { gate, useHookServer } from './hook-server';

// Stream's 6 s per attempt (a held answer stays pending), short waits between attempts.
const h = useStreamEmulator({ hooks: { webhookBackoffMs: [30, 60] } });
const target = useHookServer();

async function deliveries(eventType?: string, url = h.emulator.url): Promise<DeliveryEntry[]> {
  const query = eventType ? `?event_type=${eventType}` : '';
  const response = await fetch(`${url}/__control/webhooks${query}`);
  return ((await response.json()) as { deliveries: DeliveryEntry[] }).deliveries;
}

/** Polls the record until the newest `eventType` delivery has finished (not pending). */
async function finished(eventType: string, url = h.emulator.url): Promise<DeliveryEntry> {
  const deadline = Date.now() + EVENT_WAIT_MS;
  for (;;) {
    const [entry] = await deliveries(eventType, url);
    if (entry && entry.outcome !== 'pending') return entry;
    if (Date.now() > deadline) throw new Error(`no finished ${eventType} delivery`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function subscribe(events: string[], extra: Record<string, unknown> = {}) {
  await h.sdk.updateAppSettings({
    webhook_url: `${target.url}/hook`,
    webhook_events: events,
    ...extra,
  });
}

function json(body: Buffer): Loose {
  return JSON.parse(body.toString('utf8')) as Loose;
}

/** The user ids of a payload's `members`. */
function memberIds(event: Loose): string[] {
  return (event.members as unknown as { user_id: string }[]).map((m) => m.user_id);
}

describe('webhook delivery', () => {
  it('signs message.new so that the SDK verifies it, with Stream headers and payload', async () => {
    await h.upsert('alice', 'bob');
    await h.createChannel('general', { name: 'General', description: 'all of us' });
    await subscribe(['message.new']);
    const alice = await h.asUser('alice');
    const sent = await alice.channel('messaging', 'general').sendMessage({ text: 'hello' });

    const [request] = await target.received(1);
    expect(request?.path).toBe('/hook');
    const { headers, body } = request as NonNullable<typeof request>;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['content-encoding']).toBeUndefined();
    expect(headers['x-api-key']).toBe(KEY);
    expect(headers['x-webhook-attempt']).toBe('1');
    expect(headers['x-webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
    const signature = String(headers['x-signature']);
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(h.sdk.verifyWebhook(body, signature)).toBe(true);
    expect(h.sdk.verifyWebhook(Buffer.from(`${body} `), signature)).toBe(false);
    expect(h.sdkClient({ secret: 'another-secret' }).verifyWebhook(body, signature)).toBe(false);

    const event = json(body);
    expect(event).toMatchObject({
      type: 'message.new',
      cid: 'messaging:general',
      channel_id: 'general',
      channel_type: 'messaging',
      channel_member_count: 2,
      message_id: sent.message.id,
      message: { id: sent.message.id, text: 'hello', user: { id: 'alice', name: 'ALICE' } },
      user: { id: 'alice', name: 'ALICE', role: 'user', teams: [] },
      request_info: { type: 'client' },
      channel: {
        id: 'general',
        type: 'messaging',
        cid: 'messaging:general',
        name: 'General',
        description: 'all of us',
        frozen: false,
        member_count: 2,
        created_by: { id: 'alice' },
      },
    });
    expect(event.created_at).toMatch(TIMESTAMP);
    expect(event.team).toBeUndefined();
    expect(memberIds(event)).toEqual(['alice', 'bob']);
    expect(event.members?.[1]?.user).toMatchObject({ id: 'bob', channel_unread_count: 1 });
  });

  it('names the team and custom channel data, and says server for server-side calls', async () => {
    await h.sdk.updateAppSettings({ multi_tenant_enabled: true });
    await h.sdk.upsertUsers([
      { id: 'ann', teams: ['red'] },
      { id: 'ben', teams: ['red'] },
    ]);
    const channel = h.sdk.channel('messaging', 'red-room', {
      created_by_id: 'ann',
      members: ['ann'],
      team: 'red',
      tenant_id: 'red',
      name: 'Red room',
    } as Record<string, unknown>);
    await channel.create();
    await subscribe(['member.added', 'member.removed']);
    await channel.addMembers(['ben']);
    await channel.removeMembers(['ben']);

    const [added, removed] = (await target.received(2)).map((request) => json(request.body));
    expect(added).toMatchObject({
      type: 'member.added',
      cid: 'messaging:red-room',
      team: 'red',
      channel: { team: 'red', tenant_id: 'red', name: 'Red room', member_count: 2 },
      member: {
        user_id: 'ben',
        channel_role: 'channel_member',
        user: { id: 'ben', teams: ['red'] },
      },
      user: { id: 'ben' },
      request_info: { type: 'server' },
    });
    expect(removed).toMatchObject({
      type: 'member.removed',
      team: 'red',
      member: { user_id: 'ben' },
      user: { id: 'ben' },
      channel: { member_count: 1 },
    });
    expect((await deliveries()).map((d) => d.event_type)).toEqual([
      'member.removed',
      'member.added',
    ]);
  });

  it('leaves out unsubscribed event types; empty webhook_events means all', async () => {
    await h.upsert('alice', 'bob');
    await subscribe(['channel.updated']);
    const { channel } = await h.createChannel('quiet');
    await channel.sendMessage({ text: 'not delivered', user_id: 'alice' });
    await channel.updatePartial({ set: { name: 'News' } });
    expect((await deliveries()).map((d) => d.event_type)).toEqual(['channel.updated']);

    await subscribe([]);
    await channel.sendMessage({ text: 'delivered', user_id: 'alice' });
    expect((await deliveries()).map((d) => d.event_type)).toEqual([
      'message.new',
      'channel.updated',
    ]);
  });

  it('gzips the body when compression is on; the signature is over the plain JSON', async () => {
    await h.upsert('alice', 'bob');
    await subscribe(['channel.created'], { enable_hook_payload_compression: true });
    await h.createChannel('zipped');

    const [request] = await target.received(1);
    const { headers, body } = request as NonNullable<typeof request>;
    expect(headers['content-encoding']).toBe('gzip');
    expect([...body.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const plain = gunzipSync(body);
    expect(h.sdk.verifyWebhook(plain, String(headers['x-signature']))).toBe(true);
    expect(h.sdk.verifyWebhook(body, String(headers['x-signature']))).toBe(false);
    const event = h.sdk.verifyAndParseWebhook(body, String(headers['x-signature']));
    expect(event).toMatchObject({ type: 'channel.created', cid: 'messaging:zipped' });
    expect(json(plain).user).toMatchObject({ id: 'alice' });
  });

  it('retries a 500 with the same id: 500 then 200 is two attempts', async () => {
    target.answer = (_request, n) => ({ status: n === 0 ? 500 : 200 });
    await h.upsert('alice', 'bob');
    await subscribe(['channel.created']);
    await h.createChannel('flaky');

    const entry = await finished('channel.created');
    expect(entry.outcome).toBe('delivered');
    expect(entry.attempts.map((a) => a.status)).toEqual([500, 200]);
    const requests = await target.received(2);
    expect(requests.map((r) => r.headers['x-webhook-attempt'])).toEqual(['1', '2']);
    expect(requests.map((r) => r.headers['x-webhook-id'])).toEqual([entry.id, entry.id]);
    expect(requests[0]?.body.equals(requests[1]?.body as Buffer)).toBe(true);
  });

  it('gives up after 3 attempts of 503 and does not retry a 400', async () => {
    await h.upsert('alice', 'bob');
    await subscribe(['channel.created', 'channel.updated']);
    target.answer = () => ({ status: 503 });
    const { channel } = await h.createChannel('down');
    const down = await finished('channel.created');
    expect(down.outcome).toBe('failed');
    expect(down.attempts.map((a) => a.status)).toEqual([503, 503, 503]);

    target.answer = () => ({ status: 400 });
    await channel.updatePartial({ set: { name: 'X' } });
    const refused = await finished('channel.updated');
    expect(refused.outcome).toBe('failed');
    expect(refused.attempts.map((a) => a.status)).toEqual([400]);
    expect(target.requests).toHaveLength(4);
  });

  /** A channel created on an emulator of its own whose webhook target never answers. */
  async function hangingDelivery(hooks: HookOptions): Promise<DeliveryEntry> {
    target.answer = () => 'hang';
    const emulator = await startStreamEmulator({ apiKey: KEY, apiSecret: SECRET, hooks });
    try {
      const sdk = new StreamChat(KEY, SECRET, { baseURL: emulator.url });
      await sdk.upsertUsers([{ id: 'alice' }]);
      await sdk.updateAppSettings({ webhook_url: `${target.url}/hook` });
      await sdk.channel('messaging', 'hanging', { created_by_id: 'alice' }).create();
      return await finished('channel.created', emulator.url);
    } finally {
      await emulator.close();
    }
  }

  it('times out a hanging target on every attempt: 3 attempts', async () => {
    const entry = await hangingDelivery({ webhookAttemptTimeoutMs: 200, webhookBackoffMs: [20] });
    expect(entry.outcome).toBe('failed');
    expect(entry.attempts.map((a) => a.error)).toEqual(['timeout', 'timeout', 'timeout']);
    for (const attempt of entry.attempts) {
      expect(attempt.duration_ms).toBeGreaterThanOrEqual(195);
    }
    expect(target.requests.map((r) => r.headers['x-webhook-id'])).toEqual([
      entry.id,
      entry.id,
      entry.id,
    ]);
  });

  it('starts no attempt after the total time budget', async () => {
    const entry = await hangingDelivery({
      webhookAttemptTimeoutMs: 200,
      webhookTotalTimeoutMs: 300,
      webhookBackoffMs: [20],
    });
    expect(entry.outcome).toBe('failed');
    expect(entry.attempts.length).toBeLessThan(3);
    expect(entry.attempts.every((a) => a.error === 'timeout')).toBe(true);
  });

  it('tries twice after network errors', async () => {
    const closed = createServer();
    const port = await new Promise<number>((resolve) =>
      closed.listen(0, '127.0.0.1', () => resolve((closed.address() as { port: number }).port)),
    );
    await new Promise((resolve) => closed.close(resolve));
    await h.upsert('alice', 'bob');
    await h.sdk.updateAppSettings({ webhook_url: `http://127.0.0.1:${port}/gone` });
    await h.createChannel('unreachable');

    const entry = await finished('channel.created');
    expect(entry.outcome).toBe('failed');
    expect(entry.attempts.map((a) => a.error)).toEqual(['network', 'network']);
  });

  it('answers the API call before the delivery finishes', async () => {
    const slow = gate();
    target.answer = async () => {
      await slow.wait;
      return { status: 200 };
    };
    await h.upsert('alice', 'bob');
    await subscribe(['message.new']);
    const { channel } = await h.createChannel('busy');
    const sent = await channel.sendMessage({ text: 'now', user_id: 'alice' });
    expect(sent.message.text).toBe('now');
    await target.received(1);
    expect((await deliveries('message.new'))[0]?.outcome).toBe('pending');

    slow.release();
    expect((await finished('message.new')).outcome).toBe('delivered');
  });

  it("keeps a channel's events in order while the target is slow", async () => {
    const first = gate();
    target.answer = async (_request, n) => {
      if (n === 0) await first.wait;
      return { status: 200 };
    };
    await h.upsert('alice', 'bob');
    await subscribe(['message.new']);
    const { channel } = await h.createChannel('ordered');
    for (const text of ['one', 'two', 'three'])
      await channel.sendMessage({ text, user_id: 'alice' });
    await target.received(1);
    expect(target.requests).toHaveLength(1);
    first.release();
    const texts = (await target.received(3)).map((r) => json(r.body).message?.text);
    expect(texts).toEqual(['one', 'two', 'three']);
  });
});

describe('webhook payloads', () => {
  it('carries what each event type needs', async () => {
    await h.upsert('alice', 'bob', 'carl');
    await subscribe([]);
    const { channel } = await h.createChannel('payloads');
    const { message } = await channel.sendMessage({ text: 'first', user_id: 'alice' });
    await h.sdk.updateMessage({ id: message.id, text: 'edited' }, 'alice');
    const bob = await h.asUser('bob');
    await bob.channel('messaging', 'payloads').sendReaction(message.id, { type: 'like' });
    await bob.flagMessage(message.id, { reason: 'rude' });
    await h.sdk.flagUser('carl', { user_id: 'alice', reason: 'spam' });
    await h.sdk.deleteMessage(message.id, true);
    await channel.addModerators(['bob']);
    await h.sdk.banUser('carl', { banned_by_id: 'alice', reason: 'spam' });
    await h.sdk.upsertUser({ id: 'carl', name: 'Carl', favourite: 'tea' } as { id: string });
    await h.sdk.deleteUser('carl', { mark_messages_deleted: true });
    await channel.delete();

    const byType = new Map((await deliveries()).map((d) => [d.event_type, d.payload]));
    expect([...byType.keys()].sort()).toEqual(
      [
        'channel.created',
        'channel.deleted',
        'channel.updated',
        'member.updated',
        'message.deleted',
        'message.flagged',
        'message.new',
        'message.updated',
        'reaction.new',
        'user.banned',
        'user.deleted',
        'user.flagged',
        'user.updated',
      ].sort(),
    );
    expect(byType.get('channel.created')).toMatchObject({
      user: { id: 'alice' },
      channel: { cid: 'messaging:payloads', member_count: 2 },
      request_info: { type: 'server' },
    });
    expect(byType.get('message.updated')).toMatchObject({
      message: { id: message.id, text: 'edited' },
      user: { id: 'alice' },
    });
    expect(byType.get('reaction.new')).toMatchObject({
      reaction: { type: 'like', user_id: 'bob' },
      message: { id: message.id },
      user: { id: 'bob' },
      request_info: { type: 'client' },
    });
    expect(byType.get('message.flagged')).toMatchObject({
      message: { id: message.id, user: { id: 'alice' } },
      user: { id: 'bob' },
      total_flags: 1,
      reason: 'rude',
      request_info: { type: 'client' },
    });
    expect(byType.get('user.flagged')).toMatchObject({
      user: { id: 'alice' },
      target_user: { id: 'carl' },
      total_flags: 1,
      reason: 'spam',
    });
    expect(byType.get('message.deleted')).toMatchObject({
      hard_delete: true,
      message: { id: message.id, type: 'deleted' },
    });
    expect(byType.get('member.updated')).toMatchObject({
      member: { user_id: 'bob', channel_role: 'channel_moderator' },
      user: { id: 'bob' },
    });
    expect(byType.get('user.banned')).toMatchObject({
      user: { id: 'carl' },
      created_by: { id: 'alice' },
      reason: 'spam',
    });
    expect(byType.get('user.updated')).toMatchObject({
      user: { id: 'carl', name: 'Carl', favourite: 'tea', role: 'user', teams: [] },
    });
    expect(byType.get('user.deleted')).toMatchObject({
      user: { id: 'carl' },
      hard_delete: false,
      delete_user: 'soft',
      mark_messages_deleted: true,
    });
    expect(byType.get('channel.deleted')).toMatchObject({
      cid: 'messaging:payloads',
      channel: { deleted_at: expect.stringMatching(TIMESTAMP) },
    });
  });
});

describe('webhook settings', () => {
  it('event_hooks replace the list; only enabled hooks subscribed to the type get it', async () => {
    await h.upsert('alice', 'bob', 'carl');
    await h.sdk.updateAppSettings({
      event_hooks: [
        {
          hook_type: 'webhook',
          enabled: true,
          webhook_url: `${target.url}/members`,
          event_types: ['member.added'],
        },
        { hook_type: 'webhook', enabled: false, webhook_url: `${target.url}/off`, event_types: [] },
      ],
    });
    const hooks = (await h.sdk.getAppSettings()).app?.event_hooks ?? [];
    expect(hooks.map((hook) => [hook.webhook_url, hook.enabled])).toEqual([
      [`${target.url}/members`, true],
      [`${target.url}/off`, false],
    ]);
    expect(hooks[0]?.id).toMatch(/^[0-9a-f-]{36}$/);

    const { channel } = await h.createChannel('hooked');
    await channel.addMembers(['carl']);
    const [request] = await target.received(1);
    expect(request?.path).toBe('/members');
    expect(json(request?.body as Buffer)).toMatchObject({
      type: 'member.added',
      member: { user_id: 'carl' },
    });
    expect((await deliveries()).map((d) => [d.event_type, d.hook])).toEqual([
      ['member.added', hooks[0]?.id],
    ]);

    await h.sdk.updateAppSettings({ event_hooks: [] });
    expect((await h.sdk.getAppSettings()).app?.event_hooks).toEqual([]);
  });

  it('stores and shows the hook settings; refuses out-of-range timeouts and other hook types', async () => {
    await h.sdk.updateAppSettings({
      webhook_url: 'http://127.0.0.1:1/hook',
      webhook_events: ['message.new'],
      before_message_send_hook_url: 'http://127.0.0.1:1/before',
      before_message_send_hook_attempt_timeout_ms: 2000,
      webhook_compression_algorithm: 'gzip',
    } as Record<string, unknown>);
    const { app } = await h.sdk.getAppSettings();
    expect(app).toMatchObject({
      webhook_url: 'http://127.0.0.1:1/hook',
      webhook_events: ['message.new'],
      before_message_send_hook_url: 'http://127.0.0.1:1/before',
      before_message_send_hook_attempt_timeout_ms: 2000,
      enable_hook_payload_compression: true,
      webhook_compression_algorithm: 'gzip',
    });

    for (const [body, message] of [
      [{ before_message_send_hook_attempt_timeout_ms: 5001 }, 'between 0 and 5000'],
      [{ before_message_send_hook_attempt_timeout_ms: -1 }, 'between 0 and 5000'],
      [{ event_hooks: [{ hook_type: 'sqs', enabled: true }] }, 'not supported'],
      [{ webhook_url: 'not a url' }, 'must be a valid URL'],
    ] as const) {
      const refused = await h.raw('PATCH', '/app', { body });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe(4);
      expect(String(refused.body.message)).toContain(message);
    }
    expect((await h.sdk.getAppSettings()).app?.before_message_send_hook_attempt_timeout_ms).toBe(
      2000,
    );
  });
});
