/** requireAuth and requireRole over the wire: every way a token can be missing, wrong or stale. */
import { env } from 'cloudflare:workers';
import { sign } from 'hono/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, callJson, type ErrorBody } from '../../test/api';
import { createTenant, registerUser, type TestUser } from '../../test/fixtures';

const OTHER_SECRET = 'another-secret-that-is-long-enough-0123456789';
const now = () => Math.floor(Date.now() / 1000);
const b64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

let user: TestUser;
let tenant: { id: string };
let scoped: string;

const claims = (extra: Record<string, unknown> = {}) => ({
  sub: user.id,
  iss: 'edge-chat-api',
  iat: now(),
  exp: now() + 600,
  ...extra,
});

beforeAll(async () => {
  user = await registerUser('Middleware User');
  const created = await createTenant(user);
  tenant = created.tenant;
  scoped = created.adminToken;
});

/** A protected route with no database trip, and one with. */
const streamToken = (headers: Record<string, string>) =>
  callJson<ErrorBody>('/stream/token', { headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function expect401(headers: Record<string, string>, code: string) {
  for (const path of ['/stream/token', '/tenants']) {
    const res = await call(path, { headers });
    const body = (await res.json()) as ErrorBody;
    expect(res.status, `${path}: ${JSON.stringify(body)}`).toBe(401);
    expect(body.code, path).toBe(code);
    expect(Object.keys(body).sort()).toEqual(['code', 'error', 'request_id']);
    expect(body.error).toEqual(expect.any(String));
    expect(body.request_id).toBe(res.headers.get('x-request-id'));
  }
}

describe('requireAuth', () => {
  it('lets a valid token through, as the user it names', async () => {
    const { status, body } = await callJson<{ user_id: string }>('/stream/token', {
      headers: bearer(user.token),
    });
    expect(status).toBe(200);
    expect(body.user_id).toBe(user.id);
  });

  it('accepts the scheme case-insensitively and extra spaces after it', async () => {
    for (const header of [
      `bearer ${user.token}`,
      `BEARER ${user.token}`,
      `Bearer    ${user.token}`,
    ]) {
      const { status, body } = await streamToken({ authorization: header });
      expect(status, header).toBe(200);
      expect((body as unknown as { user_id: string }).user_id).toBe(user.id);
    }
  });

  it('is 401 missing_token without an Authorization header', async () => {
    await expect401({}, 'missing_token');
  });

  it('is 401 missing_token for another scheme or an empty bearer', async () => {
    await expect401({ authorization: `Basic ${btoa('user:pass')}` }, 'missing_token');
    await expect401({ authorization: `Token ${user.token}` }, 'missing_token');
    await expect401({ authorization: user.token }, 'missing_token');
    await expect401({ authorization: 'Bearer' }, 'missing_token');
    await expect401({ authorization: 'Bearer ' }, 'missing_token');
  });

  it('is 401 invalid_token for garbage', async () => {
    await expect401(bearer('garbage'), 'invalid_token');
    await expect401(bearer('a.b.c'), 'invalid_token');
    await expect401(
      bearer(`${b64url({ alg: 'HS256', typ: 'JWT' })}.not-json.sig`),
      'invalid_token',
    );
    await expect401(
      bearer(`${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(null)}.sig`),
      'invalid_token',
    );
  });

  it('is 401 invalid_token for a token signed with another secret', async () => {
    await expect401(bearer(await sign(claims(), OTHER_SECRET)), 'invalid_token');
  });

  it('is 401 token_expired for our own expired token', async () => {
    await expect401(
      bearer(await sign(claims({ iat: now() - 3600, exp: now() - 1 }), env.JWT_SECRET)),
      'token_expired',
    );
  });

  it('is 401 invalid_token (not token_expired) for a forged token with a past exp', async () => {
    await expect401(
      bearer(await sign(claims({ iat: now() - 3600, exp: now() - 1 }), OTHER_SECRET)),
      'invalid_token',
    );
  });

  it('is 401 invalid_token for alg none, with or without a signature', async () => {
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims())}`;
    await expect401(bearer(`${unsigned}.`), 'invalid_token');
    const real = await sign(claims(), env.JWT_SECRET);
    await expect401(bearer(`${unsigned}.${real.split('.')[2]}`), 'invalid_token');
  });

  it('is 401 invalid_token for another algorithm signed with the right secret', async () => {
    await expect401(bearer(await sign(claims(), env.JWT_SECRET, 'HS512')), 'invalid_token');
    await expect401(bearer(await sign(claims(), env.JWT_SECRET, 'HS384')), 'invalid_token');
  });

  it('is 401 invalid_token for a correctly signed token without exp', async () => {
    const { exp: _exp, ...noExp } = claims();
    await expect401(bearer(await sign(noExp, env.JWT_SECRET)), 'invalid_token');
  });

  it('is 401 invalid_token for correctly signed tokens with wrong claims', async () => {
    await expect401(
      bearer(await sign(claims({ iss: 'someone-else' }), env.JWT_SECRET)),
      'invalid_token',
    );
    await expect401(bearer(await sign(claims({ sub: 'admin' }), env.JWT_SECRET)), 'invalid_token');
    await expect401(
      bearer(await sign(claims({ nbf: now() + 600 }), env.JWT_SECRET)),
      'invalid_token',
    );
    await expect401(
      bearer(await sign(claims({ iat: now() + 600, exp: now() + 1200 }), env.JWT_SECRET)),
      'invalid_token',
    );
  });

  it('is 401 invalid_token when the payload was edited to escalate the role', async () => {
    const memberToken = await sign(claims({ tid: tenant.id, role: 'member' }), env.JWT_SECRET);
    const [header, , signature] = memberToken.split('.');
    const forged = `${header}.${b64url(claims({ tid: tenant.id, role: 'admin' }))}.${signature}`;
    await expect401(bearer(forged), 'invalid_token');
  });
});

describe('tenant-scoped routes', () => {
  it('answer 403 tenant_required for an unscoped token, and serve a scoped one', async () => {
    const unscoped = await callJson<ErrorBody>('/channels', { token: user.token });
    expect(unscoped.status).toBe(403);
    expect(unscoped.body.code).toBe('tenant_required');
    const ok = await callJson<{ channels: unknown[] }>('/channels', { token: scoped });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.channels).toEqual([]);
  });
});
