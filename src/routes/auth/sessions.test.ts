/**
 * Sessions: rotating refresh tokens (RFC 9700 §4.14), reuse detection with a grace window for a
 * client's own parallel refreshes, expiry, logout, devices, and the role read again at refresh.
 * Time is moved by editing the session's timestamps in SQL (the clock is the database's).
 */
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { decode } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { call, callJson, expectError } from '../../../test/api';
import {
  createTenant,
  joinTenant,
  registerUser,
  type TestUser,
  tenantWithRoles,
} from '../../../test/fixtures';
import { hashRefreshToken } from '../../auth/refresh-tokens';
import { servicesFor } from '../../runtime/services';

type Pair = {
  token: string;
  expires_at: string;
  refresh_token: string;
  refresh_expires_at: string;
  user: { id: string };
  tenant?: { id: string; name: string };
  role?: string;
};
type SessionView = { id: string; device_label: string; current: boolean };

const refresh = (refresh_token: string, tenant_id?: string) =>
  callJson<Pair>('/auth/refresh', { body: { refresh_token, ...(tenant_id ? { tenant_id } : {}) } });

const login = (user: TestUser, extra: Record<string, unknown> = {}) =>
  callJson<Pair>('/auth/login', {
    body: { email: user.email, password: user.password, ...extra },
  });

const sessionsOf = async (token: string) =>
  (await callJson<{ sessions: SessionView[] }>('/me/sessions', { token })).body.sessions;

/** Moves a token's rotation (or a session's expiry) into the past, as time passing would. */
async function age(refreshToken: string, column: 'rotated_at' | 'expires_at', seconds: number) {
  const hash = await hashRefreshToken(refreshToken);
  const db = servicesFor(env).db;
  if (column === 'rotated_at') {
    await db.execute(sql`update refresh_tokens set rotated_at = now() - make_interval(secs => ${seconds})
      where token_hash = ${hash}`);
  } else {
    await db.execute(sql`update sessions set expires_at = now() - make_interval(secs => ${seconds})
      where id = (select session_id from refresh_tokens where token_hash = ${hash})`);
  }
}

describe('POST /auth/refresh', () => {
  it('rotates: a new access token and a new refresh token, in the same session', async () => {
    const user = await registerUser('Rotator');
    const first = await refresh(user.refreshToken);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.refresh_token).not.toBe(user.refreshToken);
    expect(first.body.user.id).toBe(user.id);
    expect(decode(first.body.token).payload.sid).toBe(decode(user.token).payload.sid);
    expect(new Date(first.body.refresh_expires_at).getTime()).toBeGreaterThan(Date.now());
    const second = await refresh(first.body.refresh_token);
    expect(second.status).toBe(200);
    // The new access token works.
    expect((await call('/me', { token: second.body.token })).status).toBe(200);
  });

  it('lets the same client refresh twice in parallel within the grace window', async () => {
    const user = await registerUser('Parallel');
    const [a, b] = await Promise.all([refresh(user.refreshToken), refresh(user.refreshToken)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // Both successors work: whichever the app keeps, it stays signed in.
    expect((await refresh(a.body.refresh_token)).status).toBe(200);
    expect((await refresh(b.body.refresh_token)).status).toBe(200);
  });

  it('reusing a rotated token after the grace window revokes the whole session (401 refresh_token_reused)', async () => {
    const user = await registerUser('Stolen');
    const next = await refresh(user.refreshToken);
    expect(next.status).toBe(200);
    await age(user.refreshToken, 'rotated_at', 31);
    expectError(await refresh(user.refreshToken), 401, 'refresh_token_reused');
    // The legitimate holder's newer token died with the session.
    expectError(await refresh(next.body.refresh_token), 401, 'session_revoked');
    // Other sessions of the same user are untouched.
    const other = await login(user);
    expect((await refresh(other.body.refresh_token)).status).toBe(200);
  });

  it('is 401 for an unknown token, and for an expired session', async () => {
    expectError(await refresh('not-a-token'), 401, 'invalid_refresh_token');
    const user = await registerUser('Idle');
    await age(user.refreshToken, 'expires_at', 1);
    expectError(await refresh(user.refreshToken), 401, 'refresh_token_expired');
  });

  it('is 400 without a refresh token', async () => {
    const res = await callJson('/auth/refresh', { body: {} });
    expectError(res, 400, 'validation_failed');
  });

  it('reads the role now: a role change applies at the next refresh, a removal drops the tenant', async () => {
    const t = await tenantWithRoles();
    const signedIn = await login(t.member.user, { tenant_id: t.tenant.id });
    expect(signedIn.body.role).toBe('member');
    const promoted = await callJson(`/tenants/${t.tenant.id}/members/${t.member.user.id}`, {
      method: 'PATCH',
      token: t.admin.token,
      body: { role: 'moderator' },
    });
    expect(promoted.status).toBe(200);
    const after = await refresh(signedIn.body.refresh_token);
    expect(after.body).toMatchObject({ role: 'moderator', tenant: { id: t.tenant.id } });
    expect(decode(after.body.token).payload).toMatchObject({ tid: t.tenant.id, role: 'moderator' });

    const removed = await call(`/tenants/${t.tenant.id}/members/${t.member.user.id}`, {
      method: 'DELETE',
      token: t.admin.token,
    });
    expect(removed.status).toBe(204);
    const unscoped = await refresh(after.body.refresh_token);
    expect(unscoped.status).toBe(200);
    expect(unscoped.body.tenant).toBeUndefined();
    expect(decode(unscoped.body.token).payload.tid).toBeUndefined();
    // Asking for that tenant explicitly is refused, and does not spend the token.
    expectError(await refresh(unscoped.body.refresh_token, t.tenant.id), 403, 'not_a_member');
    expect((await refresh(unscoped.body.refresh_token)).status).toBe(200);
  });

  it('can switch tenant at refresh; the session then stays on it', async () => {
    const user = await registerUser('Switcher');
    const a = await createTenant(user);
    const b = await createTenant(user);
    const first = await login(user, { tenant_id: a.tenant.id });
    const toB = await refresh(first.body.refresh_token, b.tenant.id);
    expect(toB.body.tenant?.id).toBe(b.tenant.id);
    const again = await refresh(toB.body.refresh_token);
    expect(again.body.tenant?.id).toBe(b.tenant.id);
  });
});

describe('logout and devices', () => {
  it('POST /auth/logout ends this session only: its refresh token is 401 at once', async () => {
    const user = await registerUser('Leaver');
    const phone = await login(user, { device_label: 'Phone' });
    expect((await call('/auth/logout', { method: 'POST', token: user.token })).status).toBe(204);
    expectError(await refresh(user.refreshToken), 401, 'session_revoked');
    expect((await refresh(phone.body.refresh_token)).status).toBe(200);
  });

  it('GET /me/sessions lists devices with the current one flagged; DELETE one signs it out', async () => {
    const user = await registerUser('Devices');
    const phone = await login(user, { device_label: 'Phone' });
    const laptop = await login(user, { device_label: 'Laptop' });
    const listed = await sessionsOf(laptop.body.token);
    expect(listed.map((s) => s.device_label)).toEqual(expect.arrayContaining(['Phone', 'Laptop']));
    expect(listed.filter((s) => s.current).map((s) => s.device_label)).toEqual(['Laptop']);
    const phoneId = listed.find((s) => s.device_label === 'Phone')!.id;
    expect(
      (await call(`/me/sessions/${phoneId}`, { method: 'DELETE', token: laptop.body.token }))
        .status,
    ).toBe(204);
    expectError(await refresh(phone.body.refresh_token), 401, 'session_revoked');
    expect((await sessionsOf(laptop.body.token)).map((s) => s.id)).not.toContain(phoneId);
  });

  it("cannot sign out another user's session (404)", async () => {
    const a = await registerUser('A');
    const b = await registerUser('B');
    const [bSession] = await sessionsOf(b.token);
    expectError(
      await callJson(`/me/sessions/${bSession!.id}`, { method: 'DELETE', token: a.token }),
      404,
      'session_not_found',
    );
    expect((await refresh(b.refreshToken)).status).toBe(200);
  });

  it('DELETE /me/sessions signs out everywhere', async () => {
    const user = await registerUser('Everywhere');
    const other = await login(user);
    expect((await call('/me/sessions', { method: 'DELETE', token: user.token })).status).toBe(204);
    expectError(await refresh(user.refreshToken), 401, 'session_revoked');
    expectError(await refresh(other.body.refresh_token), 401, 'session_revoked');
  });

  it('a member invited later keeps their session across the join', async () => {
    const t = await tenantWithRoles();
    const newcomer = await registerUser('Later');
    const scoped = await joinTenant(t.tenant.id, t.admin.token, newcomer, 'member');
    expect(decode(scoped).payload.sid).toBe(decode(newcomer.token).payload.sid);
    const next = await refresh(newcomer.refreshToken);
    expect(next.body.tenant?.id).toBe(t.tenant.id);
  });
});
