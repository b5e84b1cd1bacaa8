import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, callJson, type ErrorBody, expectError } from '../../../test/api';
import {
  createChannel,
  createTenant,
  joinTenant,
  registerUser,
  type TenantWithRoles,
  type TestChannel,
  tenantWithRoles,
  unique,
} from '../../../test/fixtures';
import { type StreamChannelState, streamState } from '../../../test/stand-ins';
import { configFor } from '../../core/config';
import { servicesFor } from '../../runtime/services';
import { createStreamClient } from '../../stream/client';

type StreamChannel = StreamChannelState & { created_by_id?: string };
type Page = { channels: TestChannel[]; next_cursor: string | null };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

async function streamChannel(streamId: string): Promise<StreamChannel | undefined> {
  const state = await streamState(`messaging:${streamId}`);
  return state.channels[0] as StreamChannel | undefined;
}

/** Channels the Stream emulator holds for a tenant (by the custom `tenant_id`). */
async function streamChannelsOf(tenantId: string): Promise<StreamChannel[]> {
  const state = await streamState();
  return state.channels.filter((c) => c.data.tenant_id === tenantId) as StreamChannel[];
}

/** Stream's own view of a channel's built-in fields (frozen is not in the control state). */
async function streamChannelInfo(streamId: string) {
  const client = await createStreamClient(configFor(env).stream);
  const res = await client
    .channel('messaging', streamId)
    .query({ state: true, watch: false, presence: false });
  return res.channel as { frozen: boolean; name?: string; description?: string };
}

async function listAll(token: string, limit: number): Promise<TestChannel[]> {
  const all: TestChannel[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const query: string = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await callJson<Page>(`/channels${query}`, { token });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body.channels.length).toBeLessThanOrEqual(limit);
    all.push(...page.body.channels);
    cursor = page.body.next_cursor;
    if (!cursor) return all;
  }
  throw new Error('pagination did not end');
}

let t: TenantWithRoles;
let other: TenantWithRoles;

beforeAll(async () => {
  [t, other] = await Promise.all([tenantWithRoles(), tenantWithRoles()]);
}, 60_000);

describe('POST /channels', () => {
  it('creates the channel in both stores, as the design document specifies', async () => {
    const name = `Ekemini ${unique()}`;
    const res = await callJson<TestChannel>('/channels', {
      token: t.admin.token,
      body: { name, description: 'EkeminiOS channel for the team' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const ch = res.body;
    expect(Object.keys(ch).sort()).toEqual(
      [
        'archived_at',
        'created_at',
        'created_by',
        'description',
        'id',
        'name',
        'stream_id',
        'tenant_id',
      ].sort(),
    );
    expect(ch).toMatchObject({
      name,
      description: 'EkeminiOS channel for the team',
      tenant_id: t.tenant.id,
      created_by: t.admin.user.id,
      archived_at: null,
    });
    expect(ch.id).toMatch(new RegExp(`^${UUID}$`));
    expect(ch.stream_id).toMatch(new RegExp(`^${t.tenant.id.slice(0, 8)}-${UUID}$`));
    expect(Math.abs(Date.parse(ch.created_at) - Date.now())).toBeLessThan(60_000);

    const s = await streamChannel(ch.stream_id);
    expect(s).toBeDefined();
    expect(s!.type).toBe('messaging');
    expect(s!.id).toBe(ch.stream_id);
    expect(s!.created_by_id).toBe(t.admin.user.id);
    expect(s!.members).toEqual([t.admin.user.id]);
    expect(s!.data).toEqual({
      tenant_id: t.tenant.id,
      name,
      description: 'EkeminiOS channel for the team',
    });

    const got = await callJson<TestChannel>(`/channels/${ch.stream_id}`, { token: t.member.token });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(ch);
  });

  it('lets a moderator create; the description defaults to empty and names are trimmed', async () => {
    const name = `Mods ${unique()}`;
    const res = await callJson<TestChannel>('/channels', {
      token: t.moderator.token,
      body: { name: `  ${name}  ` },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ name, description: '', created_by: t.moderator.user.id });
    const s = await streamChannel(res.body.stream_id);
    expect(s!.members).toEqual([t.moderator.user.id]);
    expect(s!.data).toEqual({ tenant_id: t.tenant.id, name, description: '' });
  });

  it('refuses a member with 403 and creates nothing anywhere', async () => {
    const name = `Members ${unique()}`;
    const res = await callJson('/channels', { token: t.member.token, body: { name } });
    expectError(res, 403, 'insufficient_role');
    expect((await streamChannelsOf(t.tenant.id)).some((c) => c.data.name === name)).toBe(false);
    // The name was never taken.
    await createChannel(t.admin.token, name);
  });

  it('needs a valid, tenant-scoped token', async () => {
    expectError(await callJson('/channels', { body: { name: 'x' } }), 401, 'missing_token');
    expectError(
      await callJson('/channels', { token: 'not.a.jwt', body: { name: 'x' } }),
      401,
      'invalid_token',
    );
    // The registration token is not scoped to a tenant.
    expectError(
      await callJson('/channels', { token: t.admin.user.token, body: { name: 'x' } }),
      403,
      'tenant_required',
    );
  });

  it('validates the body with 400 and field details', async () => {
    const missing = await callJson<ErrorBody>('/channels', {
      token: t.admin.token,
      body: { description: 'd' },
    });
    expectError(missing, 400, 'validation_failed');
    expect(missing.body.details?.map((d) => d.field)).toContain('body.name');
    expectError(
      await callJson('/channels', { token: t.admin.token, body: { name: '   ' } }),
      400,
      'validation_failed',
    );
    expectError(
      await callJson('/channels', { token: t.admin.token, body: { name: 'x'.repeat(101) } }),
      400,
      'validation_failed',
    );
    expectError(
      await callJson('/channels', { token: t.admin.token, body: { name: 42 } }),
      400,
      'validation_failed',
    );
    expectError(
      await callJson('/channels', {
        token: t.admin.token,
        body: { name: 'ok', description: 'd'.repeat(1001) },
      }),
      400,
      'validation_failed',
    );
    expectError(
      await callJson('/channels', { token: t.admin.token, body: '{"name":' }),
      400,
      'invalid_json',
    );
    const res = await call('/channels', {
      token: t.admin.token,
      body: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('keeps names unique per tenant, case-insensitively; another tenant may reuse one', async () => {
    const name = `General ${unique()}`;
    const first = await createChannel(t.admin.token, name);
    const dup = await callJson('/channels', {
      token: t.moderator.token,
      body: { name: name.toUpperCase() },
    });
    expectError(dup, 409, 'channel_name_taken');
    expectError(
      await callJson('/channels', {
        token: t.admin.token,
        body: { name: ` ${name.toLowerCase()} ` },
      }),
      409,
      'channel_name_taken',
    );
    // Stream got nothing for the refused duplicates.
    expect(
      (await streamChannelsOf(t.tenant.id))
        .filter((c) => String(c.data.name).toLowerCase() === name.toLowerCase())
        .map((c) => c.id),
    ).toEqual([first.stream_id]);
    const elsewhere = await createChannel(other.admin.token, name);
    expect(elsewhere.tenant_id).toBe(other.tenant.id);
    expect(elsewhere.stream_id.startsWith(other.tenant.id.slice(0, 8))).toBe(true);
  });

  it('frees the name of an archived channel', async () => {
    const name = `Reuse ${unique()}`;
    const first = await createChannel(t.admin.token, name);
    expect(
      (await callJson(`/channels/${first.stream_id}`, { method: 'DELETE', token: t.admin.token }))
        .status,
    ).toBe(200);
    const second = await createChannel(t.admin.token, name);
    expect(second.stream_id).not.toBe(first.stream_id);
  });
});

describe('GET /channels', () => {
  it("lists only the caller's tenant, newest first, and pages through all without duplicates", async () => {
    const roles = await tenantWithRoles();
    const foreign = await createChannel(other.admin.token, `Foreign ${unique()}`);
    const made: TestChannel[] = [];
    for (let i = 0; i < 3; i++) made.push(await createChannel(roles.admin.token, `Seq ${i}`));
    // Concurrent creations land close together (same millisecond is likely): pagination must cope.
    made.push(
      ...(await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          createChannel(i % 2 ? roles.moderator.token : roles.admin.token, `Par ${i}`),
        ),
      )),
    );
    const full = await callJson<Page>('/channels?limit=100', { token: roles.member.token });
    expect(full.status).toBe(200);
    expect(full.body.next_cursor).toBeNull();
    const ids = full.body.channels.map((c) => c.stream_id);
    expect(new Set(ids)).toEqual(new Set(made.map((c) => c.stream_id)));
    expect(ids).not.toContain(foreign.stream_id);
    expect(full.body.channels.every((c) => c.tenant_id === roles.tenant.id)).toBe(true);
    // Newest first: created_at never increases down the list.
    const times = full.body.channels.map((c) => Date.parse(c.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // The three sequential ones, oldest made first, come last in reverse order.
    expect(ids.slice(-3)).toEqual([made[2]!.stream_id, made[1]!.stream_id, made[0]!.stream_id]);

    for (const limit of [1, 2, 3, 5]) {
      const paged = await listAll(roles.member.token, limit);
      expect(
        paged.map((c) => c.stream_id),
        `limit=${limit}`,
      ).toEqual(ids);
    }
    // The default page holds them all.
    const def = await callJson<Page>('/channels', { token: roles.admin.token });
    expect(def.body.channels.map((c) => c.stream_id)).toEqual(ids);
  });

  it('pages correctly through channels created within the same millisecond (microsecond timestamps)', async () => {
    // Postgres keeps microseconds; a cursor cut to milliseconds would skip or repeat rows that
    // share the page boundary's millisecond. The local database only produces millisecond
    // timestamps, so give four real channels microsecond-apart creation times directly.
    const admin = await registerUser('Micro');
    const { adminToken, tenant } = await createTenant(admin);
    const made = [];
    for (let i = 0; i < 4; i++) made.push(await createChannel(adminToken, `Micro ${i}`));
    const db = servicesFor(env).db;
    for (const [i, ch] of made.entries()) {
      await db.execute(
        sql`update channels set created_at = ${`2026-01-01T00:00:00.1234${i}5Z`}::timestamptz where stream_id = ${ch.stream_id} and tenant_id = ${tenant.id}`,
      );
    }
    const newestFirst = made.map((c) => c.stream_id).reverse();
    for (const limit of [1, 2, 3]) {
      const paged = await listAll(adminToken, limit);
      expect(
        paged.map((c) => c.stream_id),
        `limit=${limit}`,
      ).toEqual(newestFirst);
    }
  });

  it('is empty for a tenant without channels and hides archived channels', async () => {
    const admin = await registerUser('Lonely');
    const { adminToken } = await createTenant(admin);
    const empty = await callJson<Page>('/channels', { token: adminToken });
    expect(empty.body).toEqual({ channels: [], next_cursor: null });
    const ch = await createChannel(adminToken, 'Soon archived');
    const kept = await createChannel(adminToken, 'Kept');
    await callJson(`/channels/${ch.stream_id}`, { method: 'DELETE', token: adminToken });
    const after = await callJson<Page>('/channels', { token: adminToken });
    expect(after.body.channels.map((c) => c.stream_id)).toEqual([kept.stream_id]);
  });

  it('rejects bad limits and cursors with 400', async () => {
    for (const q of [
      'limit=0',
      'limit=101',
      'limit=abc',
      'limit=1.5',
      'limit=-1',
      'cursor=nonsense',
      'cursor=',
      `cursor=${btoa('["x","y"]')}`,
      `cursor=${'a'.repeat(300)}`,
    ]) {
      const res = await callJson<ErrorBody>(`/channels?${q}`, { token: t.member.token });
      expectError(res, 400, 'validation_failed');
    }
  });

  it('needs authentication', async () => {
    expectError(await callJson('/channels'), 401, 'missing_token');
    expectError(await callJson('/channels', { token: t.admin.user.token }), 403, 'tenant_required');
  });
});

describe('GET /channels/{stream_id}', () => {
  it('returns a channel to any member of its tenant; 404 for unknown and for other tenants', async () => {
    const ch = await createChannel(t.admin.token, `Get ${unique()}`, 'desc');
    for (const token of [t.admin.token, t.moderator.token, t.member.token]) {
      const res = await callJson<TestChannel>(`/channels/${ch.stream_id}`, { token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(ch);
    }
    const foreign = await callJson<ErrorBody>(`/channels/${ch.stream_id}`, {
      token: other.admin.token,
    });
    expectError(foreign, 404, 'channel_not_found');
    const unknown = await callJson<ErrorBody>(
      `/channels/${t.tenant.id.slice(0, 8)}-${crypto.randomUUID()}`,
      {
        token: t.admin.token,
      },
    );
    expectError(unknown, 404, 'channel_not_found');
    // Same answer for "exists elsewhere" and "does not exist": nothing is revealed.
    expect(foreign.body.error).toBe(unknown.body.error);
  });

  it('rejects ids Stream could never hold with 400', async () => {
    expectError(
      await callJson(`/channels/${'a'.repeat(65)}`, { token: t.admin.token }),
      400,
      'validation_failed',
    );
    expectError(
      await callJson('/channels/a.b', { token: t.admin.token }),
      400,
      'validation_failed',
    );
    expectError(
      await callJson('/channels/a%20b', { token: t.admin.token }),
      400,
      'validation_failed',
    );
  });
});

describe('PATCH /channels/{stream_id}', () => {
  it('renames and redescribes in both stores (admin and moderator)', async () => {
    const ch = await createChannel(t.admin.token, `Patch ${unique()}`, 'before');
    const newName = `Renamed ${unique()}`;
    const res = await callJson<TestChannel>(`/channels/${ch.stream_id}`, {
      method: 'PATCH',
      token: t.moderator.token,
      body: { name: newName },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ ...ch, name: newName });
    expect((await streamChannel(ch.stream_id))!.data).toEqual({
      tenant_id: t.tenant.id,
      name: newName,
      description: 'before',
    });

    const res2 = await callJson<TestChannel>(`/channels/${ch.stream_id}`, {
      method: 'PATCH',
      token: t.admin.token,
      body: { description: 'after' },
    });
    expect(res2.status).toBe(200);
    expect(res2.body).toEqual({ ...ch, name: newName, description: 'after' });
    expect((await streamChannel(ch.stream_id))!.data).toEqual({
      tenant_id: t.tenant.id,
      name: newName,
      description: 'after',
    });
    const got = await callJson<TestChannel>(`/channels/${ch.stream_id}`, { token: t.member.token });
    expect(got.body).toEqual(res2.body);
    // The old name is free again.
    await createChannel(t.admin.token, ch.name);
  });

  it('can clear the description', async () => {
    const ch = await createChannel(t.admin.token, `Clear ${unique()}`, 'something');
    const res = await callJson<TestChannel>(`/channels/${ch.stream_id}`, {
      method: 'PATCH',
      token: t.admin.token,
      body: { description: '' },
    });
    expect(res.status).toBe(200);
    expect(res.body.description).toBe('');
    expect((await streamChannel(ch.stream_id))!.data.description).toBe('');
  });

  it('refuses members, empty and invalid bodies, and name clashes; nothing changes', async () => {
    const ch = await createChannel(t.admin.token, `Stable ${unique()}`, 'desc');
    const taken = await createChannel(t.admin.token, `Taken ${unique()}`);
    const path = `/channels/${ch.stream_id}`;
    expectError(
      await callJson(path, { method: 'PATCH', token: t.member.token, body: { name: 'x' } }),
      403,
      'insufficient_role',
    );
    expectError(
      await callJson(path, { method: 'PATCH', token: t.admin.token, body: {} }),
      400,
      'validation_failed',
    );
    expectError(
      await callJson(path, { method: 'PATCH', token: t.admin.token, body: { name: '  ' } }),
      400,
      'validation_failed',
    );
    expectError(
      await callJson(path, {
        method: 'PATCH',
        token: t.admin.token,
        body: { name: taken.name.toLowerCase() },
      }),
      409,
      'channel_name_taken',
    );
    expect((await callJson<TestChannel>(path, { token: t.admin.token })).body).toEqual(ch);
    expect((await streamChannel(ch.stream_id))!.data).toEqual({
      tenant_id: t.tenant.id,
      name: ch.name,
      description: 'desc',
    });
  });

  it("answers 404 for another tenant's channel and changes nothing", async () => {
    const ch = await createChannel(t.admin.token, `Victim ${unique()}`, 'orig');
    const res = await callJson(`/channels/${ch.stream_id}`, {
      method: 'PATCH',
      token: other.admin.token,
      body: { name: 'Hijacked', description: 'pwned' },
    });
    expectError(res, 404, 'channel_not_found');
    expect(
      (await callJson<TestChannel>(`/channels/${ch.stream_id}`, { token: t.admin.token })).body,
    ).toEqual(ch);
    expect((await streamChannel(ch.stream_id))!.data).toEqual({
      tenant_id: t.tenant.id,
      name: ch.name,
      description: 'orig',
    });
  });

  it('answers 404 for an archived channel', async () => {
    const ch = await createChannel(t.admin.token, `Gone ${unique()}`);
    await callJson(`/channels/${ch.stream_id}`, { method: 'DELETE', token: t.admin.token });
    expectError(
      await callJson(`/channels/${ch.stream_id}`, {
        method: 'PATCH',
        token: t.admin.token,
        body: { name: 'New' },
      }),
      404,
      'channel_not_found',
    );
  });
});

describe('DELETE /channels/{stream_id}', () => {
  it('archives: hidden from lists, no new messages, still readable, Stream channel frozen', async () => {
    const ch = await createChannel(t.admin.token, `Archive ${unique()}`, 'old');
    const sent = await callJson('/messages', {
      token: t.member.token,
      body: { stream_id: ch.stream_id, text: 'before' },
    });
    expect(sent.status).toBe(201);
    expect((await streamChannelInfo(ch.stream_id)).frozen).toBe(false);

    const res = await callJson<TestChannel>(`/channels/${ch.stream_id}`, {
      method: 'DELETE',
      token: t.admin.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ ...ch, archived_at: expect.any(String) });
    expect(Math.abs(Date.parse(res.body.archived_at!) - Date.now())).toBeLessThan(60_000);

    const got = await callJson<TestChannel>(`/channels/${ch.stream_id}`, { token: t.member.token });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
    const list = await callJson<Page>('/channels?limit=100', { token: t.member.token });
    expect(list.body.channels.map((c) => c.stream_id)).not.toContain(ch.stream_id);

    expectError(
      await callJson('/messages', {
        token: t.admin.token,
        body: { stream_id: ch.stream_id, text: 'after' },
      }),
      404,
      'channel_not_found',
    );
    const history = await callJson<{ messages: Array<{ text: string }> }>(
      `/messages/${ch.stream_id}`,
      { token: t.member.token },
    );
    expect(history.body.messages.map((m) => m.text)).toEqual(['before']);

    const s = await streamChannel(ch.stream_id);
    expect(s).toBeDefined();
    expect(s!.deleted_at).toBeNull();
    expect(s!.message_count).toBe(1);
    expect((await streamChannelInfo(ch.stream_id)).frozen).toBe(true);

    // A second archive finds no live channel.
    expectError(
      await callJson(`/channels/${ch.stream_id}`, { method: 'DELETE', token: t.admin.token }),
      404,
      'channel_not_found',
    );
  });

  it('is for admins only', async () => {
    const ch = await createChannel(t.admin.token, `Admins ${unique()}`);
    expectError(
      await callJson(`/channels/${ch.stream_id}`, { method: 'DELETE', token: t.moderator.token }),
      403,
      'insufficient_role',
    );
    expectError(
      await callJson(`/channels/${ch.stream_id}`, { method: 'DELETE', token: t.member.token }),
      403,
      'insufficient_role',
    );
    expect(
      (await callJson<TestChannel>(`/channels/${ch.stream_id}`, { token: t.admin.token })).body
        .archived_at,
    ).toBeNull();
  });

  it("answers 404 for another tenant's channel and archives nothing", async () => {
    const ch = await createChannel(t.admin.token, `Keep ${unique()}`);
    expectError(
      await callJson(`/channels/${ch.stream_id}`, { method: 'DELETE', token: other.admin.token }),
      404,
      'channel_not_found',
    );
    expect(
      (await callJson<TestChannel>(`/channels/${ch.stream_id}`, { token: t.admin.token })).body,
    ).toEqual(ch);
    expect(
      (await callJson<Page>('/channels?limit=100', { token: t.admin.token })).body.channels.map(
        (c) => c.stream_id,
      ),
    ).toContain(ch.stream_id);
    expect((await streamChannelInfo(ch.stream_id)).frozen).toBe(false);
    const sent = await callJson('/messages', {
      token: t.member.token,
      body: { stream_id: ch.stream_id, text: 'still open' },
    });
    expect(sent.status).toBe(201);
  });
});

describe('POST /channels/{stream_id}/members', () => {
  it("adds tenant members to the Stream channel's members", async () => {
    const ch = await createChannel(t.admin.token, `Members ${unique()}`);
    const res = await callJson<{ stream_id: string; added: string[] }>(
      `/channels/${ch.stream_id}/members`,
      {
        token: t.moderator.token,
        body: { user_ids: [t.member.user.id, t.moderator.user.id] },
      },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      stream_id: ch.stream_id,
      added: [t.member.user.id, t.moderator.user.id],
    });
    expect(new Set((await streamChannel(ch.stream_id))!.members)).toEqual(
      new Set([t.admin.user.id, t.member.user.id, t.moderator.user.id]),
    );
    // Adding again is harmless.
    const again = await callJson(`/channels/${ch.stream_id}/members`, {
      token: t.admin.token,
      body: { user_ids: [t.member.user.id] },
    });
    expect(again.status).toBe(200);
    expect((await streamChannel(ch.stream_id))!.members).toHaveLength(3);
  });

  it('refuses users of another tenant (and unknown users) with 404; Stream members unchanged', async () => {
    const ch = await createChannel(t.admin.token, `Closed ${unique()}`);
    const res = await callJson<ErrorBody>(`/channels/${ch.stream_id}/members`, {
      token: t.admin.token,
      body: { user_ids: [t.member.user.id, other.member.user.id] },
    });
    expectError(res, 404, 'user_not_found');
    expectError(
      await callJson(`/channels/${ch.stream_id}/members`, {
        token: t.admin.token,
        body: { user_ids: [crypto.randomUUID()] },
      }),
      404,
      'user_not_found',
    );
    expect((await streamChannel(ch.stream_id))!.members).toEqual([t.admin.user.id]);
  });

  it("answers 404 on another tenant's channel, 403 for members, 400 for bad ids; nothing changes", async () => {
    const ch = await createChannel(t.admin.token, `Guarded ${unique()}`);
    const path = `/channels/${ch.stream_id}/members`;
    expectError(
      await callJson(path, {
        token: other.admin.token,
        body: { user_ids: [other.member.user.id] },
      }),
      404,
      'channel_not_found',
    );
    expectError(
      await callJson(path, { token: other.admin.token, body: { user_ids: [other.admin.user.id] } }),
      404,
      'channel_not_found',
    );
    expectError(
      await callJson(path, { token: t.member.token, body: { user_ids: [t.member.user.id] } }),
      403,
      'insufficient_role',
    );
    expectError(
      await callJson(path, { token: t.admin.token, body: { user_ids: [] } }),
      400,
      'validation_failed',
    );
    expectError(
      await callJson(path, { token: t.admin.token, body: { user_ids: ['not-a-uuid'] } }),
      400,
      'validation_failed',
    );
    expectError(
      await callJson(path, { token: t.admin.token, body: { user_ids: ["x',Robert'); --"] } }),
      400,
      'validation_failed',
    );
    expect((await streamChannel(ch.stream_id))!.members).toEqual([t.admin.user.id]);
  });

  it('answers 404 for an archived channel', async () => {
    const ch = await createChannel(t.admin.token, `Frozen ${unique()}`);
    await callJson(`/channels/${ch.stream_id}`, { method: 'DELETE', token: t.admin.token });
    expectError(
      await callJson(`/channels/${ch.stream_id}/members`, {
        token: t.admin.token,
        body: { user_ids: [t.member.user.id] },
      }),
      404,
      'channel_not_found',
    );
    expect((await streamChannel(ch.stream_id))!.members).toEqual([t.admin.user.id]);
  });
});

it('a user in two tenants only reaches the tenant their token is scoped to', async () => {
  // A user who belongs to both tenants still only sees the tenant their token is scoped to.
  const both = await registerUser('Both');
  const tokenT = await joinTenant(t.tenant.id, t.admin.token, both, 'admin');
  const tokenOther = await joinTenant(other.tenant.id, other.admin.token, both, 'admin');
  const ch = await createChannel(tokenT, `Scoped ${unique()}`);
  expect(ch.tenant_id).toBe(t.tenant.id);
  expectError(
    await callJson(`/channels/${ch.stream_id}`, { token: tokenOther }),
    404,
    'channel_not_found',
  );
  const listed = await callJson<Page>('/channels?limit=100', { token: tokenOther });
  expect(listed.body.channels.map((c) => c.stream_id)).not.toContain(ch.stream_id);
});
