/**
 * Moderation, end to end: reports reach the moderators' queue and their resolution acts in both
 * stores; bans refuse sends through our API and through Stream for the member's own token;
 * blocks hide messages from the blocker's reads (and mute in Stream); the word filter refuses a
 * listed word through our API and through the before-send hook; deletion reads as deleted in
 * both stores. Each route: bad input, each role, and another tenant's ids.
 */
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CallOptions, call, callJson, expectError, expectInvalid } from '../../../test/api';
import { markersFor, sweepOnce } from '../../../test/convergence';
import { createChannel, tenantWithRoles } from '../../../test/fixtures';
import { captureLogs, type Logs } from '../../../test/logs';
import { dbRows, streamFaults, streamServer, streamState } from '../../../test/stand-ins';

beforeEach(() => {
  captureLogs();
});

type Message = { id: string; text: string; type: string; user_id: string; user_name?: string };

/** `who` sends `text` to the channel through our API; the message. */
async function send(token: string, streamId: string, text: string): Promise<Message> {
  const res = await callJson<{ message: Message }>('/messages', {
    token,
    body: { stream_id: streamId, text },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.message;
}

async function read(token: string, streamId: string): Promise<Message[]> {
  const res = await callJson<{ messages: Message[] }>(`/messages/${streamId}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.messages;
}

/** A tenant with a channel in which the member and the moderator have each said something. */
async function roomWithMessages() {
  const t = await tenantWithRoles();
  const channel = await createChannel(t.admin.token);
  const fromMember = await send(t.member.token, channel.stream_id, 'hello from the member');
  const fromModerator = await send(t.moderator.token, channel.stream_id, 'hello from the mod');
  return { t, streamId: channel.stream_id, fromMember, fromModerator };
}

/** A Stream token for `token`'s user, and a send through Stream with it (as a frontend does). */
async function streamSend(accessToken: string, streamId: string, text: string) {
  const { body } = await callJson<{ token: string; api_key: string }>('/stream/token', {
    token: accessToken,
  });
  const res = await fetch(
    `${env.STREAM_BASE_URL}/channels/messaging/${streamId}/message?api_key=${body.api_key}`,
    {
      method: 'POST',
      headers: {
        authorization: body.token,
        'stream-auth-type': 'jwt',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ message: { text } }),
    },
  );
  return { status: res.status, body: (await res.json()) as { code?: number; message?: unknown } };
}

/** Whom `userId` mutes in Stream (what their SDK's `me.mutes` lists). */
async function mutesOf(userId: string): Promise<string[]> {
  const { users } = await streamState();
  return users.find((u) => u.id === userId)?.mutes ?? [];
}

/** `token`'s user sending `text` through our API is refused: banned. */
async function expectBanned(token: string, streamId: string, text = 'x') {
  const res = await callJson('/messages', { token, body: { stream_id: streamId, text } });
  expectError(res, 403, 'banned');
}

/** `DELETE path` as `token`'s user. */
const del = (path: string, token: string) => callJson(path, { method: 'DELETE', token });

/** A call whose success has no body (204). */
const status = async (path: string, options: CallOptions) => (await call(path, options)).status;

const auditOf = (tenantId: string, action: string) =>
  dbRows<{ actor_id: string; target_id: string; details: string; request_id: string }>(
    'select actor_id, target_id, details, request_id from audit_log where tenant_id = $1 and action = $2',
    [tenantId, action],
  );

describe('reports', () => {
  it('a reported message reaches the moderators’ queue, with its text and author; Stream has the flag', async () => {
    const { t, fromModerator } = await roomWithMessages();
    const res = await callJson<{ report: Record<string, unknown> }>('/reports', {
      token: t.member.token,
      body: { message_id: fromModerator.id, reason: 'rude', details: 'said hello rudely' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.report).toMatchObject({
      status: 'open',
      source: 'api',
      reason: 'rude',
      message: { id: fromModerator.id, text: 'hello from the mod' },
      user: { id: t.moderator.user.id, name: 'Moderator' },
      reporter: { id: t.member.user.id, name: 'Member' },
    });
    const queue = await callJson<{ reports: Array<{ id: string }> }>('/moderation/reports', {
      token: t.moderator.token,
    });
    expect(queue.status).toBe(200);
    expect(queue.body.reports.map((r) => r.id)).toEqual([res.body.report.id]);
    const flags = await (await streamServer()).queryMessageFlags({
      user_id: t.member.user.id,
    } as never);
    expect((flags.flags ?? []).map((f) => f.message?.id)).toContain(fromModerator.id);

    const again = await callJson('/reports', {
      token: t.member.token,
      body: { message_id: fromModerator.id, reason: 'rude' },
    });
    expectError(again, 409, 'already_reported');
  });

  it('bad input: both ids, neither, one’s own message, unknown ids', async () => {
    const { t, fromMember, fromModerator } = await roomWithMessages();
    const report = (body: unknown) => callJson('/reports', { token: t.member.token, body });
    expectInvalid(
      await report({ message_id: fromModerator.id, user_id: t.admin.user.id, reason: 'x' }),
      'body.message_id',
    );
    expectInvalid(await report({ reason: 'x' }), 'body.message_id');
    expectInvalid(await report({ message_id: fromModerator.id, reason: '' }), 'body.reason');
    expectInvalid(await report({ message_id: 'not an id!', reason: 'x' }), 'body.message_id');
    expectError(
      await report({ message_id: fromMember.id, reason: 'x' }),
      400,
      'cannot_report_self',
    );
    expectError(
      await report({ message_id: crypto.randomUUID(), reason: 'x' }),
      404,
      'message_not_found',
    );
    expectError(
      await report({ user_id: crypto.randomUUID(), reason: 'x' }),
      404,
      'member_not_found',
    );
  });

  it('another tenant’s message, member or report is 404; members cannot see the queue', async () => {
    const a = await roomWithMessages();
    const b = await roomWithMessages();
    const report = (body: unknown) => callJson('/reports', { token: a.t.member.token, body });
    expectError(
      await report({ message_id: b.fromModerator.id, reason: 'x' }),
      404,
      'message_not_found',
    );
    expectError(
      await report({ user_id: b.t.moderator.user.id, reason: 'x' }),
      404,
      'member_not_found',
    );
    const inB = await callJson<{ report: { id: string } }>('/reports', {
      token: b.t.member.token,
      body: { message_id: b.fromModerator.id, reason: 'x' },
    });
    expect(inB.status).toBe(201);
    const resolveB = await callJson(`/moderation/reports/${inB.body.report.id}/resolve`, {
      token: a.t.admin.token,
      body: { action: 'delete_message' },
    });
    expectError(resolveB, 404, 'report_not_found');
    const queueA = await callJson<{ reports: unknown[] }>('/moderation/reports', {
      token: a.t.admin.token,
    });
    expect(queueA.body.reports).toEqual([]);
    expectError(
      await callJson('/moderation/reports', { token: a.t.member.token }),
      403,
      'insufficient_role',
    );
    expectError(
      await callJson(`/moderation/reports/${inB.body.report.id}/resolve`, {
        token: b.t.member.token,
        body: { action: 'dismiss' },
      }),
      403,
      'insufficient_role',
    );
    expectInvalid(
      await callJson('/moderation/reports?status=closed', { token: a.t.admin.token }),
      'query.status',
    );
    expectInvalid(
      await callJson('/moderation/reports?cursor=nope', { token: a.t.admin.token }),
      'query.cursor',
    );
  });

  it('resolving with delete_message deletes it in both stores and closes every open report of it', async () => {
    const { t, streamId, fromMember } = await roomWithMessages();
    const first = await callJson<{ report: { id: string } }>('/reports', {
      token: t.moderator.token,
      body: { message_id: fromMember.id, reason: 'spam' },
    });
    const second = await callJson<{ report: { id: string } }>('/reports', {
      token: t.admin.token,
      body: { message_id: fromMember.id, reason: 'spam too' },
    });
    const resolved = await callJson<{ report: { status: string; resolution: string } }>(
      `/moderation/reports/${first.body.report.id}/resolve`,
      { token: t.moderator.token, body: { action: 'delete_message' } },
    );
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(resolved.body.report).toMatchObject({
      status: 'resolved',
      resolution: 'delete_message',
    });

    const shown = (await read(t.member.token, streamId)).find((m) => m.id === fromMember.id);
    expect(shown).toMatchObject({ type: 'deleted', text: '' });
    const { message } = await (await streamServer()).getMessage(fromMember.id);
    expect(message.type).toBe('deleted');

    const open = await callJson<{ reports: unknown[] }>('/moderation/reports', {
      token: t.admin.token,
    });
    expect(open.body.reports).toEqual([]);
    const closed = await callJson<{ reports: Array<{ id: string }> }>(
      '/moderation/reports?status=resolved',
      { token: t.admin.token },
    );
    expect(closed.body.reports.map((r) => r.id).sort()).toEqual(
      [first.body.report.id, second.body.report.id].sort(),
    );
    expect(await auditOf(t.tenant.id, 'report.resolved')).toHaveLength(1);
    expect(await auditOf(t.tenant.id, 'message.deleted')).toHaveLength(0);
    const twice = await callJson(`/moderation/reports/${second.body.report.id}/resolve`, {
      token: t.admin.token,
      body: { action: 'dismiss' },
    });
    expectError(twice, 409, 'report_resolved');
  });

  it('resolving with ban_user bans the author: our API and Stream refuse their sends', async () => {
    const { t, streamId, fromMember } = await roomWithMessages();
    const report = await callJson<{ report: { id: string } }>('/reports', {
      token: t.moderator.token,
      body: { message_id: fromMember.id, reason: 'abuse' },
    });
    const resolved = await callJson(`/moderation/reports/${report.body.report.id}/resolve`, {
      token: t.moderator.token,
      body: { action: 'ban_user', ban_minutes: 60 },
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    await expectBanned(t.member.token, streamId, 'still here?');
    const direct = await streamSend(t.member.token, streamId, 'through the SDK');
    expect(direct.status, JSON.stringify(direct.body)).toBe(403);
    const bans = await callJson<{ bans: Array<{ user_id: string; expires_at: string }> }>(
      '/moderation/bans',
      { token: t.moderator.token },
    );
    expect(bans.body.bans.map((b) => b.user_id)).toEqual([t.member.user.id]);
  });

  it('ban_user: a moderator cannot ban through a report what they cannot ban directly', async () => {
    const { t, fromModerator } = await roomWithMessages();
    const report = await callJson<{ report: { id: string } }>('/reports', {
      token: t.member.token,
      body: { message_id: fromModerator.id, reason: 'abuse' },
    });
    const byModerator = await callJson(`/moderation/reports/${report.body.report.id}/resolve`, {
      token: t.moderator.token,
      body: { action: 'ban_user' },
    });
    expectError(byModerator, 403, 'insufficient_role');
    expectInvalid(
      await callJson(`/moderation/reports/${report.body.report.id}/resolve`, {
        token: t.admin.token,
        body: { action: 'dismiss', ban_minutes: 5 },
      }),
      'body.ban_minutes',
    );
    const userReport = await callJson<{ report: { id: string } }>('/reports', {
      token: t.member.token,
      body: { user_id: t.admin.user.id, reason: 'bossy' },
    });
    expectError(
      await callJson(`/moderation/reports/${userReport.body.report.id}/resolve`, {
        token: t.admin.token,
        body: { action: 'delete_message' },
      }),
      400,
      'no_message',
    );
    expectError(
      await callJson(`/moderation/reports/${userReport.body.report.id}/resolve`, {
        token: t.admin.token,
        body: { action: 'ban_user' },
      }),
      403,
      'cannot_ban_admin',
    );
  });
});

describe('bans', () => {
  const ban = (token: string, body: Record<string, unknown>) =>
    callJson<{ ban: { user_id: string; channel_stream_id: string | null } }>('/moderation/bans', {
      token,
      body,
    });

  it('a tenant ban refuses sends in every channel, both ways; lifting it lets them send again', async () => {
    const { t, streamId } = await roomWithMessages();
    const other = await createChannel(t.admin.token);
    await send(t.member.token, other.stream_id, 'in the other room');
    const res = await ban(t.moderator.token, { user_id: t.member.user.id, reason: 'cool off' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.ban).toMatchObject({ user_id: t.member.user.id, channel_stream_id: null });
    for (const id of [streamId, other.stream_id]) {
      await expectBanned(t.member.token, id);
      expect((await streamSend(t.member.token, id, 'x')).status).toBe(403);
    }
    expect(await auditOf(t.tenant.id, 'ban.created')).toHaveLength(1);

    expect(
      await status(`/moderation/bans/${t.member.user.id}`, {
        method: 'DELETE',
        token: t.moderator.token,
      }),
    ).toBe(204);
    await send(t.member.token, streamId, 'back');
    expect((await streamSend(t.member.token, other.stream_id, 'back too')).status).toBe(201);
    expect(await auditOf(t.tenant.id, 'ban.lifted')).toHaveLength(1);
    const none = await callJson<{ bans: unknown[] }>('/moderation/bans', { token: t.admin.token });
    expect(none.body.bans).toEqual([]);
  });

  it('a channel ban refuses that channel only; an expired ban refuses nothing', async () => {
    const { t, streamId } = await roomWithMessages();
    const other = await createChannel(t.admin.token);
    const res = await ban(t.admin.token, {
      user_id: t.member.user.id,
      channel_stream_id: streamId,
      minutes: 30,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await expectBanned(t.member.token, streamId, 'x');
    await send(t.member.token, other.stream_id, 'fine here');
    await dbRows(`update bans set expires_at = now() - interval '1 second' where user_id = $1`, [
      t.member.user.id,
    ]);
    await send(t.member.token, streamId, 'the ban is over');
  });

  it('a banned member added to a channel joins it banned in Stream, at once', async () => {
    const t = await tenantWithRoles();
    const res = await ban(t.moderator.token, { user_id: t.member.user.id, minutes: 60 });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const channel = await createChannel(t.admin.token);
    const added = await callJson(`/channels/${channel.stream_id}/members`, {
      token: t.admin.token,
      body: { user_ids: [t.member.user.id, t.moderator.user.id] },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const { members } = await (await streamServer())
      .channel('messaging', channel.stream_id)
      .queryMembers({ user_id: { $in: [t.member.user.id, t.moderator.user.id] } });
    const banned = Object.fromEntries(members.map((m) => [m.user_id, m.banned]));
    expect(banned).toEqual({ [t.member.user.id]: true, [t.moderator.user.id]: false });
    expect(await markersFor(`${t.tenant.id}:${t.member.user.id}`)).toEqual([]);
  });

  it('roles: moderators ban members only; admins moderators too; nobody bans an admin', async () => {
    const { t } = await roomWithMessages();
    expectError(
      await ban(t.member.token, { user_id: t.moderator.user.id }),
      403,
      'insufficient_role',
    );
    expectError(
      await ban(t.moderator.token, { user_id: t.moderator.user.id }),
      403,
      'insufficient_role',
    );
    expectError(
      await ban(t.moderator.token, { user_id: t.admin.user.id }),
      403,
      'cannot_ban_admin',
    );
    expectError(await ban(t.admin.token, { user_id: t.admin.user.id }), 403, 'cannot_ban_admin');
    expect((await ban(t.admin.token, { user_id: t.moderator.user.id })).status).toBe(201);
    expectError(
      await del(`/moderation/bans/${t.moderator.user.id}`, t.moderator.token),
      403,
      'insufficient_role',
    );
    expectError(
      await callJson('/moderation/bans', { token: t.member.token }),
      403,
      'insufficient_role',
    );
  });

  it('bad input and another tenant’s ids', async () => {
    const a = await roomWithMessages();
    const b = await roomWithMessages();
    expectInvalid(await ban(a.t.admin.token, { user_id: 'x' }), 'body.user_id');
    expectInvalid(
      await ban(a.t.admin.token, { user_id: a.t.member.user.id, minutes: 0 }),
      'body.minutes',
    );
    expectError(
      await ban(a.t.admin.token, { user_id: b.t.member.user.id }),
      404,
      'member_not_found',
    );
    expectError(
      await ban(a.t.admin.token, {
        user_id: a.t.member.user.id,
        channel_stream_id: b.streamId,
      }),
      404,
      'channel_not_found',
    );
    expect((await ban(b.t.admin.token, { user_id: b.t.member.user.id })).status).toBe(201);
    expectError(
      await del(`/moderation/bans/${b.t.member.user.id}`, a.t.admin.token),
      404,
      'member_not_found',
    );
    const listA = await callJson<{ bans: unknown[] }>('/moderation/bans', {
      token: a.t.admin.token,
    });
    expect(listA.body.bans).toEqual([]);
    expectError(
      await del(`/moderation/bans/${a.t.member.user.id}`, a.t.admin.token),
      404,
      'ban_not_found',
    );
  });
});

describe('blocks', () => {
  it('a blocked user’s messages leave my reads only; Stream mutes them for me', async () => {
    const { t, streamId, fromModerator } = await roomWithMessages();
    const res = await callJson<{ block: { user_id: string; user_name: string } }>('/me/blocks', {
      token: t.member.token,
      body: { user_id: t.moderator.user.id },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.block).toMatchObject({ user_id: t.moderator.user.id, user_name: 'Moderator' });
    const mine = await read(t.member.token, streamId);
    expect(mine.map((m) => m.id)).not.toContain(fromModerator.id);
    expect(mine.map((m) => m.text)).toContain('hello from the member');
    expect((await read(t.admin.token, streamId)).map((m) => m.id)).toContain(fromModerator.id);
    expect(await mutesOf(t.member.user.id)).toEqual([t.moderator.user.id]);

    const list = await callJson<{ blocks: Array<{ user_id: string }> }>('/me/blocks', {
      token: t.member.token,
    });
    expect(list.body.blocks.map((b) => b.user_id)).toEqual([t.moderator.user.id]);
    expect(
      await status(`/me/blocks/${t.moderator.user.id}`, {
        method: 'DELETE',
        token: t.member.token,
      }),
    ).toBe(204);
    expect((await read(t.member.token, streamId)).map((m) => m.id)).toContain(fromModerator.id);
    expect(await mutesOf(t.member.user.id)).toEqual([]);
  });

  it('bad input, oneself, another tenant’s user, unblocking whom I do not block', async () => {
    const a = await roomWithMessages();
    const b = await roomWithMessages();
    const block = (user_id: string) =>
      callJson('/me/blocks', { token: a.t.member.token, body: { user_id } });
    expectInvalid(await block('nope'), 'body.user_id');
    expectError(await block(a.t.member.user.id), 400, 'cannot_block_self');
    expectError(await block(b.t.member.user.id), 404, 'member_not_found');
    expectError(
      await del(`/me/blocks/${b.t.member.user.id}`, a.t.member.token),
      404,
      'block_not_found',
    );
  });
});

describe('word filter', () => {
  const put = (token: string, words: unknown) =>
    callJson<{ words: string[] }>('/moderation/blocklist', {
      method: 'PUT',
      token,
      body: { words },
    });

  it('a listed word is refused through our API in any case, as a whole word; other tenants are not affected', async () => {
    const { t, streamId } = await roomWithMessages();
    const other = await roomWithMessages();
    const res = await put(t.admin.token, ['Spoiler', 'ｄａｒｎ', 'spoiler']);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.words).toEqual(['darn', 'spoiler']);
    expectError(
      await callJson('/messages', {
        token: t.member.token,
        body: { stream_id: streamId, text: 'Big SPOILER: it was the butler' },
      }),
      422,
      'message_blocked',
    );
    expectError(
      await callJson('/messages', {
        token: t.member.token,
        body: { stream_id: streamId, text: 'oh, darn!' },
      }),
      422,
      'message_blocked',
    );
    await send(t.member.token, streamId, 'no spoilers here');
    await send(other.t.member.token, other.streamId, 'a spoiler, elsewhere');
    const got = await callJson<{ words: string[] }>('/moderation/blocklist', {
      token: t.admin.token,
    });
    expect(got.body.words).toEqual(['darn', 'spoiler']);
    expect(await auditOf(t.tenant.id, 'word_filter.updated')).toHaveLength(1);
    // The same list again changes nothing and records nothing.
    await put(t.admin.token, ['spoiler', 'darn']);
    expect(await auditOf(t.tenant.id, 'word_filter.updated')).toHaveLength(1);
  });

  it('admins only; an entry that is not one word is a 400 naming it', async () => {
    const { t } = await roomWithMessages();
    expectError(await put(t.moderator.token, ['x']), 403, 'insufficient_role');
    expectError(
      await callJson('/moderation/blocklist', { token: t.moderator.token }),
      403,
      'insufficient_role',
    );
    expectInvalid(await put(t.admin.token, ['fine', 'two words']), 'body.words.1');
    expectInvalid(await put(t.admin.token, ['!!!']), 'body.words.0');
    expectInvalid(await put(t.admin.token, 'spoiler'), 'body.words');
  });
});

describe('deleting messages', () => {
  const path = (id: string, hard: boolean) => `/messages/${id}${hard ? '?hard=true' : ''}`;
  /** A refused deletion (a JSON error). */
  const remove = (token: string, id: string, hard = false) =>
    callJson(path(id, hard), { method: 'DELETE', token });
  /** A deletion expected to succeed: its status. */
  const removed = (token: string, id: string, hard = false) =>
    status(path(id, hard), { method: 'DELETE', token });

  it('authors delete their own; members nobody else’s; it reads as deleted in both stores', async () => {
    const { t, streamId, fromMember, fromModerator } = await roomWithMessages();
    expectError(await remove(t.member.token, fromModerator.id), 403, 'not_author');
    expect(await removed(t.member.token, fromMember.id)).toBe(204);
    const shown = (await read(t.admin.token, streamId)).find((m) => m.id === fromMember.id);
    expect(shown).toMatchObject({ type: 'deleted', text: '' });
    expect((await (await streamServer()).getMessage(fromMember.id)).message.type).toBe('deleted');
    // An author's own deletion is not a moderation action: no audit row.
    expect(await auditOf(t.tenant.id, 'message.deleted')).toHaveLength(0);
    expect(await removed(t.member.token, fromMember.id)).toBe(204);
  });

  it('moderators delete any message (one audit row); hard deletion is for admins and removes it from Stream', async () => {
    const { t, streamId, fromMember, fromModerator } = await roomWithMessages();
    expect(await removed(t.moderator.token, fromMember.id)).toBe(204);
    const rows = await auditOf(t.tenant.id, 'message.deleted');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_id: t.moderator.user.id, target_id: fromMember.id });
    expectError(await remove(t.moderator.token, fromModerator.id, true), 403, 'insufficient_role');
    expect(await removed(t.admin.token, fromModerator.id, true)).toBe(204);
    expect((await read(t.admin.token, streamId)).map((m) => m.id)).not.toContain(fromModerator.id);
    await expect((await streamServer()).getMessage(fromModerator.id)).rejects.toThrow();
    expect(await auditOf(t.tenant.id, 'message.deleted')).toHaveLength(2);
  });

  it('bad ids, unknown ids and another tenant’s messages', async () => {
    const a = await roomWithMessages();
    const b = await roomWithMessages();
    expectInvalid(await remove(a.t.admin.token, 'not an id!'), 'param.message_id');
    expectInvalid(
      await del(`/messages/${a.fromMember.id}?hard=yes`, a.t.admin.token),
      'query.hard',
    );
    expectError(await remove(a.t.admin.token, crypto.randomUUID()), 404, 'message_not_found');
    expectError(await remove(a.t.admin.token, b.fromMember.id, true), 404, 'message_not_found');
    expect((await (await streamServer()).getMessage(b.fromMember.id)).message.type).toBe('regular');
  });
});

describe('under a Stream fault at each step, the stores converge', () => {
  let logs: Logs;
  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(() => streamFaults.clear());

  /** Stream's answer to `op`, once: down (503) or erroring (500). */
  const down = (op: string) => ({ op, status: 503, count: 1 });

  it('adding a banned member when Stream refuses the channel ban: 503, and one sweep leaves the stores equal', async () => {
    const t = await tenantWithRoles();
    const banned = await callJson('/moderation/bans', {
      token: t.moderator.token,
      body: { user_id: t.member.user.id },
    });
    expect(banned.status, JSON.stringify(banned.body)).toBe(201);
    const channel = await createChannel(t.admin.token);
    await streamFaults.inject(down('BanUser'));
    const added = await callJson(`/channels/${channel.stream_id}/members`, {
      token: t.admin.token,
      body: { user_ids: [t.member.user.id] },
    });
    expect(added.status, JSON.stringify(added.body)).toBe(503);
    logs.expectError(added);
    await sweepOnce();
    const inDb = await dbRows<{ user_id: string }>(
      `select cm.user_id from channel_members cm join channels c on c.id = cm.channel_id
       where c.stream_id = $1 order by cm.user_id`,
      [channel.stream_id],
    );
    const [inStream] = (await streamState(`messaging:${channel.stream_id}`)).channels;
    expect([...(inStream?.members ?? [])].sort()).toEqual(inDb.map((r) => r.user_id));
    expect(inDb.map((r) => r.user_id)).not.toContain(t.member.user.id);
  });

  it.each([
    ['deletion', 'DeleteMessage'],
    ['resolution that deletes', 'DeleteMessage'],
  ])(
    'a %s Stream fails: 5xx, the deletion stands, one sweep deletes it in Stream',
    async (kind, op) => {
      const { t, streamId, fromMember } = await roomWithMessages();
      let path = `/messages/${fromMember.id}`;
      let options: CallOptions = { method: 'DELETE', token: t.moderator.token };
      if (kind !== 'deletion') {
        const report = await callJson<{ report: { id: string } }>('/reports', {
          token: t.admin.token,
          body: { message_id: fromMember.id, reason: 'spam' },
        });
        path = `/moderation/reports/${report.body.report.id}/resolve`;
        options = { token: t.moderator.token, body: { action: 'delete_message' } };
      }
      await streamFaults.inject(down(op));
      const res = await callJson(path, options);
      expect(res.status, JSON.stringify(res.body)).toBe(503);
      logs.expectError(res);
      expect((await (await streamServer()).getMessage(fromMember.id)).message.type).toBe('regular');
      await sweepOnce();
      expect((await (await streamServer()).getMessage(fromMember.id)).message.type).toBe('deleted');
      expect((await read(t.admin.token, streamId)).find((m) => m.id === fromMember.id)?.type).toBe(
        'deleted',
      );
      expect(await markersFor(fromMember.id)).toEqual([]);
    },
  );

  it('reading the message from Stream fails: the deletion and the report answer 5xx and write nothing', async () => {
    const { t, fromMember } = await roomWithMessages();
    await streamFaults.inject({ op: 'GetMessage', status: 503, count: 2 });
    const deleted = await del(`/messages/${fromMember.id}`, t.moderator.token);
    expect(deleted.status).toBe(503);
    logs.expectError(deleted);
    const reported = await callJson('/reports', {
      token: t.moderator.token,
      body: { message_id: fromMember.id, reason: 'spam' },
    });
    expect(reported.status).toBe(503);
    logs.expectError(reported);
    expect(
      await dbRows('select 1 from message_deletions where message_id = $1', [fromMember.id]),
    ).toEqual([]);
    expect(await dbRows('select 1 from reports where message_id = $1', [fromMember.id])).toEqual(
      [],
    );
  });

  it('a ban Stream fails to apply: 5xx, the ban stands in our API, one sweep bans in Stream; the lift likewise', async () => {
    const { t, streamId } = await roomWithMessages();
    await streamFaults.inject(down('BanUser'));
    const res = await callJson('/moderation/bans', {
      token: t.moderator.token,
      body: { user_id: t.member.user.id },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(503);
    logs.expectError(res);
    await expectBanned(t.member.token, streamId, 'x');
    await sweepOnce();
    expect((await streamSend(t.member.token, streamId, 'x')).status).toBe(403);
    const key = `${t.tenant.id}:${t.member.user.id}`;
    expect(await markersFor(key)).toEqual([]);

    await streamFaults.inject(down('UnbanUser'));
    const lifted = await del(`/moderation/bans/${t.member.user.id}`, t.moderator.token);
    expect(lifted.status).toBe(503);
    logs.expectError(lifted);
    await send(t.member.token, streamId, 'our side is lifted');
    await sweepOnce();
    expect((await streamSend(t.member.token, streamId, 'and Stream’s')).status).toBe(201);
    expect(await markersFor(key)).toEqual([]);
  });

  it('a report whose flag Stream refuses is still made (201); one sweep flags it', async () => {
    const { t, fromModerator } = await roomWithMessages();
    await streamFaults.inject(down('Flag'));
    const res = await callJson<{ report: { id: string } }>('/reports', {
      token: t.member.token,
      body: { message_id: fromModerator.id, reason: 'rude' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(await markersFor(res.body.report.id)).toHaveLength(1);
    await sweepOnce();
    const flags = await (await streamServer()).queryMessageFlags({
      user_id: t.member.user.id,
    } as never);
    expect((flags.flags ?? []).map((f) => f.message?.id)).toContain(fromModerator.id);
    expect(await markersFor(res.body.report.id)).toEqual([]);
  });

  it.each([
    ['block', 'MuteUser'],
    ['unblock', 'UnmuteUser'],
  ])('a %s Stream fails: 5xx and nothing changed in either store', async (kind, op) => {
    const { t, streamId, fromModerator } = await roomWithMessages();
    const blocked = kind === 'unblock';
    if (blocked) {
      const made = await callJson('/me/blocks', {
        token: t.member.token,
        body: { user_id: t.moderator.user.id },
      });
      expect(made.status).toBe(201);
    }
    await streamFaults.inject(down(op));
    const res = blocked
      ? await del(`/me/blocks/${t.moderator.user.id}`, t.member.token)
      : await callJson('/me/blocks', {
          token: t.member.token,
          body: { user_id: t.moderator.user.id },
        });
    expect(res.status, JSON.stringify(res.body)).toBe(503);
    logs.expectError(res);
    expect(await mutesOf(t.member.user.id)).toEqual(blocked ? [t.moderator.user.id] : []);
    const shown = (await read(t.member.token, streamId)).map((m) => m.id);
    expect(shown.includes(fromModerator.id)).toBe(!blocked);
  });
});
