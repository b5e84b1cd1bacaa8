/** DELETE /me and GET /me/export, checked in both stores (docs/account-deletion.md). */
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { call, callJson, expectError, expectInvalid } from '../../../test/api';
import { sweepOnce } from '../../../test/convergence';
import {
  createChannel,
  createTenant,
  registerUser,
  type TestUser,
  tenantWithRoles,
  unique,
} from '../../../test/fixtures';
import { captureLogs } from '../../../test/logs';
import { dbRows, streamFaults, streamServer, streamState } from '../../../test/stand-ins';
import { servicesFor } from '../../runtime/services';
import { convergeChannel, convergeUser } from '../../sync/converge';
import { repairNow } from '../../sync/repair';

afterEach(() => streamFaults.clear());

/** DELETE /me; a 204 has no body to parse. */
async function deleteMe(token: string, password: string) {
  const res = await call('/me', { method: 'DELETE', token, body: { password } });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

async function send(token: string, streamId: string, text: string) {
  const res = await callJson<{ message: { id: string } }>('/messages', {
    token,
    body: { stream_id: streamId, text },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.message.id;
}

async function streamUserIds(ids: string[]): Promise<string[]> {
  const { users } = await (await streamServer()).queryUsers({ id: { $in: ids } });
  return users.map((u) => u.id);
}

/** The channel ids the user's Stream token can list in the Stream emulator (none on refusal). */
async function streamChannelsSeenWith(stream: { token: string; api_key: string }) {
  const res = await fetch(`${env.TEST_STREAM_CONTROL_URL}/channels?api_key=${stream.api_key}`, {
    method: 'POST',
    headers: {
      authorization: stream.token,
      'stream-auth-type': 'jwt',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ filter_conditions: { type: 'messaging' }, limit: 30 }),
  });
  if (!res.ok) return [];
  const body = (await res.json()) as { channels: Array<{ channel: { id: string } }> };
  return body.channels.map((c) => c.channel.id);
}

const login = (user: TestUser) =>
  callJson('/auth/login', { body: { email: user.email, password: user.password } });

describe('DELETE /me', () => {
  it('erases the account: sessions, Stream user, memberships, solo tenants; the email registers again', async () => {
    const r = await tenantWithRoles();
    const channel = await createChannel(r.admin.token);
    await send(r.member.token, channel.stream_id, 'a message to be erased');
    // A tenant of their own, with a channel: it goes with them.
    const own = await createTenant(r.member.user, `Solo ${unique()}`);
    const ownChannel = await createChannel(own.adminToken);
    const streamToken = await callJson<{ token: string; api_key: string }>('/stream/token', {
      token: r.member.token,
    });
    expect(streamToken.status).toBe(200);
    expect((await streamChannelsSeenWith(streamToken.body)).sort()).toEqual(
      [channel.stream_id, ownChannel.stream_id].sort(),
    );

    const res = await deleteMe(r.member.token, r.member.user.password);
    expect(res.status, JSON.stringify(res.body)).toBe(204);

    // Signing in, the old refresh token and Stream tokens are refused.
    expectError(await login(r.member.user), 401, 'invalid_credentials');
    expectError(
      await callJson('/auth/refresh', { body: { refresh_token: r.member.user.refreshToken } }),
      401,
      'invalid_refresh_token',
    );
    expect((await call('/stream/token', { token: r.member.token })).status).toBe(401);
    // A Stream token issued before names a user Stream no longer has: it sees no channel.
    expect(await streamChannelsSeenWith(streamToken.body)).toEqual([]);
    // Stream: no user, no membership, their message gone (ACCOUNT_DELETION_MESSAGES=hard).
    expect(await streamUserIds([r.member.user.id, r.admin.user.id])).toEqual([r.admin.user.id]);
    const state = await streamState();
    const cid = `messaging:${channel.stream_id}`;
    expect(state.channels.find((c) => c.cid === cid)?.members).not.toContain(r.member.user.id);
    expect(state.messages.filter((m) => m.user_id === r.member.user.id)).toEqual([]);
    // The solo tenant and its channel are gone from both stores; the shared tenant stays.
    expect(state.channels.some((c) => c.id === ownChannel.stream_id)).toBe(false);
    expect(
      await dbRows('select id from tenants where id = any($1)', [[own.tenant.id, r.tenant.id]]),
    ).toEqual([{ id: r.tenant.id }]);
    expect(
      await dbRows('select 1 from memberships where user_id = $1', [r.member.user.id]),
    ).toEqual([]);
    // The admin's audit shows who left, with no actor left to name.
    const audit = await callJson<{
      entries: Array<{ actor_id: string | null; target_id: string }>;
    }>('/audit?action=member.account_deleted', { token: r.admin.token });
    expect(audit.body.entries).toEqual([
      expect.objectContaining({ actor_id: null, target_id: r.member.user.id }),
    ]);

    // The email can register again at once.
    const again = await callJson('/auth/register', {
      body: { email: r.member.user.email, password: 'another horse battery', name: 'New' },
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
  });

  it('is 403 invalid_current_password with a wrong password, and nothing goes', async () => {
    const user = await registerUser();
    expectError(await deleteMe(user.token, 'not the password'), 403, 'invalid_current_password');
    expect((await login(user)).status).toBe(200);
    expect(await streamUserIds([user.id])).toEqual([user.id]);
  });

  it('is 409 sole_admin, naming the tenant, while others depend on the only admin', async () => {
    const r = await tenantWithRoles();
    const res = await deleteMe(r.admin.token, r.admin.user.password);
    expectError(res, 409, 'sole_admin');
    expect(JSON.stringify(res.body)).toContain(r.tenant.name);
    expect((await login(r.admin.user)).status).toBe(200);
    // Once another member is admin, the account can go.
    const promoted = await callJson(`/tenants/${r.tenant.id}/members/${r.member.user.id}`, {
      method: 'PATCH',
      token: r.admin.token,
      body: { role: 'admin' },
    });
    expect(promoted.status).toBe(200);
    expect((await deleteMe(r.admin.token, r.admin.user.password)).status).toBe(204);
    const members = await dbRows<{ user_id: string }>(
      'select user_id from memberships where tenant_id = $1 order by user_id',
      [r.tenant.id],
    );
    expect(members.map((m) => m.user_id)).not.toContain(r.admin.user.id);
    expect(members).toHaveLength(2);
  });

  it("keeps the channels they created: created_by null, and Stream's copy made again by an admin", async () => {
    const r = await tenantWithRoles();
    const channel = await createChannel(r.moderator.token);
    expect((await deleteMe(r.moderator.token, r.moderator.user.password)).status).toBe(204);
    const read = await callJson<{ created_by: string | null }>(`/channels/${channel.stream_id}`, {
      token: r.admin.token,
    });
    expect(read.status).toBe(200);
    expect(read.body.created_by).toBeNull();
    // Stream loses the channel behind our back; the repair creates it with an admin as creator.
    const server = await streamServer();
    await server.channel('messaging', channel.stream_id).delete({ hard_delete: true });
    await convergeChannel(servicesFor(env), channel.stream_id);
    const [again] = await server.queryChannels({ id: channel.stream_id }, {}, { limit: 1 });
    expect(again?.data?.created_by?.id).toBe(r.admin.user.id);
    expect(again?.data?.frozen).toBe(false);
  });

  it('validates the body and needs a token', async () => {
    const user = await registerUser();
    expectInvalid(
      await callJson('/me', { method: 'DELETE', token: user.token, body: {} }),
      'body.password',
    );
    expectError(
      await callJson('/me', { method: 'DELETE', body: { password: 'x' } }),
      401,
      'missing_token',
    );
  });

  it('answers 204 when Stream is down, and one sweep deletes the Stream user afterwards', async () => {
    const logs = captureLogs();
    const r = await tenantWithRoles();
    const channel = await createChannel(r.admin.token);
    await send(r.member.token, channel.stream_id, 'before the outage');
    await streamFaults.inject({ op: 'DeleteUser', status: 503 });
    const res = await deleteMe(r.member.token, r.member.user.password);
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    logs.expect('warn', 'account_deletion_stream_queued');
    // The database is the truth at once; Stream still has the user until the repair.
    expect(await dbRows('select 1 from users where id = $1', [r.member.user.id])).toEqual([]);
    expect(await streamUserIds([r.member.user.id])).toEqual([r.member.user.id]);
    await streamFaults.clear();
    await sweepOnce();
    expect(await streamUserIds([r.member.user.id])).toEqual([]);
    expect(
      await dbRows("select key from stream_sync where kind = 'user' and key = $1", [
        r.member.user.id,
      ]),
    ).toEqual([]);
  });
});

describe('ACCOUNT_DELETION_MESSAGES', () => {
  it('soft: the Stream user is anonymised and soft-deleted, their messages show as deleted', async () => {
    const logs = captureLogs();
    const r = await tenantWithRoles();
    const channel = await createChannel(r.admin.token);
    const id = await send(r.member.token, channel.stream_id, 'soft goes');
    const kept = await send(r.admin.token, channel.stream_id, 'the admin stays');
    // The deployment's own push fails, so the converge below is the one that deletes.
    await streamFaults.inject({ op: 'DeleteUser', status: 503 });
    expect((await deleteMe(r.member.token, r.member.user.password)).status).toBe(204);
    logs.expect('warn', 'account_deletion_stream_queued');
    await streamFaults.clear();
    await convergeUser(
      servicesFor({ ...env, ACCOUNT_DELETION_MESSAGES: 'soft' } as typeof env),
      r.member.user.id,
    );
    const server = await streamServer();
    expect((await server.getMessage(id)).message).toMatchObject({ type: 'deleted', text: '' });
    expect((await server.getMessage(kept)).message).toMatchObject({ text: 'the admin stays' });
    const state = await streamState();
    expect(state.users.find((u) => u.id === r.member.user.id)?.name).toBe('Deleted user');
    expect(state.messages.find((m) => m.id === id)?.deleted_at).toEqual(expect.any(String));
    expect(state.messages.find((m) => m.id === kept)?.deleted_at).toBeNull();
  });
});

describe('ACCOUNT_DELETION_MESSAGES=keep, converged by the repair', () => {
  it('the repair takes the user out of every channel and soft-deletes an anonymous Stream user; messages stay', async () => {
    const logs = captureLogs();
    const r = await tenantWithRoles();
    const channel = await createChannel(r.admin.token);
    const id = await send(r.member.token, channel.stream_id, 'stays as written');
    // Stream refuses the member's removal from the channel: nothing of Stream changes inline.
    await streamFaults.inject({ op: 'UpdateChannel', status: 503 });
    expect((await deleteMe(r.member.token, r.member.user.password)).status).toBe(204);
    logs.expect('warn', 'account_deletion_stream_queued');
    const cid = `messaging:${channel.stream_id}`;
    expect((await streamState(cid)).channels[0]?.members).toContain(r.member.user.id);
    await streamFaults.clear();
    // The markers the deletion wrote, repaired as the queue would, under `keep` (only these:
    // a sweep would also repair other tests' markers under this setting).
    const keep = servicesFor({ ...env, ACCOUNT_DELETION_MESSAGES: 'keep' } as typeof env);
    await repairNow(keep, [
      { kind: 'membership', key: `${r.tenant.id}:${r.member.user.id}` },
      { kind: 'channel', key: channel.stream_id },
      { kind: 'user', key: r.member.user.id },
    ]);
    const state = await streamState(cid);
    expect(state.channels[0]?.members).not.toContain(r.member.user.id);
    expect(state.messages.find((m) => m.id === id)).toMatchObject({
      text: 'stays as written',
      deleted_at: null,
    });
    const user = (await streamState()).users.find((u) => u.id === r.member.user.id) as
      | { name?: string; deleted_at?: string }
      | undefined;
    expect(user).toMatchObject({ name: 'Deleted user', deleted_at: expect.any(String) });
    expect(
      await dbRows('select kind::text, key from stream_sync where key like $1 or key = $2', [
        `%${r.member.user.id}`,
        channel.stream_id,
      ]),
    ).toEqual([]);
  });
});

type Export = {
  user: { id: string; email: string };
  tenants: Array<{ id: string; role: string }>;
  sessions: Array<Record<string, unknown>>;
  invitations: { sent: Array<{ email?: string }>; received: Array<{ tenant_id: string }> };
  messages: Array<{ id: string; user_id: string; text: string }>;
  messages_truncated: boolean;
};

describe('GET /me/export', () => {
  it("holds the user's data and their own messages, never anyone else's", async () => {
    const r = await tenantWithRoles();
    const channel = await createChannel(r.admin.token);
    const mine = await send(r.member.token, channel.stream_id, 'written by the member');
    const theirs = await send(r.admin.token, channel.stream_id, 'written by the admin');
    // Another tenant's message by someone else, in a channel the member is not in.
    const other = await registerUser();
    const elsewhere = await createTenant(other);
    const otherChannel = await createChannel(elsewhere.adminToken);
    await send(elsewhere.adminToken, otherChannel.stream_id, 'another tenant');

    const res = await callJson<Export>('/me/export', { token: r.member.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body;
    expect(body.user).toMatchObject({ id: r.member.user.id, email: r.member.user.email });
    expect(body.tenants).toEqual([expect.objectContaining({ id: r.tenant.id, role: 'member' })]);
    expect(body.sessions.length).toBeGreaterThan(0);
    // No secret of any kind in the export.
    const text = JSON.stringify(body);
    expect(text).not.toContain(r.member.user.refreshToken);
    expect(text).not.toContain('password');
    expect(body.invitations.received).toEqual([
      expect.objectContaining({ tenant_id: r.tenant.id }),
    ]);
    expect(body.messages.map((m) => m.id)).toEqual([mine]);
    expect(body.messages[0]?.text).toBe('written by the member');
    expect(body.messages_truncated).toBe(false);

    // The admin's export has the admin's message and the invitations they sent, not the member's.
    const admin = await callJson<Export>('/me/export', { token: r.admin.token });
    expect(admin.body.messages.map((m) => m.id)).toEqual([theirs]);
    expect(admin.body.invitations.sent.map((i) => i.email).sort()).toEqual(
      [r.member.user.email, r.moderator.user.email].sort(),
    );
    const outsider = await callJson<Export>('/me/export', { token: other.token });
    expect(outsider.body.messages.map((m) => m.text)).toEqual(['another tenant']);
  });

  it('pages through Stream past one page', async () => {
    const r = await tenantWithRoles();
    const channel = await createChannel(r.admin.token);
    // The service reads 100 per page: 101 messages need two. All but one are written straight
    // into Stream (server-side, as the member), past POST /messages' rate limit.
    const ids = [await send(r.member.token, channel.stream_id, 'message 0')];
    const server = await streamServer();
    for (let i = 1; i < 101; i++) {
      const res = await server
        .channel('messaging', channel.stream_id)
        .sendMessage({ text: `message ${i}`, user_id: r.member.user.id });
      ids.push(res.message.id);
    }
    const res = await callJson<Export>('/me/export', { token: r.member.token });
    expect(res.status).toBe(200);
    expect(res.body.messages.map((m) => m.id)).toEqual(ids);
  }, 60_000);

  it('is 401 without a token and 503 when Stream is down', async () => {
    expectError(await callJson('/me/export'), 401, 'missing_token');
    const logs = captureLogs();
    const user = await registerUser();
    await streamFaults.inject({ op: 'Search', status: 503, count: 5 });
    const res = await callJson('/me/export', { token: user.token });
    expectError(res, 503, 'stream_unavailable');
    logs.expectError(res);
  });
});
