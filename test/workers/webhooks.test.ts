/**
 * Stream's requests to us: `POST /webhooks/stream` (verified, deduplicated, queued, and drift
 * repaired through the same markers and converge functions as every repair) and
 * `POST /webhooks/stream/before-send` (Stream's documented answer format). Requests are signed
 * here exactly as Stream signs them: lower-case hex HMAC-SHA256 of the uncompressed body with the
 * app's secret. The queue binding is recorded, and what it got is run by the real consumer.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { servicesFor } from '../../src/runtime/services';
import { signature } from '../../src/stream/webhooks';
import { BASE, callJson, freshIp } from '../api';
import { expectConverged, markersFor } from '../convergence';
import { createChannel, tenantWithRoles, unique } from '../fixtures';
import { captureLogs, type Logs } from '../logs';
import { recordingQueue, runRecorded, withQueue } from '../queue';
import {
  createRogueChannel,
  neonFaults,
  streamFaults,
  streamServer,
  streamState,
} from '../stand-ins';

const queue = recordingQueue();
const queued = queue.sent;

/** Refuses every send: the per-user limit, spent. */
const spentLimiter = { limit: async () => ({ success: false }) } as unknown as RateLimit;

const hookEnv = (extra: Partial<typeof env> = {}) => withQueue(queue, extra);

const encoder = new TextEncoder();

interface Delivery {
  body?: unknown;
  /** Raw bytes to send instead of JSON.stringify(body). */
  bytes?: Uint8Array;
  /** Sign these bytes instead of the body (a wrong signature). */
  signed?: Uint8Array;
  gzip?: boolean;
  headers?: Record<string, string>;
  id?: string;
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A request as Stream sends it, through the real Worker with these bindings. */
async function deliver(path: string, d: Delivery, bindings = hookEnv()) {
  const json = d.bytes ?? encoder.encode(JSON.stringify(d.body));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-api-key': env.STREAM_API_KEY,
    'x-signature': await signature(env.STREAM_API_SECRET, d.signed ?? json),
    'x-webhook-id': d.id ?? crypto.randomUUID(),
    'x-webhook-attempt': '1',
    'cf-connecting-ip': freshIp(),
    ...d.headers,
  };
  const body = d.gzip ? await gzip(json) : json;
  if (d.gzip) headers['content-encoding'] = 'gzip';
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}${path}`, { method: 'POST', headers, body }),
    bindings,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const webhook = (d: Delivery, bindings?: ReturnType<typeof hookEnv>) =>
  deliver('/webhooks/stream', d, bindings);

/** Runs what the webhook route queued, as the queue would. */
const drain = () => runRecorded(queue);

/** A member.added event as Stream sends it for a channel of ours. */
const memberAdded = (streamId: string, tenantId: string, userId: string) => ({
  type: 'member.added',
  cid: `messaging:${streamId}`,
  channel_type: 'messaging',
  channel_id: streamId,
  team: tenantId,
  member: { user_id: userId, channel_role: 'channel_member' },
  channel: { type: 'messaging', id: streamId, cid: `messaging:${streamId}`, tenant_id: tenantId },
  user: { id: userId },
  created_at: new Date().toISOString(),
});

async function streamMembers(streamId: string): Promise<string[]> {
  return (await streamState(`messaging:${streamId}`)).channels[0]?.members ?? [];
}

let logs: Logs;
beforeEach(() => {
  logs = captureLogs();
});

afterEach(async () => {
  queued.length = 0;
  await Promise.all([neonFaults.clear(), streamFaults.clear()]);
});

describe('POST /webhooks/stream: verification', () => {
  const event = { type: 'channel.updated', channel: { type: 'messaging', id: 'x' } };

  it('is 401 without a signature, with a wrong one, or with another app’s key; nothing is queued', async () => {
    const json = encoder.encode(JSON.stringify(event));
    const cases: Delivery[] = [
      { body: event, headers: { 'x-signature': '' } },
      { body: event, signed: encoder.encode(`${JSON.stringify(event)} `) },
      { body: event, headers: { 'x-signature': 'ab'.repeat(32) } },
      { body: event, headers: { 'x-signature': 'not hex' } },
      { bytes: json, headers: { 'x-api-key': 'another-app' } },
    ];
    for (const d of cases) {
      const res = await webhook(d);
      expect(res.status, JSON.stringify(d.headers)).toBe(401);
      expect(res.body.code).toBe('invalid_signature');
    }
    expect(queued).toEqual([]);
  });

  it('verifies a gzip body by its uncompressed bytes', async () => {
    const res = await webhook({ body: event, gzip: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(queued.map((m) => m.kind)).toEqual(['stream_event']);
    // Signed over the compressed bytes instead: refused.
    const json = encoder.encode(JSON.stringify(event));
    const wrong = await webhook({ bytes: json, gzip: true, signed: await gzip(json) });
    expect(wrong.status).toBe(401);
  });

  it('refuses a body over 1 MiB with 413, compressed or inflated', async () => {
    const big = { type: 'message.new', filler: 'x'.repeat(1024 * 1024) };
    expect((await webhook({ body: big })).status).toBe(413);
    // A small gzip body that inflates past the bound.
    expect((await webhook({ body: big, gzip: true })).status).toBe(413);
    expect(queued).toEqual([]);
  });

  it('is 400 for a verified body that is not an event', async () => {
    const res = await webhook({ body: { nothing: true } });
    expect(res.status).toBe(400);
  });

  it('answers at once and only logs an event type we do not act on', async () => {
    const res = await webhook({ body: { type: 'message.new', message: { id: 'm' } } });
    expect(res.status).toBe(200);
    expect(queued).toEqual([]);
  });
});

describe('POST /webhooks/stream: drift repaired from events', () => {
  it('a member added behind our back is removed when Stream reports it, with no sweep', async () => {
    const t = await tenantWithRoles();
    const ch = await createChannel(t.admin.token, `Hooked ${unique()}`);
    // Another backend adds a member our database does not have.
    await (await streamServer()).channel('messaging', ch.stream_id).addMembers([t.member.user.id]);
    expect(await streamMembers(ch.stream_id)).toContain(t.member.user.id);
    const res = await webhook({ body: memberAdded(ch.stream_id, t.tenant.id, t.member.user.id) });
    expect(res.status).toBe(200);
    await drain();
    expect(await streamMembers(ch.stream_id)).not.toContain(t.member.user.id);
    await expectConverged(t.tenant.id, [t.member.user.id]);
  });

  it('a replayed X-Webhook-Id has one effect', async () => {
    const t = await tenantWithRoles();
    const ch = await createChannel(t.admin.token, `Replay ${unique()}`);
    const client = await streamServer();
    await client.channel('messaging', ch.stream_id).addMembers([t.member.user.id]);
    const id = `replay-${unique()}`;
    const body = memberAdded(ch.stream_id, t.tenant.id, t.member.user.id);
    await webhook({ body, id });
    await drain();
    expect(await streamMembers(ch.stream_id)).not.toContain(t.member.user.id);
    // The same member added again out of band; Stream's retry of the first delivery changes nothing.
    await client.channel('messaging', ch.stream_id).addMembers([t.member.user.id]);
    await webhook({ body, id, headers: { 'x-webhook-attempt': '2' } });
    await drain();
    expect(await streamMembers(ch.stream_id)).toContain(t.member.user.id);
  });

  it('an event our own write caused changes nothing and costs no Stream call', async () => {
    const t = await tenantWithRoles();
    const ch = await createChannel(t.admin.token, `Ours ${unique()}`);
    await webhook({
      body: {
        type: 'channel.updated',
        channel: {
          type: 'messaging',
          id: ch.stream_id,
          tenant_id: t.tenant.id,
          team: t.tenant.id,
          name: ch.name,
          description: ch.description,
          frozen: false,
        },
      },
    });
    // Would fail the next Stream call, were one made.
    await streamFaults.inject({ op: '*', status: 500, code: -1, count: 1 });
    await drain();
    const { rules } = (await (
      await fetch(`${env.TEST_STREAM_CONTROL_URL}/__control/faults`)
    ).json()) as { rules: unknown[] };
    expect(rules).toHaveLength(1);
    expect(await markersFor(ch.stream_id)).toEqual([]);
  });

  it('a channel renamed behind our back gets our name back', async () => {
    const t = await tenantWithRoles();
    const ch = await createChannel(t.admin.token, `Named ${unique()}`);
    await (await streamServer())
      .channel('messaging', ch.stream_id)
      .updatePartial({ set: { name: 'Hijacked' } });
    await webhook({
      body: {
        type: 'channel.updated',
        channel: { type: 'messaging', id: ch.stream_id, tenant_id: t.tenant.id, name: 'Hijacked' },
      },
    });
    await drain();
    expect((await streamState(`messaging:${ch.stream_id}`)).channels[0]?.data.name).toBe(ch.name);
  });

  it('a tenant-tagged channel that no row owns, of any type, is deleted when Stream reports it', async () => {
    const t = await tenantWithRoles();
    const client = await streamServer();
    const rogue = [
      { type: 'messaging', id: `rogue-${unique()}` },
      { type: 'team', id: `rogue-${unique()}` },
    ];
    for (const { type, id } of rogue) {
      await createRogueChannel(client, { type, id }, t.tenant.id, t.member.user.id);
      await webhook({
        body: { type: 'channel.created', channel: { type, id, tenant_id: t.tenant.id } },
      });
    }
    await drain();
    const left = (await streamState()).channels.filter((c) => !c.deleted_at);
    for (const { type, id } of rogue) {
      expect(left.some((c) => c.type === type && c.id === id)).toBe(false);
    }
  });

  it('a user renamed behind our back gets our name back', async () => {
    const t = await tenantWithRoles();
    await (await streamServer()).partialUpdateUser({
      id: t.member.user.id,
      set: { name: 'Impostor' },
    });
    await webhook({
      body: {
        type: 'user.updated',
        user: { id: t.member.user.id, name: 'Impostor', role: 'user', teams: [t.tenant.id] },
      },
    });
    await drain();
    const user = (await streamState()).users.find((u) => u.id === t.member.user.id);
    expect(user?.name).toBe(t.member.user.name);
  });
});

describe('POST /webhooks/stream: flags raised in Stream', () => {
  const flagged = (
    streamId: string,
    message: { id: string; text: string },
    by: string,
    author: string,
  ) => ({
    type: 'message.flagged',
    cid: `messaging:${streamId}`,
    channel_type: 'messaging',
    channel_id: streamId,
    message: { ...message, user: { id: author } },
    user: { id: by },
    reason: 'offensive',
    total_flags: 1,
    created_at: new Date().toISOString(),
  });

  it('a member’s flag lands in the moderators’ queue once; a stranger’s does not; our own mirror is not a second report', async () => {
    const [t, other] = await Promise.all([tenantWithRoles(), tenantWithRoles()]);
    const ch = await createChannel(t.admin.token, `Flags ${unique()}`);
    const sent = await callJson<{ message: { id: string; text: string } }>('/messages', {
      token: t.moderator.token,
      body: { stream_id: ch.stream_id, text: 'flag me' },
    });
    const id = crypto.randomUUID();
    const event = flagged(ch.stream_id, sent.body.message, t.member.user.id, t.moderator.user.id);
    for (let i = 0; i < 2; i++) expect((await webhook({ body: event, id })).status).toBe(200);
    await webhook({
      body: flagged(ch.stream_id, sent.body.message, other.member.user.id, t.moderator.user.id),
    });
    await drain();
    const queueOf = async () =>
      (
        await callJson<{
          reports: Array<{ source: string; reporter: { id: string }; reason: string }>;
        }>('/moderation/reports', { token: t.admin.token })
      ).body.reports;
    expect(await queueOf()).toEqual([
      expect.objectContaining({
        source: 'stream_flag',
        reason: 'offensive',
        reporter: expect.objectContaining({ id: t.member.user.id }),
        message: expect.objectContaining({ id: sent.body.message.id, text: 'flag me' }),
      }),
    ]);

    // A report through our API is flagged in Stream, whose webhook then comes back: one report.
    const byAdmin = await callJson('/reports', {
      token: t.admin.token,
      body: { message_id: sent.body.message.id, reason: 'spam' },
    });
    expect(byAdmin.status).toBe(201);
    await webhook({
      body: flagged(ch.stream_id, sent.body.message, t.admin.user.id, t.moderator.user.id),
    });
    await drain();
    expect((await queueOf()).map((r) => r.source).sort()).toEqual(['api', 'stream_flag']);
  });
});

describe('POST /webhooks/stream/before-send', () => {
  const hook = (d: Delivery, bindings?: ReturnType<typeof hookEnv>) =>
    deliver('/webhooks/stream/before-send', d, bindings);

  const request = (userId: string, streamId: string, extra: Record<string, unknown> = {}) => ({
    message: { id: '', text: 'hello', type: 'regular', user: { id: userId }, ...extra },
    user: { id: userId, role: 'user' },
    channel: { type: 'messaging', id: streamId, cid: `messaging:${streamId}` },
    request_info: { type: 'client' },
  });

  it('accepts a member’s message unchanged', async () => {
    const t = await tenantWithRoles();
    const ch = await createChannel(t.admin.token, `Hook ${unique()}`);
    const body = request(t.member.user.id, ch.stream_id, { custom_field: 1 });
    const res = await hook({ body });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: body.message });
  });

  it('refuses a user removed from the tenant, whatever Stream still lists', async () => {
    const t = await tenantWithRoles();
    const ch = await createChannel(t.admin.token, `Hook ${unique()}`);
    await servicesFor(env).db.execute(
      sql`delete from memberships where tenant_id = ${t.tenant.id} and user_id = ${t.member.user.id}`,
    );
    const res = await hook({ body: request(t.member.user.id, ch.stream_id) });
    expect(res.status).toBe(200);
    expect(res.body.message).toMatchObject({
      type: 'error',
      text: expect.stringContaining('not a member'),
    });
  });

  it('refuses a sender over the per-user send limit', async () => {
    const t = await tenantWithRoles();
    const ch = await createChannel(t.admin.token, `Hook ${unique()}`);
    const res = await hook(
      { body: request(t.member.user.id, ch.stream_id) },
      hookEnv({ MESSAGE_USER_LIMITER: spentLimiter }),
    );
    expect(res.body.message).toMatchObject({
      type: 'error',
      text: expect.stringContaining('too fast'),
    });
  });

  it('refuses a banned member (tenant or this channel), and a word of the tenant’s filter', async () => {
    const t = await tenantWithRoles();
    const [ch, other] = await Promise.all([
      createChannel(t.admin.token, `Hook ${unique()}`),
      createChannel(t.admin.token, `Hook ${unique()}`),
    ]);
    const put = await callJson('/moderation/blocklist', {
      method: 'PUT',
      token: t.admin.token,
      body: { words: ['Spoiler'] },
    });
    expect(put.status).toBe(200);
    const filtered = await hook({
      body: request(t.member.user.id, ch.stream_id, { text: 'big SPOILER ahead' }),
    });
    expect(filtered.body.message).toMatchObject({
      type: 'error',
      text: expect.stringContaining('filter'),
    });
    const fine = await hook({
      body: request(t.member.user.id, ch.stream_id, { text: 'no spoilers' }),
    });
    expect(fine.body.message).toMatchObject({ type: 'regular' });

    const banned = await callJson('/moderation/bans', {
      token: t.moderator.token,
      body: { user_id: t.member.user.id, channel_stream_id: ch.stream_id },
    });
    expect(banned.status).toBe(201);
    const here = await hook({ body: request(t.member.user.id, ch.stream_id) });
    expect(here.body.message).toMatchObject({
      type: 'error',
      text: expect.stringContaining('banned'),
    });
    const elsewhere = await hook({ body: request(t.member.user.id, other.stream_id) });
    expect(elsewhere.body.message).toMatchObject({ type: 'regular' });
  });

  it('refuses a channel that is not ours, and another tenant’s member', async () => {
    const [t, other] = await Promise.all([tenantWithRoles(), tenantWithRoles()]);
    const ch = await createChannel(t.admin.token, `Hook ${unique()}`);
    const notOurs = await hook({ body: request(t.member.user.id, `elsewhere-${unique()}`) });
    expect(notOurs.body.message).toMatchObject({ type: 'error' });
    const team = await hook({
      body: {
        ...request(t.member.user.id, ch.stream_id),
        channel: { type: 'team', id: ch.stream_id },
      },
    });
    expect(team.body.message).toMatchObject({ type: 'error' });
    const stranger = await hook({ body: request(other.member.user.id, ch.stream_id) });
    expect(stranger.body.message).toMatchObject({ type: 'error' });
  });

  it('refuses when the database cannot answer (it cannot check), and accepts server sends without a read', async () => {
    const t = await tenantWithRoles();
    const ch = await createChannel(t.admin.token, `Hook ${unique()}`);
    await neonFaults.inject({ op: '*', status: 503, count: 1 });
    const unchecked = await hook({ body: request(t.member.user.id, ch.stream_id) });
    logs.expect('warn', 'before_send_unchecked', { reason: 'database' });
    expect(unchecked.body.message).toMatchObject({
      type: 'error',
      text: expect.stringContaining('try again'),
    });
    await neonFaults.inject({ op: '*', status: 503 });
    const server = request(t.member.user.id, ch.stream_id, {});
    const res = await hook({ body: { ...server, request_info: { type: 'server' } } });
    expect(res.body).toEqual({ message: server.message });
  });

  it('is 401 with a wrong signature', async () => {
    const res = await hook({ body: request('u', 'c'), signed: encoder.encode('other') });
    expect(res.status).toBe(401);
  });
});
