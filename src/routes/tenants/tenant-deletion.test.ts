/** DELETE /tenants/{id}: the tenant goes from both stores, and only that tenant. */
import { afterEach, describe, expect, it } from 'vitest';
import { call, callJson, expectError, expectInvalid } from '../../../test/api';
import { sweepOnce } from '../../../test/convergence';
import { createChannel, createTenant, registerUser, tenantWithRoles } from '../../../test/fixtures';
import { captureLogs } from '../../../test/logs';
import {
  createRogueChannel,
  dbRows,
  streamFaults,
  streamServer,
  streamState,
} from '../../../test/stand-ins';

afterEach(() => streamFaults.clear());

/** DELETE /tenants/{id}; a 204 has no body to parse. */
async function deleteTenant(id: string, token: string, body: unknown) {
  const res = await call(`/tenants/${id}`, { method: 'DELETE', token, body });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

const channelsInDb = (tenantId: string) =>
  dbRows<{ stream_id: string }>('select stream_id from channels where tenant_id = $1', [tenantId]);

async function streamChannelIds(): Promise<string[]> {
  return (await streamState()).channels.filter((c) => !c.deleted_at).map((c) => c.id);
}

describe('DELETE /tenants/{id}', () => {
  it('deletes the tenant, its channels, memberships and invitations in both stores', async () => {
    const r = await tenantWithRoles();
    const channel = await createChannel(r.admin.token);
    const sent = await callJson('/messages', {
      token: r.member.token,
      body: { stream_id: channel.stream_id, text: 'hello' },
    });
    expect(sent.status).toBe(201);
    const pending = await callJson(`/tenants/${r.tenant.id}/invitations`, {
      token: r.admin.token,
      body: { email: 'someone@example.com', role: 'member' },
    });
    expect(pending.status).toBe(201);
    // A channel tagged with the tenant but made in Stream behind our back goes too.
    const rogue = { type: 'livestream', id: `rogue-${crypto.randomUUID()}` };
    await createRogueChannel(await streamServer(), rogue, r.tenant.id, r.member.user.id);
    // Another tenant of the member's: untouched.
    const other = await createTenant(r.member.user);
    const otherChannel = await createChannel(other.adminToken);

    const res = await deleteTenant(r.tenant.id, r.admin.token, { confirm_name: r.tenant.name });
    expect(res.status, JSON.stringify(res.body)).toBe(204);

    for (const table of ['tenants', 'memberships', 'invitations', 'channels']) {
      const column = table === 'tenants' ? 'id' : 'tenant_id';
      expect(await dbRows(`select 1 from ${table} where ${column} = $1`, [r.tenant.id])).toEqual(
        [],
      );
    }
    const inStream = await streamChannelIds();
    expect(inStream).not.toContain(channel.stream_id);
    expect(inStream).not.toContain(rogue.id);
    expect(inStream).toContain(otherChannel.stream_id);
    // Nobody's Stream teams keep the tenant; the member keeps their other tenant.
    const users = (await streamState()).users;
    const member = users.find((u) => u.id === r.member.user.id);
    expect(member?.teams).toEqual([other.tenant.id]);
    expect(users.find((u) => u.id === r.admin.user.id)?.teams ?? []).toEqual([]);
    expect(await channelsInDb(other.tenant.id)).toEqual([{ stream_id: otherChannel.stream_id }]);
    // The tenant is gone for its former members.
    expectError(
      await callJson(`/tenants/${r.tenant.id}/members`, { token: r.member.token }),
      404,
      'tenant_not_found',
    );
  });

  it("refuses a confirm_name that is not the tenant's current name, and deletes nothing", async () => {
    const r = await tenantWithRoles();
    const res = await deleteTenant(r.tenant.id, r.admin.token, {
      confirm_name: r.tenant.name.toUpperCase(),
    });
    expectError(res, 409, 'confirm_name_mismatch');
    expect(await dbRows('select 1 from tenants where id = $1', [r.tenant.id])).toHaveLength(1);
    expectInvalid(
      await callJson(`/tenants/${r.tenant.id}`, {
        method: 'DELETE',
        token: r.admin.token,
        body: {},
      }),
      'body.confirm_name',
    );
  });

  it('is 403 for a member who is not an admin, and 404 for another tenant or an unknown id', async () => {
    const r = await tenantWithRoles();
    const body = { confirm_name: r.tenant.name };
    expectError(await deleteTenant(r.tenant.id, r.moderator.token, body), 403, 'insufficient_role');
    expectError(await deleteTenant(r.tenant.id, r.member.token, body), 403, 'insufficient_role');
    // The admin of another tenant, naming this one exactly, is told it does not exist.
    const stranger = await registerUser();
    const theirs = await createTenant(stranger);
    expectError(await deleteTenant(r.tenant.id, theirs.adminToken, body), 404, 'tenant_not_found');
    expectError(
      await deleteTenant(crypto.randomUUID(), r.admin.token, body),
      404,
      'tenant_not_found',
    );
    expect(
      await dbRows('select 1 from tenants where id = any($1)', [[r.tenant.id, theirs.tenant.id]]),
    ).toHaveLength(2);
    expectError(
      await callJson(`/tenants/${r.tenant.id}`, { method: 'DELETE', body }),
      401,
      'missing_token',
    );
  });

  it('answers 204 when Stream is down, and one sweep deletes the Stream channels afterwards', async () => {
    const logs = captureLogs();
    const r = await tenantWithRoles();
    const channel = await createChannel(r.admin.token);
    await streamFaults.inject({ op: 'DeleteChannel', status: 503 });
    const res = await deleteTenant(r.tenant.id, r.admin.token, { confirm_name: r.tenant.name });
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    logs.expect('warn', 'tenant_deletion_stream_queued');
    expect(await channelsInDb(r.tenant.id)).toEqual([]);
    expect(await streamChannelIds()).toContain(channel.stream_id);
    await streamFaults.clear();
    await sweepOnce();
    expect(await streamChannelIds()).not.toContain(channel.stream_id);
    expect(
      await dbRows("select key from stream_sync where kind = 'channel' and key = $1", [
        channel.stream_id,
      ]),
    ).toEqual([]);
  });
});
