/**
 * Stream access ends when our database says so. Checked against the emulator directly (a
 * frontend's Stream token, the emulator's state), never through our own read routes alone:
 *  - user tokens create no channel of any type, and the sweep deletes tenant-tagged channels of
 *    any type that no row owns;
 *  - signing out everywhere, a password change, a removal from a tenant and a reused refresh
 *    token refuse the Stream tokens issued before them (code 40), and `GET /stream/token` then
 *    refuses the old access token (401);
 *  - a user token cannot rename itself in Stream, a name changed in Stream by anyone else is
 *    not what our routes show, and the user's repair puts Stream back.
 */
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { servicesFor } from '../../src/runtime/services';
import { call, callJson, expectError } from '../api';
import { markersFor, sweepOnce } from '../convergence';
import { createChannel, registerUser, type TestUser, tenantWithRoles, unique } from '../fixtures';
import { captureLogs } from '../logs';
import { createRogueChannel, streamServer, streamState } from '../stand-ins';

interface StreamToken {
  token: string;
  api_key: string;
  user_id: string;
}

const streamToken = async (accessToken: string) => {
  const res = await callJson<StreamToken>('/stream/token', { token: accessToken });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

/** A call to the emulator as the frontend SDK makes it, with a Stream user token. */
async function asStreamUser(
  t: StreamToken,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: { code?: number; message?: string } }> {
  const res = await fetch(`${env.STREAM_BASE_URL}${path}?api_key=${t.api_key}`, {
    method,
    headers: {
      authorization: t.token,
      'stream-auth-type': 'jwt',
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { code?: number; message?: string } };
}

/** Lists the caller's channels: any authenticated call shows whether Stream takes the token. */
const listChannels = (t: StreamToken) =>
  asStreamUser(t, 'POST', '/channels', { filter_conditions: { type: 'messaging' }, limit: 1 });

async function expectRevoked(t: StreamToken) {
  const res = await listChannels(t);
  expect(res.status, JSON.stringify(res.body)).toBe(401);
  expect(res.body.code).toBe(40);
  expect(res.body.message).toContain('revoked');
}

const serverClient = streamServer;

// Info lines (repairs, deleted orphans) are the point of these tests, not output.
beforeEach(() => {
  captureLogs();
});

describe('channel types', () => {
  it('a member’s Stream token creates a channel of no type (403/17), even of its own team', async () => {
    const t = await tenantWithRoles();
    const token = await streamToken(t.member.token);
    const { channel_types } = await (await serverClient()).listChannelTypes();
    const types = Object.keys(channel_types);
    expect(types).toEqual(
      expect.arrayContaining(['messaging', 'team', 'livestream', 'gaming', 'commerce']),
    );
    for (const type of types) {
      const res = await asStreamUser(token, 'POST', `/channels/${type}/rogue-${unique()}/query`, {
        data: {
          members: [t.member.user.id, t.moderator.user.id],
          team: t.tenant.id,
          tenant_id: t.tenant.id,
          name: 'Official announcements',
        },
      });
      expect(res.status, `${type}: ${JSON.stringify(res.body)}`).toBe(403);
      expect(res.body.code).toBe(17);
    }
    const state = await streamState();
    expect(state.channels.filter((c) => c.id.startsWith('rogue-'))).toEqual([]);
  });

  it('the sweep deletes a tenant-tagged channel of every type that no row owns', async () => {
    const t = await tenantWithRoles();
    const own = await createChannel(t.admin.token, `Ours ${unique()}`);
    const client = await serverClient();
    const { channel_types } = await client.listChannelTypes();
    const rogue = Object.keys(channel_types).map((type) => ({ type, id: `rogue-${unique()}` }));
    // Including a channel of another type that borrows one of our channels' ids.
    rogue.push({ type: 'team', id: own.stream_id });
    for (const { type, id } of rogue) {
      await createRogueChannel(client, { type, id }, t.tenant.id, t.member.user.id);
    }
    const report = await sweepOnce();
    expect(report.orphansDeleted).toBeGreaterThanOrEqual(rogue.length);
    const left = (await streamState()).channels.filter((c) => !c.deleted_at);
    for (const { type, id } of rogue) {
      expect(left.some((c) => c.type === type && c.id === id)).toBe(false);
    }
    expect(left.some((c) => c.cid === `messaging:${own.stream_id}`)).toBe(true);
  });
});

describe('Stream access follows the session', () => {
  it('sign-out everywhere: the Stream token issued before is refused, GET /stream/token with the old token is 401', async () => {
    const user = await registerUser('Leaver');
    const before = await streamToken(user.token);
    expect((await listChannels(before)).status).toBe(201);
    expect((await call('/me/sessions', { method: 'DELETE', token: user.token })).status).toBe(204);
    await expectRevoked(before);
    expectError(await callJson('/stream/token', { token: user.token }), 401, 'session_ended');
  });

  it('one device signed out: every Stream token of the user is refused; the other device gets a new one', async () => {
    const user = await registerUser('Two devices');
    const other = await callJson<{ token: string }>('/auth/login', {
      body: { email: user.email, password: user.password },
    });
    const before = await streamToken(other.body.token);
    expect((await call('/auth/logout', { method: 'POST', token: user.token })).status).toBe(204);
    await expectRevoked(before);
    expectError(await callJson('/stream/token', { token: user.token }), 401, 'session_ended');
    // The other device's session is alive: its token provider gets a token Stream takes.
    const fresh = await streamToken(other.body.token);
    expect((await listChannels(fresh)).status).toBe(201);
  });

  it('a password change: the old Stream token is refused, the old access token gets 401, the new one a working token', async () => {
    const user = await registerUser('Changer');
    const before = await streamToken(user.token);
    const changed = await callJson<{ token: string }>('/me/password', {
      token: user.token,
      body: { current_password: user.password, new_password: 'a brand new secret' },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    await expectRevoked(before);
    expectError(await callJson('/stream/token', { token: user.token }), 401, 'session_ended');
    const fresh = await streamToken(changed.body.token);
    expect((await listChannels(fresh)).status).toBe(201);
  });

  it('a removal from the tenant: the old Stream token is refused; the tenant-scoped access token gets 401', async () => {
    const t = await tenantWithRoles();
    const before = await streamToken(t.member.token);
    const removed = await call(`/tenants/${t.tenant.id}/members/${t.member.user.id}`, {
      method: 'DELETE',
      token: t.admin.token,
    });
    expect(removed.status).toBe(204);
    await expectRevoked(before);
    expectError(
      await callJson('/stream/token', { token: t.member.token }),
      401,
      'tenant_access_ended',
    );
    // Still signed in: an unscoped token gets a Stream token that works.
    const fresh = await streamToken(t.member.user.token);
    expect((await listChannels(fresh)).status).toBe(201);
  });

  it('a reused refresh token: the session ends and so do the Stream tokens issued before', async () => {
    const user = await registerUser('Copied');
    const before = await streamToken(user.token);
    const first = await callJson<{ refresh_token: string }>('/auth/refresh', {
      body: { refresh_token: user.refreshToken },
    });
    expect(first.status).toBe(200);
    // Past the grace window for a client's own parallel refreshes.
    await servicesFor(env).db.execute(
      sql`update refresh_tokens set rotated_at = now() - interval '1 hour' where rotated_at is not null
        and session_id = ${user.refreshToken.split('.')[0]}`,
    );
    expectError(
      await callJson('/auth/refresh', { body: { refresh_token: user.refreshToken } }),
      401,
      'refresh_token_reused',
    );
    await expectRevoked(before);
  });
});

describe('the Stream profile is ours', () => {
  const streamUser = async (id: string) => (await streamState()).users.find((u) => u.id === id);

  async function memberWithMessage(): Promise<{
    user: TestUser;
    token: string;
    adminToken: string;
    streamId: string;
  }> {
    const t = await tenantWithRoles();
    const ch = await createChannel(t.admin.token, `Names ${unique()}`);
    const sent = await callJson('/messages', {
      token: t.member.token,
      body: { stream_id: ch.stream_id, text: 'hello' },
    });
    expect(sent.status).toBe(201);
    return {
      user: t.member.user,
      token: t.member.token,
      adminToken: t.admin.token,
      streamId: ch.stream_id,
    };
  }

  it('a user token cannot rename itself or set fields in Stream (403/17)', async () => {
    const { user, token } = await memberWithMessage();
    const own = await streamToken(token);
    const res = await asStreamUser(own, 'PATCH', '/users', {
      users: [{ id: user.id, set: { name: 'The Admin\u202E (staff)', verified_staff: true } }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(403);
    expect(res.body.code).toBe(17);
    expect((await streamUser(user.id))?.name).toBe(user.name);
  });

  it('GET /messages shows our names whatever Stream says; the repair puts Stream back', async () => {
    const { user, token, streamId } = await memberWithMessage();
    // Another backend on the same Stream app renames the user and adds a field.
    await (await serverClient()).partialUpdateUser({
      id: user.id,
      // A custom field next to the name: not in the SDK's user type.
      set: { name: 'Impostor', verified_staff: true } as { name: string },
    });
    const read = await callJson<{ messages: Array<{ user_id: string; user_name?: string }> }>(
      `/messages/${streamId}`,
      { token },
    );
    expect(read.status).toBe(200);
    expect(read.body.messages.map((m) => [m.user_id, m.user_name])).toEqual([[user.id, user.name]]);

    await servicesFor(env).db.execute(
      sql`insert into stream_sync (kind, key, due_at) values ('user', ${user.id}, now())`,
    );
    await sweepOnce();
    expect(await markersFor(user.id)).toEqual([]);
    const repaired = await streamUser(user.id);
    expect(repaired?.name).toBe(user.name);
    expect(repaired).not.toHaveProperty('verified_staff');
  });

  it('a message from an account that no longer exists shows no name', async () => {
    const { user, adminToken, streamId } = await memberWithMessage();
    // The message stays in Stream; our users table no longer has its author.
    await servicesFor(env).db.execute(sql`delete from users where id = ${user.id}`);
    const res = await callJson<{ messages: Array<{ user_id: string; user_name?: string }> }>(
      `/messages/${streamId}`,
      { token: adminToken },
    );
    expect(res.status).toBe(200);
    expect(res.body.messages[0]?.user_name).toBeUndefined();
  });
});
