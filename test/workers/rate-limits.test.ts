/**
 * Abuse limits (src/http/rate-limit.ts) through the real Worker, database and Stream emulator.
 *
 * Most tests call the Worker with every limiter binding replaced by a counting double of
 * Cloudflare's binding (test/fake-limiter.ts): it allows each limit's quota per key and has no
 * clock, so a budget is exact and no window can end while a test fills it. Each test shows that
 * its route asks its limiter, under the right key, and stops at the budget: removing a limit
 * from a route fails the test for it. Limits run before the body is validated, so most tests
 * fill a budget with cheap invalid requests (400s that still count) and then show a valid request
 * refused.
 *
 * The last describe uses Miniflare's own binding as wrangler.toml configures it (10 s windows in
 * tests, vitest.config.ts), whose windows follow the wall clock: its assertions hold wherever a
 * window boundary falls.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '../../src/http/rate-limit';
import worker from '../../src/index';
import { type CallOptions, callJson, type ErrorBody, expectError, freshIp, request } from '../api';
import { type FakeLimiter, fakeLimiter } from '../fake-limiter';
import { registerUser, tenantWithRoles, unique } from '../fixtures';

type Res = { status: number; body: ErrorBody; headers: Headers };
type Name = keyof typeof RATE_LIMITS;

const limiters = Object.fromEntries(
  Object.entries(RATE_LIMITS).map(([name, { limit }]) => [name, fakeLimiter(limit)]),
) as Record<Name, FakeLimiter>;

/** The test's bindings with the counting limiters: one object, so the Worker's caches hold. */
const limitedEnv = { ...env, ...limiters } as unknown as CloudflareBindings;

/** Calls the Worker with the counting limiters. */
async function limited(path: string, options: CallOptions): Promise<Res> {
  const ctx = createExecutionContext();
  const req = request(path, options) as Parameters<typeof worker.fetch>[0];
  const res = await worker.fetch(req, limitedEnv, ctx);
  const body = (await res.json()) as ErrorBody;
  await waitOnExecutionContext(ctx);
  return { status: res.status, body, headers: res.headers };
}

function expectLimited(res: Res, name: Name) {
  const { policy, period } = RATE_LIMITS[name];
  expectError(res, 429, 'rate_limited');
  expect(res.body.error).toContain(policy);
  expect(res.headers.get('retry-after')).toBe(String(period));
  expect(res.headers.get('ratelimit')).toBe(`"${policy}";r=0;t=${period}`);
  expect(res.headers.get('ratelimit-policy')).toContain(`"${policy}";q=`);
}

/** Spends `name`'s whole budget with `spend` (each call must count and not be refused). */
async function fill(name: Name, spend: () => Promise<Res>) {
  const results = await Promise.all(Array.from({ length: RATE_LIMITS[name].limit }, spend));
  for (const res of results) expect(res.status, JSON.stringify(res.body)).not.toBe(429);
}

const PASSWORD = 'correct horse battery';
const login = (email: string, password: string, ip: string) =>
  limited('/auth/login', { body: { email, password }, headers: { 'cf-connecting-ip': ip } });
const register = (body: unknown, ip: string) =>
  limited('/auth/register', { body, headers: { 'cf-connecting-ip': ip } });
const newAccount = (ip = freshIp()) =>
  register({ email: `rl-${unique()}@example.com`, password: PASSWORD, name: 'R' }, ip);
const post = (path: string, token: string, body: unknown) => limited(path, { token, body });

describe('login', () => {
  it('300 rapid wrong passwords from one IP meet 429 with Retry-After; the right password from another IP still works at once', async () => {
    const victim = await registerUser();
    const attacker = freshIp();
    const results: Res[] = [];
    // Limits run in order and stop at the first refusal: the per-IP limit lets 30 through, the
    // per-(email, IP) limit 10 of those, and only those 10 reach the account's own count.
    for (let batch = 0; batch < 10; batch++) {
      results.push(
        ...(await Promise.all(
          Array.from({ length: 30 }, () => login(victim.email, 'wrong password', attacker)),
        )),
      );
    }
    const statuses = results.map((r) => r.status);
    const { limit } = RATE_LIMITS.LOGIN_EMAIL_IP_LIMITER;
    expect(statuses.filter((s) => s === 401)).toHaveLength(limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(300 - limit);
    for (const res of results.filter((r) => r.status === 429)) {
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    // The attacker is refused even with the right password: the address is over its budget.
    expectLimited(await login(victim.email, victim.password, attacker), 'LOGIN_IP_LIMITER');

    // The owner, from elsewhere, in the same window: one address's failures are within the
    // account's free ones (src/services/sign-in-throttle.ts), so nothing delays the owner.
    const real = await login(victim.email, victim.password, freshIp());
    expect(real.status, JSON.stringify(real.body)).toBe(200);
    expect(real.headers.get('ratelimit')).toBeNull();
    expect(real.headers.get('ratelimit-policy')).toBe(
      '"login-ip";q=30;w=60, "login-email-ip";q=10;w=60',
    );
  });

  it('per (email, IP): the pair is refused; the same IP for another email and the same email from another IP are not', async () => {
    const [victim, other] = await Promise.all([registerUser(), registerUser()]);
    const ip = freshIp();
    await fill('LOGIN_EMAIL_IP_LIMITER', () => login(victim.email, 'wrong password', ip));
    expectLimited(await login(victim.email, victim.password, ip), 'LOGIN_EMAIL_IP_LIMITER');
    expect((await login(other.email, other.password, ip)).status).toBe(200);
    expect((await login(victim.email, victim.password, freshIp())).status).toBe(200);
  });

  it('per IP: many emails from one address are refused; other addresses are not', async () => {
    const user = await registerUser();
    const ip = freshIp();
    // Invalid bodies count too: the limit runs before validation.
    await fill('LOGIN_IP_LIMITER', () => login(`nobody-${unique()}@example.com`, '', ip));
    expectLimited(await login(user.email, user.password, ip), 'LOGIN_IP_LIMITER');
    expect((await login(user.email, user.password, freshIp())).status).toBe(200);
  });
});

describe('refresh', () => {
  const refresh = (refresh_token: string) => limited('/auth/refresh', { body: { refresh_token } });

  it("per token: one token's budget is its holder's alone; junk tokens with a victim's session id spend none of it", async () => {
    const victim = await registerUser();
    const session = victim.refreshToken.split('.')[0];
    // An attacker who knows the session id (it leads the token) but not the token itself.
    const junk = `${session}.guess-${unique()}`;
    await fill('REFRESH_TOKEN_LIMITER', () => refresh(junk));
    expectLimited(await refresh(junk), 'REFRESH_TOKEN_LIMITER');
    expect((await refresh(victim.refreshToken)).status).toBe(200);
  });

  it('per IP: refused past the budget; another address is not', async () => {
    const ip = freshIp();
    let n = 0;
    const junk = () =>
      limited('/auth/refresh', {
        body: { refresh_token: `x.junk-${n++}-${unique()}` },
        headers: { 'cf-connecting-ip': ip },
      });
    await fill('REFRESH_IP_LIMITER', junk);
    expectLimited(await junk(), 'REFRESH_IP_LIMITER');
    const user = await registerUser();
    expect((await refresh(user.refreshToken)).status).toBe(200);
  });
});

describe('register', () => {
  it('per IP: refused past the budget; another address is not', async () => {
    const ip = freshIp();
    await fill('REGISTER_IP_LIMITER', () => register({}, ip));
    expectLimited(await newAccount(ip), 'REGISTER_IP_LIMITER');
    expect((await newAccount()).status).toBe(201);
  });

  it('IPv6 counts by /64: another address in the /64 is refused, the next /64 is not', async () => {
    const prefix = `2001:db8:${(Math.random() * 0xffff) | 0}:${(Math.random() * 0xffff) | 0}`;
    await fill('REGISTER_IP_LIMITER', () => register({}, `${prefix}::1`));
    expectLimited(await newAccount(`${prefix}:ffff:0:0:9`), 'REGISTER_IP_LIMITER');
    expect((await newAccount(`2001:db8:ffff:${(Math.random() * 0xffff) | 0}::1`)).status).toBe(201);
  });
});

describe('per user: messages, tenants, channels', () => {
  it('sends: one user is refused past the budget; another user of the tenant and another tenant are not', async () => {
    const [t, u] = await Promise.all([tenantWithRoles(), tenantWithRoles()]);
    const ch = await post('/channels', t.admin.token, { name: `RL ${unique()}` });
    const otherCh = await post('/channels', u.admin.token, { name: `RL ${unique()}` });
    const streamId = (ch.body as unknown as { stream_id: string }).stream_id;
    const otherId = (otherCh.body as unknown as { stream_id: string }).stream_id;
    await fill('MESSAGE_USER_LIMITER', () =>
      post('/messages', t.member.token, { stream_id: streamId }),
    );
    expectLimited(
      await post('/messages', t.member.token, { stream_id: streamId, text: 'hi' }),
      'MESSAGE_USER_LIMITER',
    );
    expect(
      (await post('/messages', t.moderator.token, { stream_id: streamId, text: 'hi' })).status,
    ).toBe(201);
    expect(
      (await post('/messages', u.member.token, { stream_id: otherId, text: 'hi' })).status,
    ).toBe(201);
  });

  it('tenant creation: one user is refused past the budget; another user is not', async () => {
    const [a, b] = await Promise.all([registerUser(), registerUser()]);
    await fill('TENANT_CREATE_USER_LIMITER', () => post('/tenants', a.token, {}));
    expectLimited(
      await post('/tenants', a.token, { name: 'One too many' }),
      'TENANT_CREATE_USER_LIMITER',
    );
    expect((await post('/tenants', b.token, { name: 'Mine' })).status).toBe(201);
  });

  it('channel creation: one admin is refused past the budget; a moderator of the tenant and another tenant are not', async () => {
    const [t, u] = await Promise.all([tenantWithRoles(), tenantWithRoles()]);
    await fill('CHANNEL_CREATE_USER_LIMITER', () => post('/channels', t.admin.token, {}));
    expectLimited(
      await post('/channels', t.admin.token, { name: `RL ${unique()}` }),
      'CHANNEL_CREATE_USER_LIMITER',
    );
    expect((await post('/channels', t.moderator.token, { name: `RL ${unique()}` })).status).toBe(
      201,
    );
    expect((await post('/channels', u.admin.token, { name: `RL ${unique()}` })).status).toBe(201);
  });

  it('profile and password changes: one user is refused past the budget; another user is not', async () => {
    const [a, b] = await Promise.all([registerUser(), registerUser()]);
    const patch = (token: string, body: unknown) =>
      limited('/me', { method: 'PATCH', token, body });
    await fill('PROFILE_UPDATE_USER_LIMITER', () => patch(a.token, {}));
    expectLimited(await patch(a.token, { name: 'Once more' }), 'PROFILE_UPDATE_USER_LIMITER');
    expect((await patch(b.token, { name: 'Fine' })).status).toBe(200);
    // Guesses of the current password (403 each) count: a stolen access token gets 5 a minute.
    const guess = (token: string) =>
      post('/me/password', token, {
        current_password: `guess-${unique()}`,
        new_password: 'another long secret',
      });
    await fill('PASSWORD_CHANGE_USER_LIMITER', () => guess(a.token));
    expectLimited(
      await post('/me/password', a.token, {
        current_password: a.password,
        new_password: 'another long secret',
      }),
      'PASSWORD_CHANGE_USER_LIMITER',
    );
    expect((await guess(b.token)).status).toBe(403);
  });

  it('channel updates and invitations: one user is refused past the budget; another is not', async () => {
    const [t, u] = await Promise.all([tenantWithRoles(), tenantWithRoles()]);
    const ch = await post('/channels', t.admin.token, { name: `RL ${unique()}` });
    const streamId = (ch.body as unknown as { stream_id: string }).stream_id;
    const rename = (token: string, body: unknown) =>
      limited(`/channels/${streamId}`, { method: 'PATCH', token, body });
    await fill('CHANNEL_UPDATE_USER_LIMITER', () => rename(t.admin.token, { name: '' }));
    expectLimited(
      await rename(t.admin.token, { description: 'again' }),
      'CHANNEL_UPDATE_USER_LIMITER',
    );
    expect((await rename(t.moderator.token, { description: 'mine' })).status).toBe(200);
    const invite = (token: string, tenantId: string, body: unknown) =>
      post(`/tenants/${tenantId}/invitations`, token, body);
    const asked = limiters.INVITATION_CREATE_USER_LIMITER.calls.length;
    await fill('INVITATION_CREATE_USER_LIMITER', () => invite(u.admin.token, u.tenant.id, {}));
    expect(limiters.INVITATION_CREATE_USER_LIMITER.calls.length - asked).toBe(
      RATE_LIMITS.INVITATION_CREATE_USER_LIMITER.limit,
    );
    expectLimited(
      await invite(u.admin.token, u.tenant.id, { email: `rl-${unique()}@example.com` }),
      'INVITATION_CREATE_USER_LIMITER',
    );
    expect(
      (await invite(t.admin.token, t.tenant.id, { email: `rl-${unique()}@example.com` })).status,
    ).toBe(201);
  });
});

describe('mail: forgot, reset, verification, email change', () => {
  it('forgot: per IP, then per email (hashed); another email and another address are not refused', async () => {
    const forgot = (email: unknown, ip: string) =>
      limited('/auth/password/forgot', { body: { email }, headers: { 'cf-connecting-ip': ip } });
    const ip = freshIp();
    await fill('PASSWORD_FORGOT_IP_LIMITER', () => forgot(`rl-${unique()}@example.com`, ip));
    expectLimited(await forgot(`rl-${unique()}@example.com`, ip), 'PASSWORD_FORGOT_IP_LIMITER');
    const victim = `rl-victim-${unique()}@example.com`;
    await fill('PASSWORD_FORGOT_EMAIL_LIMITER', () => forgot(victim, freshIp()));
    expectLimited(await forgot(victim.toUpperCase(), freshIp()), 'PASSWORD_FORGOT_EMAIL_LIMITER');
    expect((await forgot(`rl-${unique()}@example.com`, freshIp())).status).toBe(202);
    // The key is a digest: the address is not in it.
    expect(limiters.PASSWORD_FORGOT_EMAIL_LIMITER.calls.join()).not.toContain('@');
  });

  it('token routes per IP; resend and email change per user', async () => {
    const ip = freshIp();
    const useToken = (path: string) =>
      limited(path, { body: { token: 'x'.repeat(43) }, headers: { 'cf-connecting-ip': ip } });
    await fill('ACCOUNT_TOKEN_IP_LIMITER', () => useToken('/auth/verify-email'));
    expectLimited(await useToken('/auth/password/reset'), 'ACCOUNT_TOKEN_IP_LIMITER');
    expectError(
      await limited('/auth/verify-email', { body: { token: 'x'.repeat(43) } }),
      400,
      'invalid_token',
    );

    const [a, b] = await Promise.all([
      registerUser('A', { verified: false }),
      registerUser('B', { verified: false }),
    ]);
    const resend = (token: string) =>
      limited('/auth/verify-email/resend', { method: 'POST', token });
    await fill('VERIFY_RESEND_USER_LIMITER', () => resend(a.token));
    expectLimited(await resend(a.token), 'VERIFY_RESEND_USER_LIMITER');
    expect((await resend(b.token)).status).toBe(202);
    // Password guesses through an email change (403 each) count.
    const change = (token: string, password: string) =>
      post('/me/email', token, { new_email: `rl-${unique()}@example.com`, password });
    await fill('EMAIL_CHANGE_USER_LIMITER', () => change(a.token, `guess-${unique()}`));
    expectLimited(await change(a.token, a.password), 'EMAIL_CHANGE_USER_LIMITER');
    expect((await change(b.token, `guess-${unique()}`)).status).toBe(403);
  });
});

it('every limit lets its keys in again in the next window', async () => {
  // An own user for the per-session limit.
  const [t, user, refreshUser] = await Promise.all([
    tenantWithRoles(),
    registerUser(),
    registerUser(),
  ]);
  const ch = await post('/channels', t.moderator.token, { name: `RL ${unique()}` });
  const streamId = (ch.body as unknown as { stream_id: string }).stream_id;
  const ip = freshIp();
  const loginIp = freshIp();
  const checks: Array<[Name, () => Promise<Res>, () => Promise<Res>, number]> = [
    [
      'LOGIN_IP_LIMITER',
      () => login(`x-${unique()}@example.com`, '', loginIp),
      () => login(user.email, user.password, loginIp),
      200,
    ],
    [
      'LOGIN_EMAIL_IP_LIMITER',
      () => login(user.email, '', ip),
      () => login(user.email, user.password, ip),
      200,
    ],
    ['REGISTER_IP_LIMITER', () => register({}, ip), () => newAccount(ip), 201],
    [
      // One token's budget (a junk one: a real one would rotate and then count as reused).
      'REFRESH_TOKEN_LIMITER',
      () => limited('/auth/refresh', { body: { refresh_token: `${refreshUser.refreshToken}x` } }),
      () => limited('/auth/refresh', { body: { refresh_token: `${refreshUser.refreshToken}x` } }),
      401,
    ],
    [
      'MESSAGE_USER_LIMITER',
      () => post('/messages', t.member.token, {}),
      () => post('/messages', t.member.token, { stream_id: streamId, text: 'again' }),
      201,
    ],
    [
      'TENANT_CREATE_USER_LIMITER',
      () => post('/tenants', user.token, {}),
      () => post('/tenants', user.token, { name: 'Again' }),
      201,
    ],
    [
      'CHANNEL_CREATE_USER_LIMITER',
      () => post('/channels', t.admin.token, {}),
      () => post('/channels', t.admin.token, { name: `RL ${unique()}` }),
      201,
    ],
  ];
  for (const [name, spend, valid] of checks) {
    await fill(name, spend);
    expectLimited(await valid(), name);
  }
  for (const limiter of Object.values(limiters)) limiter.nextWindow();
  for (const [name, , valid, status] of checks) {
    const res = await valid();
    expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(status);
  }
});

describe("on Miniflare's binding, with windows on the wall clock", () => {
  const { limit } = RATE_LIMITS.REGISTER_IP_LIMITER;
  /** Every window is 10 s in the test configuration (vitest.config.ts), whatever it is deployed. */
  const period = 10;
  const windowOf = (ms: number) => Math.floor(ms / (period * 1000));
  const registerForReal = (body: unknown, ip: string) =>
    callJson<ErrorBody>('/auth/register', { body, headers: { 'cf-connecting-ip': ip } });

  it('one address is refused once a window has taken its budget, and let in again in the next window', async () => {
    const ip = freshIp();
    const firstWindow = windowOf(Date.now());
    let allowed = 0;
    let refused: Res | undefined;
    // One call at a time until a refusal: every window the calls span lets `limit` through, so
    // the count allowed is between one budget and one budget per window spanned. The cap only
    // ends a run whose route has no limit.
    while (!refused && allowed < limit * 20) {
      const res = await registerForReal({}, ip);
      if (res.status === 429) refused = res;
      else allowed++;
    }
    const refusedIn = windowOf(Date.now());
    expect(refused, `${allowed} calls and no 429`).toBeDefined();
    expectLimited(refused!, 'REGISTER_IP_LIMITER');
    expect(allowed).toBeGreaterThanOrEqual(limit);
    expect(allowed).toBeLessThanOrEqual(limit * (refusedIn - firstWindow + 1));

    // Every call so far was counted by the time its answer came, so at most in `refusedIn`.
    await new Promise((resolve) =>
      setTimeout(resolve, (refusedIn + 1) * period * 1000 - Date.now()),
    );
    while (windowOf(Date.now()) <= refusedIn) await new Promise((r) => setTimeout(r, 50));
    const again = await registerForReal(
      { email: `rl-${unique()}@example.com`, password: PASSWORD, name: 'R' },
      ip,
    );
    expect(again.status, JSON.stringify(again.body)).toBe(201);
  });
});

describe('account deletion and export', () => {
  it('DELETE /me spends the password-change budget: guesses on both routes together meet 429', async () => {
    const user = await registerUser();
    const { limit } = RATE_LIMITS.PASSWORD_CHANGE_USER_LIMITER;
    for (let i = 0; i < limit; i++) {
      const res =
        i % 2 === 0
          ? await limited('/me', {
              method: 'DELETE',
              token: user.token,
              body: { password: 'a wrong guess' },
            })
          : await post('/me/password', user.token, {
              current_password: 'a wrong guess',
              new_password: 'another horse battery',
            });
      expectError(res, 403, 'invalid_current_password');
    }
    expectLimited(
      await limited('/me', { method: 'DELETE', token: user.token, body: { password: PASSWORD } }),
      'PASSWORD_CHANGE_USER_LIMITER',
    );
  });

  it('GET /me/export: one user is refused past the budget; another user is not', async () => {
    const [user, other] = await Promise.all([registerUser(), registerUser()]);
    await fill('DATA_EXPORT_USER_LIMITER', () => limited('/me/export', { token: user.token }));
    expectLimited(await limited('/me/export', { token: user.token }), 'DATA_EXPORT_USER_LIMITER');
    expect((await limited('/me/export', { token: other.token })).status).toBe(200);
  });

  it('DELETE /tenants/{id}: one user is refused past the budget', async () => {
    const user = await registerUser();
    const wrong = { confirm_name: 'not the name' };
    const id = crypto.randomUUID();
    const remove = () =>
      limited(`/tenants/${id}`, { method: 'DELETE', token: user.token, body: wrong });
    await fill('TENANT_DELETE_USER_LIMITER', remove);
    expectLimited(await remove(), 'TENANT_DELETE_USER_LIMITER');
  });
});
