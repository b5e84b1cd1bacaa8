/** The account routes: GET/PATCH /me and POST /me/password, checked in both stores. */
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { call, callJson, expectError, expectInvalid } from '../../../test/api';
import { createTenant, registerUser, tenantWithRoles } from '../../../test/fixtures';
import { captureLogs } from '../../../test/logs';
import { streamFaults, streamState } from '../../../test/stand-ins';

afterEach(() => streamFaults.clear());

type Pair = { token: string; refresh_token: string };

/** Calls the Stream emulator as the user would with a Stream token from GET /stream/token. */
async function asStreamUser(streamToken: string, apiKey: string) {
  return fetch(`${env.TEST_STREAM_CONTROL_URL}/channels?api_key=${apiKey}`, {
    method: 'POST',
    headers: {
      authorization: streamToken,
      'stream-auth-type': 'jwt',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ filter_conditions: { type: 'messaging' }, limit: 1 }),
  });
}

describe('GET /me', () => {
  it('answers the user and their tenants with roles, and nothing of other users', async () => {
    const t = await tenantWithRoles();
    const own = await createTenant(t.member.user, 'Mine');
    const res = await callJson<{
      user: { id: string; email: string; name: string };
      tenants: Array<{ id: string; role: string }>;
    }>('/me', { token: t.member.token });
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({
      id: t.member.user.id,
      email: t.member.user.email,
      name: 'Member',
    });
    expect(res.body.tenants).toEqual([
      { id: t.tenant.id, name: t.tenant.name, role: 'member' },
      { id: own.tenant.id, name: 'Mine', role: 'admin' },
    ]);
  });

  it('is 401 without a token', async () => {
    expectError(await callJson('/me'), 401, 'missing_token');
  });
});

describe('PATCH /me', () => {
  it('renames the user in both stores', async () => {
    const user = await registerUser('Before');
    const res = await callJson<{ user: { name: string } }>('/me', {
      method: 'PATCH',
      token: user.token,
      body: { name: 'After' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.user.name).toBe('After');
    expect((await streamState()).users.find((u) => u.id === user.id)?.name).toBe('After');
  });

  it('keeps the old name in both stores when Stream fails (503)', async () => {
    const logs = captureLogs();
    const user = await registerUser('Stable');
    await streamFaults.inject({ op: 'UpdateUsers', status: 503, count: 1 });
    const res = await callJson('/me', { method: 'PATCH', token: user.token, body: { name: 'X' } });
    expectError(res, 503, 'stream_unavailable');
    logs.expectError(res);
    const me = await callJson<{ user: { name: string } }>('/me', { token: user.token });
    expect(me.body.user.name).toBe('Stable');
    expect((await streamState()).users.find((u) => u.id === user.id)?.name).toBe('Stable');
  });

  it('validates the name', async () => {
    const user = await registerUser();
    expectInvalid(
      await callJson('/me', { method: 'PATCH', token: user.token, body: { name: '' } }),
      'body.name',
    );
  });
});

describe('POST /me/password', () => {
  it('refuses a wrong current password (403) and changes nothing', async () => {
    const user = await registerUser();
    const res = await callJson('/me/password', {
      token: user.token,
      body: { current_password: 'wrong password', new_password: 'a brand new secret' },
    });
    expectError(res, 403, 'invalid_current_password');
    expect(
      (await call('/auth/login', { body: { email: user.email, password: user.password } })).status,
    ).toBe(200);
  });

  it('signs out every session, revokes old Stream tokens and answers a fresh pair', async () => {
    const user = await registerUser('Careful');
    const laptop = await callJson<Pair>('/auth/login', {
      body: { email: user.email, password: user.password },
    });
    const oldStream = await callJson<{ token: string; api_key: string }>('/stream/token', {
      token: user.token,
    });
    expect((await asStreamUser(oldStream.body.token, oldStream.body.api_key)).status).toBe(201);
    // Stream compares whole seconds (`iat`): a token from the very second of the change stays
    // valid, as documented. A stolen token is older than that; make this one so.
    await new Promise((resolve) => setTimeout(resolve, 1100 - (Date.now() % 1000)));

    const changed = await callJson<Pair>('/me/password', {
      token: user.token,
      body: { current_password: user.password, new_password: 'a brand new secret' },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);

    // Every earlier refresh token is dead; the new pair works.
    for (const old of [user.refreshToken, laptop.body.refresh_token]) {
      expectError(
        await callJson('/auth/refresh', { body: { refresh_token: old } }),
        401,
        'session_revoked',
      );
    }
    const next = await callJson('/auth/refresh', {
      body: { refresh_token: changed.body.refresh_token },
    });
    expect(next.status).toBe(200);

    // The old password no longer logs in; the new one does.
    expectError(
      await callJson('/auth/login', { body: { email: user.email, password: user.password } }),
      401,
      'invalid_credentials',
    );
    expect(
      (
        await call('/auth/login', {
          body: { email: user.email, password: 'a brand new secret' },
        })
      ).status,
    ).toBe(200);

    // Stream refuses the Stream token issued before the change, with Stream's error; a new one works.
    const refused = await asStreamUser(oldStream.body.token, oldStream.body.api_key);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 40 });
    const fresh = await callJson<{ token: string; api_key: string }>('/stream/token', {
      token: changed.body.token,
    });
    expect((await asStreamUser(fresh.body.token, fresh.body.api_key)).status).toBe(201);
  });

  it('applies the new password policy', async () => {
    const user = await registerUser();
    expectInvalid(
      await callJson('/me/password', {
        token: user.token,
        body: { current_password: user.password, new_password: 'short' },
      }),
      'body.new_password',
    );
  });
});
