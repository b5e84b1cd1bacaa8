/**
 * The audit log: every mutating route of a tenant writes exactly one row (or none, for the ones
 * that are nobody's moderation: a member's own send, report or block), with actor, target and
 * the request's id; the walk covers every action there is. `GET /audit` is for the tenant's
 * current admins, pages newest first, and shows no other tenant's rows.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CallOptions, call, callJson, expectError, expectInvalid } from '../../../test/api';
import {
  createChannel,
  joinTenant,
  registerUser,
  scopedToken,
  tenantWithRoles,
  unique,
} from '../../../test/fixtures';
import { captureLogs, type Logs } from '../../../test/logs';
import { dbRows, streamFaults } from '../../../test/stand-ins';
import { AUDIT_ACTIONS } from '../../services/audit';

let logs: Logs;
beforeEach(() => {
  logs = captureLogs();
});

type Row = { action: string; actor_id: string; target_id: string; request_id: string };

const rowsOf = (tenantId: string) =>
  dbRows<Row>(
    'select action, actor_id, target_id, request_id from audit_log where tenant_id = $1 order by created_at, id',
    [tenantId],
  );

async function ok(path: string, options: CallOptions) {
  const res = await call(path, options);
  expect(
    res.status,
    `${options.method ?? 'POST'} ${path}: ${await res.clone().text()}`,
  ).toBeLessThan(300);
  const body = res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>);
  return { body, requestId: res.headers.get('x-request-id') };
}

describe('every mutating action writes one audit row', () => {
  it('walks the routes: one row each, with the actor, the target and the request id', async () => {
    const t = await tenantWithRoles();
    const tenant = t.tenant.id;
    const walked = new Set<string>();
    let seen = (await rowsOf(tenant)).length;

    /** Runs one route and checks the rows it added: one of `action` (or none). */
    async function step(
      action: string | null,
      actor: string | null,
      path: string,
      options: CallOptions,
      target?: string,
    ) {
      const { body, requestId } = await ok(path, options);
      const rows = await rowsOf(tenant);
      const added = rows.slice(seen);
      seen = rows.length;
      if (action === null) {
        expect(added, path).toEqual([]);
        return body;
      }
      expect(added, path).toHaveLength(1);
      expect(added[0]).toMatchObject({ action, actor_id: actor, request_id: requestId });
      if (target) expect(added[0]?.target_id).toBe(target);
      walked.add(action);
      return body;
    }

    // The tenant's own creation is its first row.
    const first = await rowsOf(tenant);
    expect(first.map((r) => r.action)).toContain('tenant.created');
    walked.add('tenant.created');
    const admin = t.admin.user.id;
    const moderator = t.moderator.user.id;

    const newcomer = await registerUser('Newcomer');
    const invited = await step('invitation.sent', admin, `/tenants/${tenant}/invitations`, {
      token: t.admin.token,
      body: { email: newcomer.email, role: 'member' },
    });
    await step(
      'invitation.accepted',
      newcomer.id,
      `/invitations/${(invited as { invitation: { id: string } }).invitation.id}/accept`,
      { token: newcomer.token, method: 'POST' },
    );
    const other = await registerUser('Other');
    const withdrawn = await ok(`/tenants/${tenant}/invitations`, {
      token: t.admin.token,
      body: { email: other.email, role: 'member' },
    });
    seen++;
    await step(
      'invitation.withdrawn',
      admin,
      `/tenants/${tenant}/invitations/${(withdrawn.body as { invitation: { id: string } }).invitation.id}`,
      { token: t.admin.token, method: 'DELETE' },
    );
    await step(
      'member.role_changed',
      admin,
      `/tenants/${tenant}/members/${newcomer.id}`,
      {
        token: t.admin.token,
        method: 'PATCH',
        body: { role: 'moderator' },
      },
      newcomer.id,
    );

    const channel = await step('channel.created', moderator, '/channels', {
      token: t.moderator.token,
      body: { name: `Audited ${unique()}` },
    });
    const streamId = (channel as { stream_id: string }).stream_id;
    await step('channel.updated', moderator, `/channels/${streamId}`, {
      token: t.moderator.token,
      method: 'PATCH',
      body: { name: `Renamed ${unique()}` },
    });
    await step('channel.members_added', moderator, `/channels/${streamId}/members`, {
      token: t.moderator.token,
      body: { user_ids: [t.member.user.id] },
    });

    // A member's own send, report, block and deletion are nobody's moderation: no row.
    const sent = await step(null, t.member.user.id, '/messages', {
      token: t.member.token,
      body: { stream_id: streamId, text: 'first' },
    });
    const mine = await step(null, t.member.user.id, '/messages', {
      token: t.member.token,
      body: { stream_id: streamId, text: 'second' },
    });
    const report = await step(null, moderator, '/reports', {
      token: t.moderator.token,
      body: { message_id: (sent as { message: { id: string } }).message.id, reason: 'spam' },
    });
    await step(null, t.member.user.id, '/me/blocks', {
      token: t.member.token,
      body: { user_id: moderator },
    });
    await step(
      null,
      t.member.user.id,
      `/messages/${(mine as { message: { id: string } }).message.id}`,
      {
        token: t.member.token,
        method: 'DELETE',
      },
    );

    await step(
      'report.resolved',
      moderator,
      `/moderation/reports/${(report as { report: { id: string } }).report.id}/resolve`,
      { token: t.moderator.token, body: { action: 'delete_message' } },
    );
    const another = await ok('/messages', {
      token: t.member.token,
      body: { stream_id: streamId, text: 'third' },
    });
    await step(
      'message.deleted',
      moderator,
      `/messages/${(another.body as { message: { id: string } }).message.id}`,
      { token: t.moderator.token, method: 'DELETE' },
    );
    await step(
      'ban.created',
      moderator,
      '/moderation/bans',
      {
        token: t.moderator.token,
        body: { user_id: t.member.user.id, minutes: 5 },
      },
      t.member.user.id,
    );
    await step(
      'ban.lifted',
      moderator,
      `/moderation/bans/${t.member.user.id}`,
      {
        token: t.moderator.token,
        method: 'DELETE',
      },
      t.member.user.id,
    );
    await step('word_filter.updated', admin, '/moderation/blocklist', {
      token: t.admin.token,
      method: 'PUT',
      body: { words: ['heck'] },
    });
    await step('channel.archived', admin, `/channels/${streamId}`, {
      token: t.admin.token,
      method: 'DELETE',
    });
    // A deleted account leaves a row in each tenant it left, with no actor to name.
    await step(
      'member.account_deleted',
      null,
      '/me',
      {
        token: t.moderator.token,
        method: 'DELETE',
        body: { password: t.moderator.user.password },
      },
      moderator,
    );
    await step(
      'member.removed',
      admin,
      `/tenants/${tenant}/members/${t.member.user.id}`,
      {
        token: t.admin.token,
        method: 'DELETE',
      },
      t.member.user.id,
    );
    const newcomerToken = await scopedToken(newcomer, tenant);
    await step(
      'member.left',
      newcomer.id,
      `/tenants/${tenant}/members/${newcomer.id}`,
      {
        token: newcomerToken,
        method: 'DELETE',
      },
      newcomer.id,
    );

    expect([...walked].sort()).toEqual([...AUDIT_ACTIONS].sort());
  });
});

describe('a change that ends an admin’s rights', () => {
  it('writes its own row and one invitation.withdrawn per open invitation of theirs, in its request', async () => {
    const t = await tenantWithRoles();
    const tenant = t.tenant.id;
    const second = t.moderator;
    await ok(`/tenants/${tenant}/members/${second.user.id}`, {
      token: t.admin.token,
      method: 'PATCH',
      body: { role: 'admin' },
    });
    const made = await Promise.all(
      ['a', 'b'].map((x) =>
        ok(`/tenants/${tenant}/invitations`, {
          token: second.token,
          body: { email: `${x}-${unique()}@example.com`, role: 'admin' },
        }),
      ),
    );
    const before = (await rowsOf(tenant)).length;
    const { requestId } = await ok(`/tenants/${tenant}/members/${second.user.id}`, {
      token: t.admin.token,
      method: 'PATCH',
      body: { role: 'member' },
    });
    const added = (await rowsOf(tenant)).slice(before);
    expect(added.map((r) => r.action).sort()).toEqual([
      'invitation.withdrawn',
      'invitation.withdrawn',
      'member.role_changed',
    ]);
    for (const row of added) {
      expect(row).toMatchObject({ actor_id: t.admin.user.id, request_id: requestId });
    }
    expect(
      added
        .filter((r) => r.action === 'invitation.withdrawn')
        .map((r) => r.target_id)
        .sort(),
    ).toEqual(made.map((m) => (m.body as { invitation: { id: string } }).invitation.id).sort());
  });
});

describe('a write undone after a Stream failure leaves no audit row', () => {
  afterEach(() => streamFaults.clear());

  it.each([
    ['a channel create', 'GetOrCreateChannel', 'channel.created'],
    ['a rename', 'UpdateChannelPartial', 'channel.updated'],
  ])('%s Stream refuses', async (_what, op, action) => {
    const t = await tenantWithRoles();
    const channel = await createChannel(t.admin.token);
    await streamFaults.inject({ op, status: 503, count: 1 });
    const res =
      action === 'channel.created'
        ? await callJson('/channels', { token: t.admin.token, body: { name: `No ${unique()}` } })
        : await callJson(`/channels/${channel.stream_id}`, {
            token: t.admin.token,
            method: 'PATCH',
            body: { name: `No ${unique()}` },
          });
    expect(res.status, JSON.stringify(res.body)).toBe(503);
    logs.expectError(res);
    const rows = (await rowsOf(t.tenant.id)).filter((r) => r.action === action);
    // The channel made above wrote the only channel.created row.
    expect(rows).toHaveLength(action === 'channel.created' ? 1 : 0);
  });
});

describe('GET /audit', () => {
  it('pages newest first, filters by action, and shows the tenant’s rows only', async () => {
    const a = await tenantWithRoles();
    const b = await tenantWithRoles();
    for (let i = 0; i < 3; i++) await createChannel(a.admin.token, `Page ${i} ${unique()}`);
    await createChannel(b.admin.token);
    const first = await callJson<{
      entries: Array<{ id: string; action: string; created_at: string }>;
      next_cursor: string | null;
    }>('/audit?limit=2', { token: a.admin.token });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.entries).toHaveLength(2);
    const all: string[] = first.body.entries.map((e) => e.id);
    let cursor = first.body.next_cursor;
    while (cursor) {
      const page = await callJson<{ entries: Array<{ id: string }>; next_cursor: string | null }>(
        `/audit?limit=2&cursor=${cursor}`,
        { token: a.admin.token },
      );
      all.push(...page.body.entries.map((e) => e.id));
      cursor = page.body.next_cursor;
    }
    const inDb = await dbRows<{ id: string }>(
      'select id from audit_log where tenant_id = $1 order by created_at desc, id desc',
      [a.tenant.id],
    );
    expect(all).toEqual(inDb.map((r) => r.id));

    const channels = await callJson<{ entries: Array<{ action: string }> }>(
      '/audit?action=channel.created',
      { token: a.admin.token },
    );
    expect(channels.body.entries.map((e) => e.action)).toEqual([
      'channel.created',
      'channel.created',
      'channel.created',
    ]);
    const bIds = new Set(
      (
        await dbRows<{ id: string }>('select id from audit_log where tenant_id = $1', [b.tenant.id])
      ).map((r) => r.id),
    );
    expect(all.some((id) => bIds.has(id))).toBe(false);
  });

  it('admins only, by their role now; bad action and cursor are 400', async () => {
    const t = await tenantWithRoles();
    expectError(await callJson('/audit', { token: t.moderator.token }), 403, 'insufficient_role');
    expectError(await callJson('/audit', { token: t.member.token }), 403, 'insufficient_role');
    expectInvalid(await callJson('/audit?action=nope', { token: t.admin.token }), 'query.action');
    expectInvalid(await callJson('/audit?cursor=nope', { token: t.admin.token }), 'query.cursor');
    expectInvalid(await callJson('/audit?limit=0', { token: t.admin.token }), 'query.limit');
    // A second admin demotes the first, whose token still says admin: refused.
    const second = await registerUser('Second admin');
    const secondToken = await joinTenant(t.tenant.id, t.admin.token, second, 'admin');
    const demoted = await call(`/tenants/${t.tenant.id}/members/${t.admin.user.id}`, {
      token: secondToken,
      method: 'PATCH',
      body: { role: 'member' },
    });
    expect(demoted.status).toBe(200);
    expectError(await callJson('/audit', { token: t.admin.token }), 403, 'insufficient_role');
  });
});
