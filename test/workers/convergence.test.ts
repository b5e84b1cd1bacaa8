/**
 * Our database is the truth; Stream must converge to it. Each test injects a failure at one step
 * of a write path, checks the answer, then runs ONE sweep (as the cron would, past every grace
 * period) and compares both stores directly: SQL on one side, the emulator's state on the other.
 */

import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RepairMessage } from '../../src/core/types';
import worker from '../../src/index';
import { servicesFor } from '../../src/runtime/services';
import { messageIdFor } from '../../src/services/message-ids';
import { createStreamClient } from '../../src/stream/client';
import { sweep } from '../../src/sync/sweep';
import { call, callJson, expectError } from '../api';
import { expectConverged, markersFor, sleep, streamView, sweepOnce } from '../convergence';
import {
  createChannel,
  registerUser,
  type TenantWithRoles,
  tenantWithRoles,
  unique,
} from '../fixtures';
import { captureLogs, type Logs } from '../logs';
import { neonFaults, streamFaults, streamState } from '../stand-ins';

const SDK_TIMEOUT_MS = 3000;
/**
 * A Stream call that answers after the SDK gave up, and is applied then: 1.5 s after, so a
 * loaded machine that fires the SDK's timer late still sees the call time out.
 */
const LATE = { latencyMs: SDK_TIMEOUT_MS + 1500, count: 1 };

let r: TenantWithRoles;
let everyone: string[];

beforeAll(async () => {
  r = await tenantWithRoles();
  everyone = [r.admin.user.id, r.moderator.user.id, r.member.user.id];
}, 60_000);

afterEach(async () => {
  await Promise.all([neonFaults.clear(), streamFaults.clear()]);
});

/** The failures each test injects are logged: the test asserts those lines (test/logs.ts). */
let logs: Logs;
beforeEach(() => {
  logs = captureLogs();
});

const streamClient = () => createStreamClient(servicesFor(env).config.stream);

async function streamUserExists(id: string): Promise<boolean> {
  return (await streamState()).users.some((u) => u.id === id);
}

/** Waits until a late Stream call has been applied (the emulator has seen it). */
async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const patch = (stream_id: string, body: Record<string, string>) =>
  callJson(`/channels/${stream_id}`, { method: 'PATCH', token: r.admin.token, body });

describe('attacks', () => {
  it('a removed member cannot send, so is never (re)added to a Stream channel', async () => {
    const t = await tenantWithRoles();
    const ch = await createChannel(t.admin.token, `Gone ${unique()}`);
    const removed = await call(`/tenants/${t.tenant.id}/members/${t.member.user.id}`, {
      method: 'DELETE',
      token: t.admin.token,
    });
    expect(removed.status).toBe(204);
    // Their API token is still valid for 15 minutes, but the send checks membership now.
    const sent = await callJson('/messages', {
      token: t.member.token,
      body: { stream_id: ch.stream_id, text: 'let me back in' },
    });
    expectError(sent, 403, 'not_a_member');
    const state = await streamState(`messaging:${ch.stream_id}`);
    expect(state.channels[0]?.members).not.toContain(t.member.user.id);
    expect(state.messages).toEqual([]);
    await expectConverged(t.tenant.id, [t.member.user.id]);
  });

  it('a demoted moderator cannot write to Stream on an old token', async () => {
    const t = await tenantWithRoles();
    const ch = await createChannel(t.moderator.token, `Demoted ${unique()}`);
    const demoted = await callJson(`/tenants/${t.tenant.id}/members/${t.moderator.user.id}`, {
      method: 'PATCH',
      token: t.admin.token,
      body: { role: 'member' },
    });
    expect(demoted.status).toBe(200);
    const old = t.moderator.token;
    expectError(
      await callJson('/channels', { token: old, body: { name: `Nope ${unique()}` } }),
      403,
      'insufficient_role',
    );
    expectError(
      await callJson(`/channels/${ch.stream_id}`, {
        method: 'PATCH',
        token: old,
        body: { name: 'renamed on an old token' },
      }),
      403,
      'insufficient_role',
    );
    expectError(
      await callJson(`/channels/${ch.stream_id}/members`, {
        token: old,
        body: { user_ids: [t.member.user.id] },
      }),
      403,
      'insufficient_role',
    );
    await expectConverged(t.tenant.id, [t.moderator.user.id, t.member.user.id]);
    expect((await streamView(t.tenant.id, [])).channels[ch.stream_id]?.name).toBe(ch.name);
  });

  it("a member's Stream token cannot create a channel of another tenant, nor add members", async () => {
    const other = await tenantWithRoles();
    const { body } = await callJson<{ token: string; api_key: string }>('/stream/token', {
      token: r.member.token,
    });
    const asMember = (path: string, payload: unknown) =>
      fetch(`${env.TEST_STREAM_CONTROL_URL}${path}?api_key=${body.api_key}`, {
        method: 'POST',
        headers: {
          authorization: body.token,
          'stream-auth-type': 'jwt',
          'content-type': 'application/json',
        },
        body: JSON.stringify(payload),
      });
    const rogue = `rogue-${unique()}`;
    const created = await asMember(`/channels/messaging/${rogue}/query`, {
      data: {
        created_by_id: r.member.user.id,
        members: [r.member.user.id, other.member.user.id],
        tenant_id: other.tenant.id,
        name: 'Official B announcements',
      },
    });
    expect(created.status).toBe(403);
    expect(await created.json()).toMatchObject({ code: 17 });
    // Nor into a real channel of their own tenant (membership is the API's to decide).
    const ch = await createChannel(r.admin.token, `Mine ${unique()}`);
    await callJson('/messages', {
      token: r.member.token,
      body: { stream_id: ch.stream_id, text: 'joined' },
    });
    const added = await asMember(`/channels/messaging/${ch.stream_id}`, {
      add_members: [other.member.user.id],
    });
    expect(added.status).toBe(403);
    await expectConverged(r.tenant.id, everyone);
    expect((await streamView(other.tenant.id, [])).channels).toEqual({});
  });

  it('an Idempotency-Key id cannot be pre-claimed: the plain hash of (user, channel, key) is not it', async () => {
    const ch = await createChannel(r.admin.token, `Claim ${unique()}`);
    const key = '7f9c';
    // The old derivation, computable by anyone who knows the ids and guesses the key.
    const digest = new Uint8Array(
      await crypto.subtle.digest(
        'SHA-256',
        new TextEncoder().encode([r.member.user.id, ch.stream_id, key].join('\u0000')),
      ),
    );
    const hex = [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const guessed = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    const client = await streamClient();
    await client
      .channel('messaging', ch.stream_id)
      .sendMessage({ id: guessed, text: 'attacker text', user_id: r.moderator.user.id });

    const res = await callJson<{ message: { id: string; text: string; user_id: string } }>(
      '/messages',
      {
        token: r.member.token,
        body: { stream_id: ch.stream_id, text: 'victim text' },
        headers: { 'Idempotency-Key': key },
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.message).toMatchObject({ text: 'victim text', user_id: r.member.user.id });
    expect(res.body.message.id).not.toBe(guessed);
  });

  it("a message id already held by another author answers 409, never the other's message", async () => {
    const ch = await createChannel(r.admin.token, `Held ${unique()}`);
    const key = `k-${unique()}`;
    // Only a holder of the server secret can compute the id; if another author ever holds it,
    // the API must not hand their message out as the caller's.
    const id = await messageIdFor(servicesFor(env).config.jwt.secret, {
      tenantId: r.tenant.id,
      userId: r.member.user.id,
      streamId: ch.stream_id,
      key,
    });
    const client = await streamClient();
    await client
      .channel('messaging', ch.stream_id)
      .sendMessage({ id, text: 'same text', user_id: r.moderator.user.id });
    expectError(
      await callJson('/messages', {
        token: r.member.token,
        body: { stream_id: ch.stream_id, text: 'same text' },
        headers: { 'Idempotency-Key': key },
      }),
      409,
      'idempotency_conflict',
    );
  });

  it('a Stream channel tagged with a tenant but owned by no row is deleted by the sweep', async () => {
    const client = await streamClient();
    const rogue = `rogue-${unique()}`;
    await client
      .channel('messaging', rogue, {
        created_by_id: r.member.user.id,
        members: [r.member.user.id, r.admin.user.id],
        tenant_id: r.tenant.id,
        name: 'Official announcements',
      })
      .create();
    expect((await streamView(r.tenant.id, [])).channels).toHaveProperty(rogue);
    const report = await sweepOnce();
    expect(report.orphansDeleted).toBeGreaterThanOrEqual(1);
    expect((await streamView(r.tenant.id, [])).channels).not.toHaveProperty(rogue);
    await expectConverged(r.tenant.id, everyone);
  });
});

describe('registration', () => {
  const body = () => ({
    email: `reg-${unique()}@example.com`,
    password: 'correct horse battery',
    name: `Reggie ${unique()}`,
  });
  const userIdByEmail = async (email: string) =>
    (
      await servicesFor(env).db.execute<{ id: string }>(
        sql`select id::text from users where lower(email) = lower(${email})`,
      )
    ).rows[0]?.id;

  it('Stream fails: 503, no account, no Stream user; the email can register again', async () => {
    const input = body();
    await streamFaults.inject({ op: 'UpdateUsers', status: 503, count: 1 });
    const res = await callJson('/auth/register', { body: input });
    expectError(res, 503, 'stream_unavailable');
    logs.expectError(res);
    expect(await userIdByEmail(input.email)).toBeUndefined();
    const again = await callJson<{ user: { id: string } }>('/auth/register', { body: input });
    expect(again.status).toBe(201);
    expect(await streamUserExists(again.body.user.id)).toBe(true);
  });

  it('Stream fails and so does the undo: the account stays, and its next login creates the Stream user', async () => {
    const input = body();
    await streamFaults.inject({ op: 'UpdateUsers', status: 503, count: 1 });
    await neonFaults.inject({ op: 'query', status: 503, count: 1, skip: 1 });
    const res = await callJson('/auth/register', { body: input });
    expectError(res, 503, 'stream_unavailable');
    logs.expectError(res);
    logs.expect('error', 'compensation_failed', { request_id: res.body.request_id });
    const id = await userIdByEmail(input.email);
    expect(id).toBeDefined();
    expect(await streamUserExists(id!)).toBe(false);
    expect(await markersFor(id!)).toEqual([`user:${id}`]);
    const login = await callJson('/auth/login', {
      body: { email: input.email, password: input.password },
    });
    expect(login.status).toBe(200);
    expect(await streamUserExists(id!)).toBe(true);
    expect(await markersFor(id!)).toEqual([]);
  });

  it('a Stream user created after the request gave up is removed by one sweep', async () => {
    const input = body();
    await streamFaults.inject({ op: 'UpdateUsers', ...LATE });
    const res = await callJson('/auth/register', { body: input });
    expectError(res, 504, 'stream_timeout');
    logs.expectError(res);
    expect(await userIdByEmail(input.email)).toBeUndefined();
    const late = async () =>
      (await streamState()).users.find((u) => u.name === input.name && !everyone.includes(u.id));
    await until('the late Stream user', async () => (await late()) !== undefined);
    const orphan = (await late())!.id;
    await sweepOnce();
    expect(await streamUserExists(orphan)).toBe(false);
  });
});

describe('tenant membership', () => {
  it('accepting an invitation while Stream fails: 503, not a member, invitation still open; one sweep leaves both equal', async () => {
    const t = await tenantWithRoles();
    const newcomer = await registerUser('Newcomer');
    const invited = await callJson<{ invitation: { id: string } }>(
      `/tenants/${t.tenant.id}/invitations`,
      { token: t.admin.token, body: { email: newcomer.email, role: 'member' } },
    );
    expect(invited.status).toBe(201);
    await streamFaults.inject({ op: 'UpdateUsers', status: 503, count: 1 });
    const accept = () =>
      callJson(`/invitations/${invited.body.invitation.id}/accept`, {
        token: newcomer.token,
        method: 'POST',
      });
    const refused = await accept();
    expectError(refused, 503, 'stream_unavailable');
    logs.expectError(refused);
    await sweepOnce();
    const view = await expectConverged(t.tenant.id, [newcomer.id]);
    expect(view.teams[newcomer.id]).toEqual([]);
    // The invitation was put back: accepting again works.
    expect((await accept()).status).toBe(200);
    expect((await expectConverged(t.tenant.id, [newcomer.id])).teams[newcomer.id]).toEqual([
      t.tenant.id,
    ]);
  });

  it.each([
    ['finding their channels', { op: 'QueryChannels', status: 503, count: 1 }],
    ['leaving a channel', { op: 'UpdateChannel', status: 500, count: 1 }],
    ['updating their teams', { op: 'UpdateUsers', status: 503, count: 1 }],
    ['leaving a channel, too late', { op: 'UpdateChannel', ...LATE }],
  ])(
    'removing a member while Stream fails %s: one sweep takes them out of every channel',
    async (_step, fault) => {
      const t = await tenantWithRoles();
      const channels = await Promise.all([
        createChannel(t.admin.token, `A ${unique()}`),
        createChannel(t.admin.token, `B ${unique()}`),
      ]);
      for (const ch of channels) {
        const sent = await callJson('/messages', {
          token: t.member.token,
          body: { stream_id: ch.stream_id, text: 'hi' },
        });
        expect(sent.status).toBe(201);
      }
      await streamFaults.inject(fault);
      const res = await callJson(`/tenants/${t.tenant.id}/members/${t.member.user.id}`, {
        method: 'DELETE',
        token: t.admin.token,
      });
      expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(500);
      logs.expectError(res);
      await sweepOnce();
      const view = await expectConverged(t.tenant.id, [t.member.user.id]);
      for (const ch of channels) {
        expect(view.channels[ch.stream_id]?.members).not.toContain(t.member.user.id);
      }
      expect(view.teams[t.member.user.id]).toEqual([]);
      expect(await markersFor(t.member.user.id, `${t.tenant.id}:${t.member.user.id}`)).toEqual([]);
    },
  );
});

describe('channels', () => {
  it.each([
    ['Stream down', { op: 'GetOrCreateChannel', status: 503, count: 1 }, 503],
    ['Stream erroring', { op: 'GetOrCreateChannel', status: 500, count: 1 }, 502],
    ['Stream unreachable', { op: 'GetOrCreateChannel', drop: true, count: 1 }, 503],
    ['Stream creating it too late', { op: 'GetOrCreateChannel', ...LATE }, 504],
  ])(
    'create with %s: nothing in the database; one sweep leaves nothing in Stream',
    async (_case, fault, status) => {
      const name = `Create ${unique()}`;
      await streamFaults.inject(fault);
      const res = await callJson('/channels', { token: r.admin.token, body: { name } });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      logs.expectError(res);
      if ('latencyMs' in fault) {
        await until('the late create', async () =>
          Object.values((await streamView(r.tenant.id, [])).channels).some((c) => c.name === name),
        );
      }
      await sweepOnce();
      const view = await expectConverged(r.tenant.id, everyone);
      expect(Object.values(view.channels).map((c) => c.name)).not.toContain(name);
      // The name is free again.
      await createChannel(r.admin.token, name);
    },
  );

  it('create whose Stream call and undo both fail: 503, and one sweep puts the row in Stream', async () => {
    const name = `Stuck ${unique()}`;
    // Query 1 writes the row and its marker; Stream fails; query 2 (the undo) fails too. The
    // row stands (as after any write whose undo failed) and its marker makes Stream follow.
    await streamFaults.inject({ op: 'GetOrCreateChannel', status: 503, count: 1 });
    await neonFaults.inject({ op: 'query', status: 503, count: 1, skip: 1 });
    const res = await callJson('/channels', { token: r.admin.token, body: { name } });
    expectError(res, 503, 'stream_unavailable');
    logs.expectError(res);
    logs.expect('error', 'compensation_failed', { request_id: res.body.request_id });
    const stood = await servicesFor(env).db.execute<{ stream_id: string }>(
      sql`select stream_id from channels where tenant_id = ${r.tenant.id} and name = ${name}`,
    );
    expect(stood.rows).toHaveLength(1);
    expect(await markersFor(stood.rows[0]!.stream_id)).not.toEqual([]);
    await sweepOnce();
    const view = await expectConverged(r.tenant.id, everyone);
    expect(Object.values(view.channels).map((c) => c.name)).toContain(name);
  });

  it('a pending row left by an older version goes, with its Stream channel, in one sweep', async () => {
    // No request writes `pending`, but a database may hold such a row: its repair removes it.
    const name = `Legacy ${unique()}`;
    const ch = await createChannel(r.admin.token, name);
    await servicesFor(env).db.execute(sql`
      with p as (update channels set status = 'pending' where stream_id = ${ch.stream_id} returning stream_id)
      insert into stream_sync (kind, key, due_at) select 'channel', stream_id, now() from p`);
    await sweepOnce();
    const view = await expectConverged(r.tenant.id, everyone);
    expect(Object.values(view.channels).map((c) => c.name)).not.toContain(name);
    const gone = await servicesFor(env).db.execute(
      sql`select 1 from channels where stream_id = ${ch.stream_id}`,
    );
    expect(gone.rows).toEqual([]);
  });

  it.each([
    ['rename, Stream down', 'rename', { op: 'UpdateChannelPartial', status: 503, count: 1 }, 503],
    ['rename, applied too late', 'rename', { op: 'UpdateChannelPartial', ...LATE }, 504],
    [
      'archive, Stream erroring',
      'archive',
      { op: 'UpdateChannelPartial', status: 500, count: 1 },
      502,
    ],
    ['archive, applied too late', 'archive', { op: 'UpdateChannelPartial', ...LATE }, 504],
  ])(
    '%s: the row is restored; one sweep brings Stream back to it',
    async (_case, action, fault, status) => {
      const ch = await createChannel(r.admin.token, `Edit ${unique()}`, 'before');
      await streamFaults.inject(fault);
      const res =
        action === 'rename'
          ? await patch(ch.stream_id, { name: `Renamed ${unique()}`, description: 'after' })
          : await callJson(`/channels/${ch.stream_id}`, { method: 'DELETE', token: r.admin.token });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      logs.expectError(res);
      if ('latencyMs' in fault) {
        await until('the late update', async () => {
          const c = (await streamView(r.tenant.id, [])).channels[ch.stream_id];
          return action === 'rename' ? c?.description === 'after' : c?.frozen === true;
        });
      }
      await sweepOnce();
      const view = await expectConverged(r.tenant.id, everyone);
      expect(view.channels[ch.stream_id]).toMatchObject({
        name: ch.name,
        description: 'before',
        frozen: false,
      });
    },
  );

  it.each([
    ['Stream down', { op: 'UpdateChannel', status: 503, count: 1 }, 503],
    ['applied too late', { op: 'UpdateChannel', ...LATE }, 504],
  ])(
    'adding channel members with %s: rows undone; one sweep leaves both equal',
    async (_case, fault, status) => {
      const ch = await createChannel(r.admin.token, `Members ${unique()}`);
      await streamFaults.inject(fault);
      const res = await callJson(`/channels/${ch.stream_id}/members`, {
        token: r.admin.token,
        body: { user_ids: [r.member.user.id] },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      logs.expectError(res);
      if ('latencyMs' in fault) {
        await until('the late add', async () =>
          Boolean(
            (await streamView(r.tenant.id, [])).channels[ch.stream_id]?.members.includes(
              r.member.user.id,
            ),
          ),
        );
      }
      await sweepOnce();
      const view = await expectConverged(r.tenant.id, everyone);
      expect(view.channels[ch.stream_id]?.members).toEqual([r.admin.user.id]);
    },
  );
});

describe('sends', () => {
  it('a first send whose Stream join fails: 201 (the message is posted); one sweep adds the member', async () => {
    const ch = await createChannel(r.admin.token, `Join ${unique()}`);
    await streamFaults.inject({ op: 'UpdateChannel', status: 503, count: 1 });
    const res = await callJson('/messages', {
      token: r.member.token,
      body: { stream_id: ch.stream_id, text: 'posted anyway' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await streamView(r.tenant.id, [])).channels[ch.stream_id]?.members).toEqual([
      r.admin.user.id,
    ]);
    await sweepOnce();
    const view = await expectConverged(r.tenant.id, everyone);
    expect(view.channels[ch.stream_id]?.members).toEqual(
      [r.admin.user.id, r.member.user.id].sort(),
    );
  });

  it('a send that fails in Stream: 503 and no message; the stores still agree', async () => {
    const ch = await createChannel(r.admin.token, `Lost ${unique()}`);
    await streamFaults.inject({ op: 'SendMessage', status: 503, count: 1 });
    const res = await callJson('/messages', {
      token: r.member.token,
      body: { stream_id: ch.stream_id, text: 'lost' },
    });
    expectError(res, 503, 'stream_unavailable');
    logs.expectError(res);
    expect((await streamState(`messaging:${ch.stream_id}`)).messages).toEqual([]);
    await sweepOnce();
    await expectConverged(r.tenant.id, everyone);
  });

  it('a retry with the same Idempotency-Key after an ambiguous failure posts once', async () => {
    const ch = await createChannel(r.admin.token, `Retry ${unique()}`);
    const key = `retry-${unique()}`;
    await streamFaults.inject({ op: 'SendMessage', ...LATE });
    const first = await callJson('/messages', {
      token: r.member.token,
      body: { stream_id: ch.stream_id, text: 'once' },
      headers: { 'Idempotency-Key': key },
    });
    expectError(first, 504, 'stream_timeout');
    logs.expectError(first);
    await until(
      'the late send',
      async () => (await streamState(`messaging:${ch.stream_id}`)).messages.length > 0,
    );
    const retry = await callJson<{ message: { id: string } }>('/messages', {
      token: r.member.token,
      body: { stream_id: ch.stream_id, text: 'once' },
      headers: { 'Idempotency-Key': key },
    });
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    const held = (await streamState(`messaging:${ch.stream_id}`)).messages;
    expect(held.map((m) => [m.id, m.text])).toEqual([[retry.body.message.id, 'once']]);
  });
});

describe('the repair queue', () => {
  const consume = async (id: string, key: string) => {
    const batch = createMessageBatch<RepairMessage>('edge-chat-stream-repairs', [
      { id, timestamp: new Date(), attempts: 1, body: { kind: 'channel', key } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    return getQueueResult(batch, ctx);
  };

  it('retries a repair before its marker is due, converges it once due, acks a cleared one', async () => {
    const ch = await createChannel(r.admin.token, `Queue ${unique()}`, 'before');
    await streamFaults.inject({ op: 'UpdateChannelPartial', ...LATE });
    const late = await patch(ch.stream_id, { description: 'after' });
    expect(late.status).toBe(504);
    logs.expectError(late);
    await until('the late update', async () => {
      const c = (await streamView(r.tenant.id, [])).channels[ch.stream_id];
      return c?.description === 'after';
    });
    // Within the grace period: the push's owner may still be at work, so not yet.
    const early = await consume('early', ch.stream_id);
    expect(early.explicitAcks).toEqual([]);
    expect(early.retryMessages.map((m) => m.msgId)).toEqual(['early']);
    expect((await streamView(r.tenant.id, [])).channels[ch.stream_id]?.description).toBe('after');

    await servicesFor(env).db.execute(
      sql`update stream_sync set due_at = now() where kind = 'channel' and key = ${ch.stream_id}`,
    );
    const due = await consume('due', ch.stream_id);
    expect(due.explicitAcks).toEqual(['due']);
    await expectConverged(r.tenant.id, everyone);
    expect(await markersFor(ch.stream_id)).toEqual([]);

    const again = await consume('again', ch.stream_id);
    expect(again.explicitAcks).toEqual(['again']);
  });
});

describe('a backlog of due markers', () => {
  it('the sweep repairs its share and hands the rest to the queue, whose consumer converges them', async () => {
    // Three channels whose rename Stream applied after the request gave up: the rows are
    // restored, Stream shows the new descriptions, and three markers wait for a repair.
    const channels = await Promise.all(
      [1, 2, 3].map((i) => createChannel(r.admin.token, `Backlog ${i} ${unique()}`, 'before')),
    );
    await streamFaults.inject({ op: 'UpdateChannelPartial', ...LATE, count: 3 });
    const answers = await Promise.all(
      channels.map((ch) => patch(ch.stream_id, { description: 'after' })),
    );
    expect(answers.map((a) => a.status)).toEqual([504, 504, 504]);
    for (const answer of answers) logs.expectError(answer);
    const mine = channels.map((ch) => ch.stream_id);
    await until('the late updates', async () => {
      const view = (await streamView(r.tenant.id, [])).channels;
      return mine.every((id) => view[id]?.description === 'after');
    });

    // The queue binding, recorded: what the sweep sends is fed to the consumer below.
    const sent: MessageSendRequest<RepairMessage>[] = [];
    const recorded = {
      send: () => Promise.reject(new Error('the sweep sends in batches')),
      sendBatch: async (messages: Iterable<MessageSendRequest<RepairMessage>>) => {
        sent.push(...messages);
      },
    } as unknown as Queue<RepairMessage>;
    const report = await sweep(
      { ...servicesFor(env), repairs: recorded },
      { asOf: new Date(Date.now() + 60 * 60_000), maxRepairs: 1 },
    );
    expect(report.repaired + report.failed).toBe(1);
    expect(report.queued).toBe(sent.length);
    const queued = sent.map((m) => m.body.key);
    // Oldest first: the sweep repaired one marker and queued the others, ours among them.
    expect(mine.filter((id) => queued.includes(id)).length).toBeGreaterThanOrEqual(2);
    expect(sent.every((m) => m.delaySeconds === undefined)).toBe(true);

    // Once due (as they are for the cron, an hour on), the consumer converges each.
    await servicesFor(env).db.execute(
      sql`update stream_sync set due_at = now() where key in (${sql.join(
        queued.map((k) => sql`${k}`),
        sql`, `,
      )})`,
    );
    const batch = createMessageBatch<RepairMessage>(
      'edge-chat-stream-repairs',
      sent.map((m, i) => ({
        id: `backlog-${i}`,
        timestamp: new Date(),
        attempts: 1,
        body: m.body,
      })),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    const ours = sent.flatMap((m, i) => (mine.includes(m.body.key) ? [`backlog-${i}`] : []));
    expect(result.explicitAcks).toEqual(expect.arrayContaining(ours));
    expect(await markersFor(...mine)).toEqual([]);
    const view = await expectConverged(r.tenant.id, everyone);
    expect(mine.map((id) => view.channels[id]?.description)).toEqual([
      'before',
      'before',
      'before',
    ]);
  });
});

describe('the database failing first', () => {
  const paths: Array<
    [string, (t: TenantWithRoles, ch: { stream_id: string }) => Promise<Response>]
  > = [
    [
      'register',
      () =>
        call('/auth/register', {
          body: {
            email: `db-${unique()}@example.com`,
            password: 'correct horse battery',
            name: 'D',
          },
        }),
    ],
    ['tenant create', (t) => call('/tenants', { token: t.admin.user.token, body: { name: 'T' } })],
    [
      'member remove',
      (t) =>
        call(`/tenants/${t.tenant.id}/members/${t.member.user.id}`, {
          method: 'DELETE',
          token: t.admin.token,
        }),
    ],
    ['channel create', (t) => call('/channels', { token: t.admin.token, body: { name: 'C' } })],
    [
      'channel update',
      (t, ch) =>
        call(`/channels/${ch.stream_id}`, {
          method: 'PATCH',
          token: t.admin.token,
          body: { name: 'N' },
        }),
    ],
    [
      'channel archive',
      (t, ch) => call(`/channels/${ch.stream_id}`, { method: 'DELETE', token: t.admin.token }),
    ],
    [
      'channel members',
      (t, ch) =>
        call(`/channels/${ch.stream_id}/members`, {
          token: t.admin.token,
          body: { user_ids: [t.moderator.user.id] },
        }),
    ],
    [
      'send',
      (t, ch) =>
        call('/messages', { token: t.member.token, body: { stream_id: ch.stream_id, text: 'x' } }),
    ],
  ];

  it.each(paths)('%s: 503 and neither store changes', async (_path, request) => {
    const t = await tenantWithRoles();
    const ch = await createChannel(t.admin.token, `Db ${unique()}`);
    const users = [t.admin.user.id, t.moderator.user.id, t.member.user.id];
    const before = await expectConverged(t.tenant.id, users);
    await neonFaults.inject({ op: '*', status: 503, count: 1 });
    const res = await request(t, ch);
    const body = await res.text();
    expect(res.status, body).toBe(503);
    logs.expectError({ body: JSON.parse(body) });
    expect(await expectConverged(t.tenant.id, users)).toEqual(before);
  });
});

describe('tenant creation', () => {
  it('Stream failing on the creator’s teams: 503, no tenant; one sweep leaves their teams as before', async () => {
    const user = await registerUser('Founder');
    await streamFaults.inject({ op: 'UpdateUsers', status: 503, count: 1 });
    const res = await callJson('/tenants', { token: user.token, body: { name: `T ${unique()}` } });
    expectError(res, 503, 'stream_unavailable');
    logs.expectError(res);
    expect(
      (await callJson<{ tenants: unknown[] }>('/tenants', { token: user.token })).body.tenants,
    ).toEqual([]);
    await sweepOnce();
    const state = await streamState();
    expect(state.users.find((u) => u.id === user.id)?.teams).toEqual([]);
  });
});

describe('the account', () => {
  const streamUser = async (id: string) => (await streamState()).users.find((u) => u.id === id);

  it('a rename whose Stream call lands too late: 504, the old name stays; one sweep puts Stream back', async () => {
    const user = await registerUser('Original');
    await streamFaults.inject({ op: 'UpdateUsers', ...LATE });
    const res = await callJson('/me', {
      method: 'PATCH',
      token: user.token,
      body: { name: 'Renamed' },
    });
    expectError(res, 504, 'stream_timeout');
    logs.expectError(res);
    await until('the late rename', async () => (await streamUser(user.id))?.name === 'Renamed');
    await sweepOnce();
    const { rows } = await servicesFor(env).db.execute<{ name: string }>(
      sql`select name from users where id = ${user.id}`,
    );
    expect(rows[0]?.name).toBe('Original');
    expect((await streamUser(user.id))?.name).toBe('Original');
  });

  it('a password change whose Stream revocation fails: 200 (the change stands); one sweep revokes the old Stream tokens', async () => {
    const user = await registerUser('Revoker');
    const old = await callJson<{ token: string; api_key: string }>('/stream/token', {
      token: user.token,
    });
    const asUser = (token: string) =>
      fetch(`${env.TEST_STREAM_CONTROL_URL}/channels?api_key=${old.body.api_key}`, {
        method: 'POST',
        headers: {
          authorization: token,
          'stream-auth-type': 'jwt',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ filter_conditions: { type: 'messaging' }, limit: 1 }),
      });
    // Stream compares whole seconds: make the old token older than the change.
    await sleep(1100 - (Date.now() % 1000));
    await streamFaults.inject({ op: 'UpdateUsersPartial', status: 503, count: 1 });
    const changed = await callJson('/me/password', {
      token: user.token,
      body: { current_password: user.password, new_password: 'another long secret' },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    logs.expect('warn', 'stream_token_revocation_queued');
    expect((await asUser(old.body.token)).status).toBe(201);
    expect(await markersFor(user.id)).toEqual([`user:${user.id}`]);
    await sweepOnce();
    const refused = await asUser(old.body.token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 40 });
    expect(await markersFor(user.id)).toEqual([]);
  });
});
