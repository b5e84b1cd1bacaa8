import { env } from 'cloudflare:workers';
import { decode } from 'hono/jwt';
import { afterEach, describe, expect, it } from 'vitest';
import { call, callJson, type ErrorBody, expectError, expectInvalid } from '../../../test/api';
import {
  createChannel,
  createTenant,
  joinTenant,
  type Role,
  registerUser,
  tenantWithRoles,
} from '../../../test/fixtures';
import { captureLogs } from '../../../test/logs';
import { neonFaults, streamFaults, streamState } from '../../../test/stand-ins';

interface Member {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  joined_at: string;
}
interface TenantListItem {
  id: string;
  name: string;
  role: Role;
  created_at: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

afterEach(async () => {
  await Promise.all([neonFaults.clear(), streamFaults.clear()]);
});

/** Two error bodies that must not be told apart (request ids aside). */
function expectSameError(a: { body: unknown }, b: { body: unknown }) {
  const { request_id: _a, ...restA } = a.body as ErrorBody;
  const { request_id: _b, ...restB } = b.body as ErrorBody;
  expect(restA).toEqual(restB);
}

// --- API shorthands ---------------------------------------------------------------------------

const listTenants = (token: string) =>
  callJson<{ tenants: TenantListItem[] }>('/tenants', { token });
const postTenant = (token: string, body: unknown) =>
  callJson<{
    tenant: { id: string; name: string; created_at: string };
    role: string;
    token: string;
  }>('/tenants', {
    token,
    body,
  });
const listMembers = (tenantId: string, token: string) =>
  callJson<{ members: Member[] }>(`/tenants/${tenantId}/members`, { token });
const patchMember = (tenantId: string, userId: string, token: string, body: unknown) =>
  callJson<{ member: Member }>(`/tenants/${tenantId}/members/${userId}`, {
    method: 'PATCH',
    token,
    body,
  });
const deleteMember = (tenantId: string, userId: string, token: string) =>
  call(`/tenants/${tenantId}/members/${userId}`, { method: 'DELETE', token });
const switchTenant = (tenantId: string, token: string) =>
  callJson<{ token: string; expires_at: string; tenant: { id: string; name: string }; role: Role }>(
    `/tenants/${tenantId}/token`,
    { method: 'POST', token },
  );

async function deleteJson(tenantId: string, userId: string, token: string) {
  const res = await deleteMember(tenantId, userId, token);
  const text = await res.text();
  return { status: res.status, text, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** The tenant's members as {user_id: role}, read through the API by a member. */
async function roster(tenantId: string, token: string): Promise<Record<string, Role>> {
  const res = await listMembers(tenantId, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return Object.fromEntries(res.body.members.map((m) => [m.user_id, m.role]));
}

/** Full member records, to prove that a failed write changed nothing at all. */
async function membersOf(tenantId: string, token: string): Promise<Member[]> {
  const res = await listMembers(tenantId, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.members;
}

/** A channel in the tenant whose Stream membership includes `user` (they posted in it). */
async function channelWithMember(adminToken: string, userToken: string) {
  const channel = await createChannel(adminToken);
  const sent = await callJson('/messages', {
    token: userToken,
    body: { stream_id: channel.stream_id, text: 'hi' },
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  return channel;
}

async function streamMembers(streamId: string): Promise<string[]> {
  const { channels } = await streamState(`messaging:${streamId}`);
  expect(channels).toHaveLength(1);
  return channels[0]!.members;
}

/** What the user's own Stream token (GET /stream/token) can reach in Stream. */
async function streamChannelsVisibleTo(token: string): Promise<string[]> {
  const { body } = await callJson<{ token: string; api_key: string }>('/stream/token', { token });
  const res = await fetch(`${env.STREAM_BASE_URL}/channels?api_key=${body.api_key}`, {
    method: 'POST',
    headers: {
      'stream-auth-type': 'jwt',
      authorization: body.token,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ filter_conditions: { type: 'messaging' }, limit: 30 }),
  });
  expect(res.status).toBe(201);
  const { channels } = (await res.json()) as { channels: Array<{ channel: { id: string } }> };
  return channels.map((c) => c.channel.id).sort();
}

/** A second tenant whose admin tries to reach tenant A's ids. */
async function outsider() {
  const user = await registerUser('Outsider Admin');
  const { tenant, adminToken } = await createTenant(user);
  const bystander = await registerUser('Outsider Member');
  await joinTenant(tenant.id, adminToken, bystander, 'member');
  return { user, tenant, token: adminToken, bystander };
}

// --- GET /tenants -----------------------------------------------------------------------------

describe('GET /tenants', () => {
  it('is empty for a new user', async () => {
    const user = await registerUser();
    expect(await listTenants(user.token)).toMatchObject({ status: 200, body: { tenants: [] } });
  });

  it("lists only the caller's tenants, with the caller's role in each, oldest first", async () => {
    const user = await registerUser();
    const { tenant: own } = await createTenant(user, 'Own Tenant');
    const other = await registerUser();
    const { tenant: joined, adminToken } = await createTenant(other, 'Joined Tenant');
    await joinTenant(joined.id, adminToken, user, 'moderator');
    const { tenant: foreign } = await createTenant(other, 'Foreign Tenant');

    const res = await listTenants(user.token);
    expect(res.status).toBe(200);
    expect(res.body.tenants).toEqual([
      { id: own.id, name: 'Own Tenant', role: 'admin', created_at: expect.stringMatching(ISO) },
      {
        id: joined.id,
        name: 'Joined Tenant',
        role: 'moderator',
        created_at: expect.stringMatching(ISO),
      },
    ]);
    expect(res.body.tenants.map((t) => t.id)).not.toContain(foreign.id);
    expect(Date.parse(res.body.tenants[0]!.created_at)).toBeLessThanOrEqual(
      Date.parse(res.body.tenants[1]!.created_at),
    );

    // Another user's view is theirs alone.
    const otherView = await listTenants(other.token);
    expect(otherView.body.tenants.map((t) => [t.name, t.role])).toEqual([
      ['Joined Tenant', 'admin'],
      ['Foreign Tenant', 'admin'],
    ]);
  });

  it('is the same whichever tenant the token is scoped to', async () => {
    const t = await tenantWithRoles();
    const { tenant: second } = await createTenant(t.member.user);
    const scoped = await listTenants(t.member.token);
    const unscoped = await listTenants(t.member.user.token);
    expect(scoped.body).toEqual(unscoped.body);
    expect(scoped.body.tenants.map((x) => [x.id, x.role])).toEqual([
      [t.tenant.id, 'member'],
      [second.id, 'admin'],
    ]);
  });

  it('is 401 without a token', async () => {
    expectError(await callJson('/tenants'), 401, 'missing_token');
  });

  it('is 503 when the database fails', async () => {
    const logs = captureLogs();
    const user = await registerUser();
    await neonFaults.inject({ op: '*', status: 503, count: 1 });
    expectError(await listTenants(user.token), 503, 'database_unavailable');
    await neonFaults.inject({ op: '*', drop: true, count: 1 });
    expectError(await listTenants(user.token), 503, 'database_unavailable');
    expect(logs.expect('error', 'database_unavailable')).toHaveLength(2);
    expect((await listTenants(user.token)).status).toBe(200);
  });
});

// --- POST /tenants ----------------------------------------------------------------------------

describe('POST /tenants', () => {
  it('creates the tenant with the caller as admin and returns a token scoped to it', async () => {
    const user = await registerUser('Founder');
    const res = await postTenant(user.token, { name: '  EkeminiOS  ' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['role', 'tenant', 'token']);
    expect(res.body.tenant).toEqual({
      id: expect.stringMatching(UUID),
      name: 'EkeminiOS',
      created_at: expect.stringMatching(ISO),
    });
    expect(res.body.role).toBe('admin');
    const { payload } = decode(res.body.token);
    expect(payload).toMatchObject({ sub: user.id, tid: res.body.tenant.id, role: 'admin' });

    expect((await listTenants(user.token)).body.tenants).toEqual([
      { ...res.body.tenant, role: 'admin' },
    ]);
    const members = await membersOf(res.body.tenant.id, res.body.token);
    expect(members).toEqual([
      {
        user_id: user.id,
        email: user.email,
        name: 'Founder',
        role: 'admin',
        joined_at: expect.stringMatching(ISO),
      },
    ]);
    // The scoped token serves tenant-scoped routes.
    expect((await callJson('/channels', { token: res.body.token })).status).toBe(200);
  });

  it('works with a token scoped to another tenant, and allows duplicate names across tenants', async () => {
    const t = await tenantWithRoles();
    const a = await postTenant(t.member.token, { name: 'Same Name' });
    const b = await postTenant(t.member.token, { name: 'Same Name' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.tenant.id).not.toBe(b.body.tenant.id);
    expect(decode(a.body.token).payload).toMatchObject({
      sub: t.member.user.id,
      tid: a.body.tenant.id,
      role: 'admin',
    });
  });

  it.each([
    ['name missing', {}],
    ['name empty', { name: '' }],
    ['name blank', { name: '    ' }],
    ['name too long', { name: 'n'.repeat(101) }],
    ['name not a string', { name: 42 }],
    ['name with a NUL character', { name: 'a\u0000b' }],
  ])('is 400 validation_failed when %s, and creates nothing', async (_case, body) => {
    const user = await registerUser();
    expectInvalid(await postTenant(user.token, body), 'body.name');
    expect((await listTenants(user.token)).body.tenants).toEqual([]);
  });

  it('accepts a 100-character name', async () => {
    const user = await registerUser();
    const res = await postTenant(user.token, { name: 'n'.repeat(100) });
    expect(res.status).toBe(201);
    expect(res.body.tenant.name).toBe('n'.repeat(100));
  });

  it('is 400 invalid_json for malformed JSON and 415 for a non-JSON body', async () => {
    const user = await registerUser();
    expectError(
      await callJson('/tenants', { token: user.token, method: 'POST', body: '{"name": ' }),
      400,
      'invalid_json',
    );
    expectError(
      await callJson('/tenants', {
        token: user.token,
        body: 'name=x',
        headers: { 'content-type': 'text/plain' },
      }),
      415,
      'unsupported_media_type',
    );
    expect((await listTenants(user.token)).body.tenants).toEqual([]);
  });

  it('is 401 without a token', async () => {
    expectError(await callJson('/tenants', { body: { name: 'x' } }), 401, 'missing_token');
  });

  it('is 503 when the database fails, and creates nothing', async () => {
    const logs = captureLogs();
    const user = await registerUser();
    await neonFaults.inject({ op: '*', status: 503, count: 1 });
    expectError(await postTenant(user.token, { name: 'Down' }), 503, 'database_unavailable');
    await neonFaults.inject({ op: '*', drop: true, count: 1 });
    expectError(await postTenant(user.token, { name: 'Down' }), 503, 'database_unavailable');
    expect(logs.expect('error', 'database_unavailable')).toHaveLength(2);
    expect((await listTenants(user.token)).body.tenants).toEqual([]);
  });
});

// --- POST /tenants/{id}/token -----------------------------------------------------------------

describe('POST /tenants/{id}/token', () => {
  it('gives each member a token scoped to the tenant with their role, without a password', async () => {
    const t = await tenantWithRoles();
    for (const [who, role] of [
      [t.admin, 'admin'],
      [t.moderator, 'moderator'],
      [t.member, 'member'],
    ] as const) {
      // From the unscoped registration token.
      const res = await switchTenant(t.tenant.id, who.user.token);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({
        token: expect.any(String),
        expires_at: expect.stringMatching(ISO),
        tenant: { id: t.tenant.id, name: t.tenant.name },
        role,
      });
      const { payload } = decode(res.body.token);
      expect(payload).toMatchObject({ sub: who.user.id, tid: t.tenant.id, role });
      expect(payload.exp! * 1000).toBe(Date.parse(res.body.expires_at));
      expect(payload.exp! - payload.iat!).toBe(900);
    }
  });

  it('switches from one tenant to another', async () => {
    const t = await tenantWithRoles();
    const { tenant: second } = await createTenant(t.member.user, 'Second');
    const res = await switchTenant(second.id, t.member.token);
    expect(res.status).toBe(200);
    expect(res.body.tenant).toEqual({ id: second.id, name: 'Second' });
    expect(res.body.role).toBe('admin');
    const back = await switchTenant(t.tenant.id, res.body.token);
    expect(back.body.role).toBe('member');
  });

  it('reflects the current role, not the one in the calling token', async () => {
    const t = await tenantWithRoles();
    expect(
      (await patchMember(t.tenant.id, t.member.user.id, t.admin.token, { role: 'moderator' }))
        .status,
    ).toBe(200);
    const res = await switchTenant(t.tenant.id, t.member.token);
    expect(res.body.role).toBe('moderator');
    expect(decode(res.body.token).payload.role).toBe('moderator');
  });

  it("is 404 for another tenant's id, identical to an id that does not exist", async () => {
    const t = await tenantWithRoles();
    const out = await outsider();
    const foreign = await switchTenant(t.tenant.id, out.token);
    const missing = await switchTenant(crypto.randomUUID(), out.token);
    expectError(foreign, 404, 'tenant_not_found');
    expectError(missing, 404, 'tenant_not_found');
    expectSameError(foreign, missing);
  });

  it('is 404 once the member has been removed, even with a token scoped to the tenant', async () => {
    const t = await tenantWithRoles();
    expect((await deleteMember(t.tenant.id, t.member.user.id, t.admin.token)).status).toBe(204);
    expectError(await switchTenant(t.tenant.id, t.member.token), 404, 'tenant_not_found');
  });

  it('is 400 for an id that is not a uuid, and 401 without a token', async () => {
    const user = await registerUser();
    expectInvalid(await switchTenant('not-a-uuid', user.token), 'param.id');
    expectError(
      await callJson(`/tenants/${crypto.randomUUID()}/token`, { method: 'POST' }),
      401,
      'missing_token',
    );
  });
});

// --- GET /tenants/{id}/members ----------------------------------------------------------------

describe('GET /tenants/{id}/members', () => {
  it('shows every role the same member list, in join order', async () => {
    const t = await tenantWithRoles();
    const expected = [
      { user: t.admin.user, role: 'admin' },
      { user: t.moderator.user, role: 'moderator' },
      { user: t.member.user, role: 'member' },
    ].map(({ user, role }) => ({
      user_id: user.id,
      email: user.email,
      name: user.name,
      role,
      joined_at: expect.stringMatching(ISO),
    }));
    for (const token of [t.admin.token, t.moderator.token, t.member.token, t.member.user.token]) {
      const res = await listMembers(t.tenant.id, token);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.members[0]).toEqual(expected[0]);
      expect([...res.body.members].sort((a, b) => a.user_id.localeCompare(b.user_id))).toEqual(
        [...expected].sort((a, b) => a.user_id.localeCompare(b.user_id)),
      );
      const joined = res.body.members.map((m) => Date.parse(m.joined_at));
      expect(joined).toEqual([...joined].sort((a, b) => a - b));
    }
  });

  it("is 404 for another tenant's id (even for its admin), identical to an id that does not exist", async () => {
    const t = await tenantWithRoles();
    const out = await outsider();
    const foreign = await listMembers(t.tenant.id, out.token);
    const missing = await listMembers(crypto.randomUUID(), out.token);
    expectError(foreign, 404, 'tenant_not_found');
    expectError(missing, 404, 'tenant_not_found');
    expectSameError(foreign, missing);
    // A member of tenant A is equally a stranger to tenant B.
    expectError(await listMembers(out.tenant.id, t.admin.token), 404, 'tenant_not_found');
  });

  it('is 404 for a removed member still holding a token scoped to the tenant', async () => {
    const t = await tenantWithRoles();
    expect((await deleteMember(t.tenant.id, t.member.user.id, t.admin.token)).status).toBe(204);
    expectError(await listMembers(t.tenant.id, t.member.token), 404, 'tenant_not_found');
  });

  it('is 400 for an id that is not a uuid, 401 without a token', async () => {
    const user = await registerUser();
    expectInvalid(await listMembers('123', user.token), 'param.id');
    expectError(await callJson(`/tenants/${crypto.randomUUID()}/members`), 401, 'missing_token');
  });

  it('is 503 when the database fails', async () => {
    const logs = captureLogs();
    const t = await tenantWithRoles();
    await neonFaults.inject({ op: '*', status: 503, count: 1 });
    expectError(await listMembers(t.tenant.id, t.member.token), 503, 'database_unavailable');
    expect(logs.expect('error', 'database_unavailable')).toHaveLength(1);
  });
});

// --- POST /tenants/{id}/members ---------------------------------------------------------------

describe('PATCH /tenants/{id}/members/{user_id}', () => {
  it("lets an admin change a member's role, and the new role takes effect", async () => {
    const t = await tenantWithRoles();
    const res = await patchMember(t.tenant.id, t.member.user.id, t.admin.token, {
      role: 'moderator',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      member: {
        user_id: t.member.user.id,
        email: t.member.user.email,
        name: t.member.user.name,
        role: 'moderator',
        joined_at: expect.stringMatching(ISO),
      },
    });
    expect(await roster(t.tenant.id, t.admin.token)).toEqual({
      [t.admin.user.id]: 'admin',
      [t.moderator.user.id]: 'moderator',
      [t.member.user.id]: 'moderator',
    });
    const demoted = await patchMember(t.tenant.id, t.moderator.user.id, t.admin.token, {
      role: 'member',
    });
    expect(demoted.body.member.role).toBe('member');
    // joined_at does not move with the role.
    const before = (await membersOf(t.tenant.id, t.admin.token)).find(
      (m) => m.user_id === t.member.user.id,
    )!;
    expect(res.body.member.joined_at).toBe(before.joined_at);
  });

  it('can make a second admin, who can then demote the first', async () => {
    const t = await tenantWithRoles();
    expect(
      (await patchMember(t.tenant.id, t.member.user.id, t.admin.token, { role: 'admin' })).body
        .member.role,
    ).toBe('admin');
    // The promoted member's old token still says "member": the database decides.
    const res = await patchMember(t.tenant.id, t.admin.user.id, t.member.token, { role: 'member' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await roster(t.tenant.id, t.member.token)).toMatchObject({
      [t.admin.user.id]: 'member',
      [t.member.user.id]: 'admin',
    });
  });

  it('is 409 last_admin when the only admin would be demoted, and nothing changes', async () => {
    const t = await tenantWithRoles();
    const before = await membersOf(t.tenant.id, t.admin.token);
    for (const role of ['moderator', 'member']) {
      expectError(
        await patchMember(t.tenant.id, t.admin.user.id, t.admin.token, { role }),
        409,
        'last_admin',
      );
    }
    expect(await membersOf(t.tenant.id, t.admin.token)).toEqual(before);
    // Setting the last admin to admin is not a demotion.
    const same = await patchMember(t.tenant.id, t.admin.user.id, t.admin.token, { role: 'admin' });
    expect(same.status).toBe(200);
    expect(same.body.member.role).toBe('admin');
  });

  it('lets an admin demote themselves while another admin remains', async () => {
    const t = await tenantWithRoles();
    await patchMember(t.tenant.id, t.moderator.user.id, t.admin.token, { role: 'admin' });
    const res = await patchMember(t.tenant.id, t.admin.user.id, t.admin.token, { role: 'member' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await roster(t.tenant.id, t.member.token)).toEqual({
      [t.admin.user.id]: 'member',
      [t.moderator.user.id]: 'admin',
      [t.member.user.id]: 'member',
    });
  });

  it('is 403 insufficient_role for a moderator or a member, including on themselves', async () => {
    const t = await tenantWithRoles();
    const before = await membersOf(t.tenant.id, t.admin.token);
    for (const [token, target] of [
      [t.moderator.token, t.member.user.id],
      [t.moderator.token, t.moderator.user.id],
      [t.moderator.token, t.admin.user.id],
      [t.member.token, t.member.user.id],
      [t.member.token, t.moderator.user.id],
    ] as const) {
      expectError(
        await patchMember(t.tenant.id, target, token, { role: 'admin' }),
        403,
        'insufficient_role',
      );
    }
    expect(await membersOf(t.tenant.id, t.admin.token)).toEqual(before);
  });

  it('is 404 member_not_found for a user who is not a member (or does not exist)', async () => {
    const t = await tenantWithRoles();
    const stranger = await registerUser();
    expectError(
      await patchMember(t.tenant.id, stranger.id, t.admin.token, { role: 'member' }),
      404,
      'member_not_found',
    );
    expectError(
      await patchMember(t.tenant.id, crypto.randomUUID(), t.admin.token, { role: 'member' }),
      404,
      'member_not_found',
    );
    expect(Object.keys(await roster(t.tenant.id, t.admin.token))).not.toContain(stranger.id);
  });

  it("is 404 for another tenant's ids, whichever way they are combined, and changes nothing", async () => {
    const t = await tenantWithRoles();
    const out = await outsider();
    const beforeA = await membersOf(t.tenant.id, t.admin.token);
    const beforeB = await membersOf(out.tenant.id, out.token);

    // B's admin on tenant A's id.
    const foreign = await patchMember(t.tenant.id, t.member.user.id, out.token, { role: 'admin' });
    const missing = await patchMember(crypto.randomUUID(), t.member.user.id, out.token, {
      role: 'admin',
    });
    expectError(foreign, 404, 'tenant_not_found');
    expectSameError(foreign, missing);
    expectError(
      await patchMember(t.tenant.id, t.admin.user.id, out.token, { role: 'member' }),
      404,
      'tenant_not_found',
    );
    // B's admin on tenant A's member id, under tenant B.
    expectError(
      await patchMember(out.tenant.id, t.member.user.id, out.token, { role: 'admin' }),
      404,
      'member_not_found',
    );
    // A's admin on tenant B's id.
    expectError(
      await patchMember(out.tenant.id, out.bystander.id, t.admin.token, { role: 'admin' }),
      404,
      'tenant_not_found',
    );

    expect(await membersOf(t.tenant.id, t.admin.token)).toEqual(beforeA);
    expect(await membersOf(out.tenant.id, out.token)).toEqual(beforeB);
  });

  it('is 400 for a bad role, bad ids or malformed JSON, 415 for a non-JSON body, 401 without a token', async () => {
    const t = await tenantWithRoles();
    const before = await membersOf(t.tenant.id, t.admin.token);
    const path = `/tenants/${t.tenant.id}/members/${t.member.user.id}`;
    expectInvalid(await patchMember(t.tenant.id, t.member.user.id, t.admin.token, {}), 'body.role');
    expectInvalid(
      await patchMember(t.tenant.id, t.member.user.id, t.admin.token, { role: 'owner' }),
      'body.role',
    );
    expectInvalid(
      await patchMember(t.tenant.id, t.member.user.id, t.admin.token, { role: null }),
      'body.role',
    );
    expectInvalid(
      await patchMember(t.tenant.id, 'someone', t.admin.token, { role: 'admin' }),
      'param.user_id',
    );
    expectInvalid(
      await patchMember('tenant', t.member.user.id, t.admin.token, { role: 'admin' }),
      'param.id',
    );
    expectError(
      await callJson(path, { method: 'PATCH', token: t.admin.token, body: '{"role":' }),
      400,
      'invalid_json',
    );
    expectError(
      await callJson(path, {
        method: 'PATCH',
        token: t.admin.token,
        body: 'role=admin',
        headers: { 'content-type': 'text/plain' },
      }),
      415,
      'unsupported_media_type',
    );
    expectError(
      await callJson(path, { method: 'PATCH', body: { role: 'admin' } }),
      401,
      'missing_token',
    );
    expect(await membersOf(t.tenant.id, t.admin.token)).toEqual(before);
  });

  it('is 503 when the database fails, and changes nothing', async () => {
    const logs = captureLogs();
    const t = await tenantWithRoles();
    await neonFaults.inject({ op: '*', status: 503, count: 1 });
    expectError(
      await patchMember(t.tenant.id, t.member.user.id, t.admin.token, { role: 'admin' }),
      503,
      'database_unavailable',
    );
    await neonFaults.inject({ op: '*', drop: true, count: 1 });
    expectError(
      await patchMember(t.tenant.id, t.member.user.id, t.admin.token, { role: 'admin' }),
      503,
      'database_unavailable',
    );
    expect(logs.expect('error', 'database_unavailable')).toHaveLength(2);
    expect((await roster(t.tenant.id, t.admin.token))[t.member.user.id]).toBe('member');
  });

  it('lets exactly one of two admins demoting each other at the same time succeed; an admin remains', async () => {
    for (let round = 0; round < 3; round++) {
      const a = await registerUser('Admin A');
      const { tenant, adminToken: aToken } = await createTenant(a);
      const b = await registerUser('Admin B');
      const bToken = await joinTenant(tenant.id, aToken, b, 'admin');
      const [byA, byB] = await Promise.all([
        patchMember(tenant.id, b.id, aToken, { role: 'member' }),
        patchMember(tenant.id, a.id, bToken, { role: 'member' }),
      ]);
      const statuses = [byA.status, byB.status];
      expect(
        statuses.filter((s) => s === 200),
        JSON.stringify([byA.body, byB.body]),
      ).toHaveLength(1);
      const loser = byA.status === 200 ? byB : byA;
      // The loser was demoted first, so it is no longer allowed.
      expectError(loser, 403, 'insufficient_role');
      const roles = await roster(tenant.id, aToken);
      expect(Object.values(roles).filter((r) => r === 'admin')).toHaveLength(1);
      const winner = byA.status === 200 ? a : b;
      expect(roles[winner.id]).toBe('admin');
    }
  });

  it('lets exactly one of two admins demoting themselves at the same time succeed', async () => {
    const a = await registerUser('Admin A');
    const { tenant, adminToken: aToken } = await createTenant(a);
    const b = await registerUser('Admin B');
    const bToken = await joinTenant(tenant.id, aToken, b, 'admin');
    const results = await Promise.all([
      patchMember(tenant.id, a.id, aToken, { role: 'moderator' }),
      patchMember(tenant.id, b.id, bToken, { role: 'moderator' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expectError(results.find((r) => r.status === 409)!, 409, 'last_admin');
    expect(Object.values(await roster(tenant.id, aToken)).sort()).toEqual(['admin', 'moderator']);
  });
});

// --- DELETE /tenants/{id}/members/{user_id} ---------------------------------------------------

describe('DELETE /tenants/{id}/members/{user_id}', () => {
  it("lets an admin remove a member: 204, gone from the tenant and from the tenant's Stream channels", async () => {
    const t = await tenantWithRoles();
    const channel = await channelWithMember(t.admin.token, t.member.token);
    const quiet = await createChannel(t.admin.token);
    expect((await streamMembers(channel.stream_id)).sort()).toEqual(
      [t.admin.user.id, t.member.user.id].sort(),
    );
    expect(await streamChannelsVisibleTo(t.member.token)).toEqual([channel.stream_id]);

    const res = await deleteMember(t.tenant.id, t.member.user.id, t.admin.token);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');

    expect(await roster(t.tenant.id, t.admin.token)).toEqual({
      [t.admin.user.id]: 'admin',
      [t.moderator.user.id]: 'moderator',
    });
    expect(await streamMembers(channel.stream_id)).toEqual([t.admin.user.id]);
    expect(await streamMembers(quiet.stream_id)).toEqual([t.admin.user.id]);
    // The member's own Stream token no longer reaches the channel.
    expect(await streamChannelsVisibleTo(t.member.user.token)).toEqual([]);
    expect((await listTenants(t.member.user.token)).body.tenants).toEqual([]);
    // The messages they sent stay.
    const { messages } = await streamState(`messaging:${channel.stream_id}`);
    expect(messages.map((m) => m.user_id)).toEqual([t.member.user.id]);
  });

  it("removes the user from this tenant's channels only, not from their other tenants'", async () => {
    const t = await tenantWithRoles();
    const inA = await channelWithMember(t.admin.token, t.member.token);
    const other = await registerUser('Other Admin');
    const { tenant: tenantB, adminToken: bToken } = await createTenant(other);
    const memberInB = await joinTenant(tenantB.id, bToken, t.member.user, 'member');
    const inB = await channelWithMember(bToken, memberInB);

    expect((await deleteMember(t.tenant.id, t.member.user.id, t.admin.token)).status).toBe(204);
    expect(await streamMembers(inA.stream_id)).not.toContain(t.member.user.id);
    expect(await streamMembers(inB.stream_id)).toContain(t.member.user.id);
    expect(await roster(tenantB.id, bToken)).toMatchObject({ [t.member.user.id]: 'member' });
  });

  it('lets a member or a moderator leave (remove themselves)', async () => {
    const t = await tenantWithRoles();
    const channel = await channelWithMember(t.admin.token, t.member.token);
    expect((await deleteMember(t.tenant.id, t.member.user.id, t.member.token)).status).toBe(204);
    expect((await deleteMember(t.tenant.id, t.moderator.user.id, t.moderator.token)).status).toBe(
      204,
    );
    expect(await roster(t.tenant.id, t.admin.token)).toEqual({ [t.admin.user.id]: 'admin' });
    expect(await streamMembers(channel.stream_id)).toEqual([t.admin.user.id]);
    // Leaving twice: they are no longer a member, so the tenant is not theirs to see.
    expectError(
      await deleteJson(t.tenant.id, t.member.user.id, t.member.token),
      404,
      'tenant_not_found',
    );
  });

  it('lets an admin leave or remove another admin while another admin remains', async () => {
    const t = await tenantWithRoles();
    const second = await registerUser();
    await joinTenant(t.tenant.id, t.admin.token, second, 'admin');
    const third = await registerUser();
    await joinTenant(t.tenant.id, t.admin.token, third, 'admin');
    expect((await deleteMember(t.tenant.id, second.id, t.admin.token)).status).toBe(204);
    expect((await deleteMember(t.tenant.id, t.admin.user.id, t.admin.token)).status).toBe(204);
    expect(await roster(t.tenant.id, t.member.token)).toEqual({
      [t.moderator.user.id]: 'moderator',
      [t.member.user.id]: 'member',
      [third.id]: 'admin',
    });
  });

  it('is 409 last_admin when the only admin would be removed, and nothing changes', async () => {
    const t = await tenantWithRoles();
    const channel = await channelWithMember(t.admin.token, t.member.token);
    const before = await membersOf(t.tenant.id, t.admin.token);
    expectError(await deleteJson(t.tenant.id, t.admin.user.id, t.admin.token), 409, 'last_admin');
    expect(await membersOf(t.tenant.id, t.admin.token)).toEqual(before);
    expect((await streamMembers(channel.stream_id)).sort()).toEqual(
      [t.admin.user.id, t.member.user.id].sort(),
    );
  });

  it('is 403 insufficient_role when a moderator or a member removes someone else', async () => {
    const t = await tenantWithRoles();
    const channel = await channelWithMember(t.admin.token, t.member.token);
    const before = await membersOf(t.tenant.id, t.admin.token);
    for (const [token, target] of [
      [t.moderator.token, t.member.user.id],
      [t.moderator.token, t.admin.user.id],
      [t.member.token, t.moderator.user.id],
      [t.member.token, t.admin.user.id],
    ] as const) {
      expectError(await deleteJson(t.tenant.id, target, token), 403, 'insufficient_role');
    }
    expect(await membersOf(t.tenant.id, t.admin.token)).toEqual(before);
    expect(await streamMembers(channel.stream_id)).toContain(t.member.user.id);
  });

  it('is 404 member_not_found for a user who is not a member (or does not exist)', async () => {
    const t = await tenantWithRoles();
    const stranger = await registerUser();
    expectError(await deleteJson(t.tenant.id, stranger.id, t.admin.token), 404, 'member_not_found');
    expectError(
      await deleteJson(t.tenant.id, crypto.randomUUID(), t.admin.token),
      404,
      'member_not_found',
    );
  });

  it("is 404 for another tenant's ids, whichever way they are combined, and changes nothing (DB or Stream)", async () => {
    const t = await tenantWithRoles();
    const channel = await channelWithMember(t.admin.token, t.member.token);
    const out = await outsider();
    const beforeA = await membersOf(t.tenant.id, t.admin.token);
    const beforeB = await membersOf(out.tenant.id, out.token);
    const streamBefore = (await streamMembers(channel.stream_id)).sort();

    const foreign = await deleteJson(t.tenant.id, t.member.user.id, out.token);
    const missing = await deleteJson(crypto.randomUUID(), t.member.user.id, out.token);
    expectError(foreign, 404, 'tenant_not_found');
    expectSameError(foreign, missing);
    expectError(await deleteJson(t.tenant.id, t.admin.user.id, out.token), 404, 'tenant_not_found');
    // Outsider "leaving" a tenant they never joined.
    expectError(await deleteJson(t.tenant.id, out.user.id, out.token), 404, 'tenant_not_found');
    // Tenant A's member id under tenant B.
    expectError(
      await deleteJson(out.tenant.id, t.member.user.id, out.token),
      404,
      'member_not_found',
    );
    // Tenant A's admin on tenant B's ids.
    expectError(
      await deleteJson(out.tenant.id, out.bystander.id, t.admin.token),
      404,
      'tenant_not_found',
    );

    expect(await membersOf(t.tenant.id, t.admin.token)).toEqual(beforeA);
    expect(await membersOf(out.tenant.id, out.token)).toEqual(beforeB);
    expect((await streamMembers(channel.stream_id)).sort()).toEqual(streamBefore);
  });

  it('is 400 for ids that are not uuids and 401 without a token', async () => {
    const t = await tenantWithRoles();
    expectInvalid(await deleteJson(t.tenant.id, 'me', t.member.token), 'param.user_id');
    expectInvalid(await deleteJson('t', t.member.user.id, t.member.token), 'param.id');
    const res = await call(`/tenants/${t.tenant.id}/members/${t.member.user.id}`, {
      method: 'DELETE',
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).code).toBe('missing_token');
    expect(Object.keys(await roster(t.tenant.id, t.admin.token))).toHaveLength(3);
  });

  it.each([
    ['listing their channels', 'QueryChannels', 503, 'stream_unavailable'],
    ['removing them from a channel', 'UpdateChannel', 503, 'stream_unavailable'],
    ['removing them from a channel (rejected)', 'UpdateChannel', 500, 'stream_error'],
  ])(
    'keeps the removal when Stream fails %s; a retry by the admin converges Stream',
    async (_case, op, status, code) => {
      const logs = captureLogs();
      const t = await tenantWithRoles();
      const channel = await channelWithMember(t.admin.token, t.member.token);
      await streamFaults.inject({ op, status, count: 1 });
      const res = await deleteJson(t.tenant.id, t.member.user.id, t.admin.token);
      expectError(res, status === 503 ? 503 : 502, code);
      logs.expectError(res);
      // The database is the truth: the removal stands, and Stream still lags behind it.
      expect(await roster(t.tenant.id, t.admin.token)).not.toHaveProperty(t.member.user.id);
      expect(await streamMembers(channel.stream_id)).toContain(t.member.user.id);
      // The admin's retry is no 404 dead end: it finishes the job.
      expect((await deleteMember(t.tenant.id, t.member.user.id, t.admin.token)).status).toBe(204);
      expect(await streamMembers(channel.stream_id)).not.toContain(t.member.user.id);
      // Once Stream is in line there is nothing left to remove.
      expectError(
        await deleteJson(t.tenant.id, t.member.user.id, t.admin.token),
        404,
        'member_not_found',
      );
    },
  );

  it('is 503 when the database fails, and removes nobody', async () => {
    const logs = captureLogs();
    const t = await tenantWithRoles();
    const channel = await channelWithMember(t.admin.token, t.member.token);
    await neonFaults.inject({ op: '*', status: 503, count: 1 });
    expectError(
      await deleteJson(t.tenant.id, t.member.user.id, t.admin.token),
      503,
      'database_unavailable',
    );
    await neonFaults.inject({ op: '*', drop: true, count: 1 });
    expectError(
      await deleteJson(t.tenant.id, t.member.user.id, t.admin.token),
      503,
      'database_unavailable',
    );
    expect(logs.expect('error', 'database_unavailable')).toHaveLength(2);
    expect(await roster(t.tenant.id, t.admin.token)).toMatchObject({
      [t.member.user.id]: 'member',
    });
    expect(await streamMembers(channel.stream_id)).toContain(t.member.user.id);
  });

  it('lets exactly one of two admins removing each other at the same time succeed; an admin remains', async () => {
    const a = await registerUser('Admin A');
    const { tenant, adminToken: aToken } = await createTenant(a);
    const b = await registerUser('Admin B');
    const bToken = await joinTenant(tenant.id, aToken, b, 'admin');
    const [byA, byB] = await Promise.all([
      deleteJson(tenant.id, b.id, aToken),
      deleteJson(tenant.id, a.id, bToken),
    ]);
    expect([byA.status, byB.status].filter((s) => s === 204)).toHaveLength(1);
    const loser = byA.status === 204 ? byB : byA;
    // The loser is no longer a member at all.
    expectError(loser, 404, 'tenant_not_found');
    const winner = byA.status === 204 ? a : b;
    const winnerToken = byA.status === 204 ? aToken : bToken;
    expect(await roster(tenant.id, winnerToken)).toEqual({ [winner.id]: 'admin' });
  });

  it('lets exactly one of two admins leaving at the same time go', async () => {
    const a = await registerUser('Admin A');
    const { tenant, adminToken: aToken } = await createTenant(a);
    const b = await registerUser('Admin B');
    const bToken = await joinTenant(tenant.id, aToken, b, 'admin');
    const results = await Promise.all([
      deleteJson(tenant.id, a.id, aToken),
      deleteJson(tenant.id, b.id, bToken),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 409]);
    expectError(results.find((r) => r.status === 409)!, 409, 'last_admin');
    const stayer =
      results[0]!.status === 409 ? { user: a, token: aToken } : { user: b, token: bToken };
    expect(await roster(tenant.id, stayer.token)).toEqual({ [stayer.user.id]: 'admin' });
  });
});
