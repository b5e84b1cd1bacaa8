/**
 * STREAM_MULTI_TENANT=true (the default): tenants are Stream teams. The app runs with a copy of
 * the test bindings that sets it explicitly (a new bindings object gets its own configuration).
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../../src/app';
import { unique } from '../fixtures';
import { dbRows, streamState } from '../stand-ins';

const multiTenantEnv = { ...env, STREAM_MULTI_TENANT: 'true' };
const ctx = {
  waitUntil() {},
  passThroughOnException() {},
  props: {},
} as unknown as ExecutionContext;

async function call(path: string, init: { token?: string; body?: unknown; method?: string } = {}) {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const res = await app.fetch(
    new Request(`https://api.test${path}`, {
      method: init.method ?? (init.body ? 'POST' : 'GET'),
      headers,
      body: init.body ? JSON.stringify(init.body) : undefined,
    }),
    multiTenantEnv,
    ctx,
  );
  // biome-ignore lint/suspicious/noExplicitAny: response bodies of several shapes, read loosely
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('with Stream multi-tenancy', () => {
  it("puts channels in the tenant's team and keeps users' teams in step with memberships", async () => {
    const reg = await call('/auth/register', {
      body: { email: `mt-${unique()}@example.com`, password: 'correct horse battery', name: 'MT' },
    });
    expect(reg.status).toBe(201);
    const userId = reg.body.user.id as string;
    const t1 = await call('/tenants', { token: reg.body.token, body: { name: 'Team one' } });
    const t2 = await call('/tenants', { token: reg.body.token, body: { name: 'Team two' } });
    expect([t1.status, t2.status]).toEqual([201, 201]);

    const user = (await streamState()).users.find((u) => u.id === userId);
    expect(new Set(user?.teams)).toEqual(new Set([t1.body.tenant.id, t2.body.tenant.id]));

    const channel = await call('/channels', { token: t1.body.token, body: { name: 'Teamed' } });
    expect(channel.status).toBe(201);
    const state = await streamState(`messaging:${channel.body.stream_id}`);
    expect(state.channels[0]?.team).toBe(t1.body.tenant.id);

    // A second member joins, then leaves: their teams follow.
    const other = await call('/auth/register', {
      body: {
        email: `mt2-${unique()}@example.com`,
        password: 'correct horse battery',
        name: 'MT2',
      },
    });
    // Joining needs a verified address (the mail itself: src/routes/auth/email.test.ts).
    await dbRows('update users set email_verified_at = now() where id = $1', [other.body.user.id]);
    const invited = await call(`/tenants/${t1.body.tenant.id}/invitations`, {
      token: t1.body.token,
      body: { email: other.body.user.email, role: 'member' },
    });
    expect(invited.status).toBe(201);
    const accepted = await call(`/invitations/${invited.body.invitation.id}/accept`, {
      token: other.body.token,
      method: 'POST',
    });
    expect(accepted.status).toBe(200);
    let teams = (await streamState()).users.find((u) => u.id === other.body.user.id)?.teams;
    expect(teams).toEqual([t1.body.tenant.id]);
    const removed = await app.fetch(
      new Request(`https://api.test/tenants/${t1.body.tenant.id}/members/${other.body.user.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${t1.body.token}` },
      }),
      multiTenantEnv,
      ctx,
    );
    expect(removed.status).toBe(204);
    teams = (await streamState()).users.find((u) => u.id === other.body.user.id)?.teams;
    expect(teams).toEqual([]);
  });
});
