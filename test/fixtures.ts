/**
 * Builders for test data, through the public API only, with one shortcut: a new user's email
 * counts as verified unless asked otherwise (set in the database; the verification mail itself
 * is walked in src/routes/auth/email.test.ts). Every call makes fresh users and tenants (unique
 * emails), so tests never depend on each other or on order.
 */
import { expect } from 'vitest';
import type { Channel } from '../src/services/channels';
import { callJson } from './api';
import { dbRows, mailTo, tokenFrom } from './stand-ins';

export type Role = 'admin' | 'moderator' | 'member';

export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
  /** Unscoped token from registration. */
  token: string;
  /** Registration's refresh token (its session). */
  refreshToken: string;
}

export interface TestTenant {
  id: string;
  name: string;
}

let counter = 0;
const unique = () =>
  `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A fresh address no test used before, e.g. `newhire-…@example.com`. */
export const emailAddress = (who = 'user') => `${who}-${unique()}@example.com`;

export async function registerUser(
  name = 'Test User',
  { verified = true, email = emailAddress() } = {},
): Promise<TestUser> {
  const password = 'correct horse battery';
  const { status, body } = await callJson<{
    token: string;
    refresh_token: string;
    user: { id: string };
  }>('/auth/register', {
    body: { email, password, name },
  });
  expect(status, JSON.stringify(body)).toBe(201);
  if (verified) {
    await dbRows('update users set email_verified_at = now() where id = $1', [body.user.id]);
  }
  return {
    id: body.user.id,
    email,
    name,
    password,
    token: body.token,
    refreshToken: body.refresh_token,
  };
}

/** `user` asks to move to `newEmail` (202); returns the token the new address is mailed. */
export async function askEmailChange(user: TestUser, newEmail: string): Promise<string> {
  const { status, body } = await callJson('/me/email', {
    token: user.token,
    body: { new_email: newEmail, password: user.password },
  });
  expect(status, JSON.stringify(body)).toBe(202);
  return tokenFrom(await mailTo(newEmail, /new email/i));
}

/** A new tenant owned by `admin`; returns the admin's tenant-scoped token. */
export async function createTenant(admin: TestUser, name = `Tenant ${unique()}`) {
  const { status, body } = await callJson<{ tenant: TestTenant; token: string }>('/tenants', {
    token: admin.token,
    body: { name },
  });
  expect(status, JSON.stringify(body)).toBe(201);
  return { tenant: body.tenant, adminToken: body.token };
}

/** The admin invites `user` with `role`; `user` accepts. Returns the user's scoped token. */
export async function joinTenant(tenantId: string, adminToken: string, user: TestUser, role: Role) {
  const invited = await callJson<{ invitation: { id: string } }>(
    `/tenants/${tenantId}/invitations`,
    { token: adminToken, body: { email: user.email, role } },
  );
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  const accepted = await callJson<{ token: string }>(
    `/invitations/${invited.body.invitation.id}/accept`,
    { token: user.token, body: undefined, method: 'POST' },
  );
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  return accepted.body.token;
}

export async function scopedToken(user: TestUser, tenantId: string): Promise<string> {
  const { status, body } = await callJson<{ token: string }>('/auth/login', {
    body: { email: user.email, password: user.password, tenant_id: tenantId },
  });
  expect(status, JSON.stringify(body)).toBe(200);
  return body.token;
}

/** A tenant with one user per role, each with a token scoped to it. */
export async function tenantWithRoles() {
  const admin = await registerUser('Admin');
  const { tenant, adminToken } = await createTenant(admin);
  const moderator = await registerUser('Moderator');
  const member = await registerUser('Member');
  const [moderatorToken, memberToken] = await Promise.all([
    joinTenant(tenant.id, adminToken, moderator, 'moderator'),
    joinTenant(tenant.id, adminToken, member, 'member'),
  ]);
  return {
    tenant,
    admin: { user: admin, token: adminToken },
    moderator: { user: moderator, token: moderatorToken },
    member: { user: member, token: memberToken },
  };
}

export type TestChannel = Channel;

export type TenantWithRoles = Awaited<ReturnType<typeof tenantWithRoles>>;

export async function createChannel(token: string, name = `Channel ${unique()}`, description = '') {
  const { status, body } = await callJson<TestChannel>('/channels', {
    token,
    body: { name, description },
  });
  expect(status, JSON.stringify(body)).toBe(201);
  return body;
}

export { unique };
