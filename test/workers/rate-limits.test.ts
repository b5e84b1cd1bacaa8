/**
 * Abuse limits on the Workers Rate Limiting binding (src/http/rate-limit.ts). Every test uses
 * its own keys (fresh IPs, users, emails), so no limit leaks between tests or files. Limits run
 * before the body is validated, so most tests fill a budget with cheap invalid requests (400s
 * that still count) and then show a valid request refused. In the test run every window is
 * 10 s (vitest.config.ts): the reset test waits for the next window instead of a minute.
 */
import { describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '../../src/http/rate-limit';
import { callJson, type ErrorBody, expectError, freshIp } from '../api';
import { createTenant, registerUser, tenantWithRoles, unique } from '../fixtures';

type Res = { status: number; body: ErrorBody; headers: Headers };
type Name = keyof typeof RATE_LIMITS;

const WINDOW_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a test early in a window, so no window ends while a budget is being filled. */
async function freshWindow(needMs = 4_000) {
  const left = WINDOW_MS - (Date.now() % WINDOW_MS);
  if (left < needMs) await sleep(left + 100);
}

/** Waits until the window the limits were filled in is over. */
const nextWindow = async (filledAt: number) => sleep(WINDOW_MS - (filledAt % WINDOW_MS) + 100);

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
  callJson<ErrorBody>('/auth/login', {
    body: { email, password },
    headers: { 'cf-connecting-ip': ip },
  }) as Promise<Res>;
const register = (body: unknown, ip: string) =>
  callJson<ErrorBody>('/auth/register', {
    body,
    headers: { 'cf-connecting-ip': ip },
  }) as Promise<Res>;
const newAccount = (ip = freshIp()) =>
  register({ email: `rl-${unique()}@example.com`, password: PASSWORD, name: 'R' }, ip);
const post = (path: string, token: string, body: unknown) =>
  callJson<ErrorBody>(path, { token, body }) as Promise<Res>;

describe('login', () => {
  it('300 rapid wrong passwords from one IP meet 429 with Retry-After; the right password from another IP still works at once', async () => {
    await freshWindow(6_000);
    const victim = await registerUser();
    const attacker = freshIp();
    const results: Res[] = [];
    for (let batch = 0; batch < 10; batch++) {
      results.push(
        ...(await Promise.all(
          Array.from({ length: 30 }, () => login(victim.email, 'wrong password', attacker)),
        )),
      );
    }
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(
      RATE_LIMITS.LOGIN_EMAIL_IP_LIMITER.limit,
    );
    expect(statuses.filter((s) => s === 429)).toHaveLength(
      300 - RATE_LIMITS.LOGIN_EMAIL_IP_LIMITER.limit,
    );
    for (const res of results.filter((r) => r.status === 429)) {
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    // The attacker is refused even with the right password: the pair is over its budget.
    expectLimited(await login(victim.email, victim.password, attacker), 'LOGIN_IP_LIMITER');

    const started = Date.now();
    const real = await login(victim.email, victim.password, freshIp());
    expect(real.status, JSON.stringify(real.body)).toBe(200);
    expect(real.headers.get('ratelimit')).toBeNull();
    expect(real.headers.get('ratelimit-policy')).toBe(
      '"login-ip";q=30;w=60, "login-email-ip";q=10;w=60, "login-email";q=100;w=60',
    );
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('per (email, IP): the pair is refused; the same IP for another email and the same email from another IP are not', async () => {
    await freshWindow();
    const [victim, other] = await Promise.all([registerUser(), registerUser()]);
    const ip = freshIp();
    await fill('LOGIN_EMAIL_IP_LIMITER', () => login(victim.email, 'wrong password', ip));
    expectLimited(await login(victim.email, victim.password, ip), 'LOGIN_EMAIL_IP_LIMITER');
    expect((await login(other.email, other.password, ip)).status).toBe(200);
    expect((await login(victim.email, victim.password, freshIp())).status).toBe(200);
  });

  it('per IP: many emails from one address are refused; other addresses are not', async () => {
    await freshWindow();
    const user = await registerUser();
    const ip = freshIp();
    // Invalid bodies count too: the limit runs before validation.
    await fill('LOGIN_IP_LIMITER', () => login(`nobody-${unique()}@example.com`, '', ip));
    expectLimited(await login(user.email, user.password, ip), 'LOGIN_IP_LIMITER');
    expect((await login(user.email, user.password, freshIp())).status).toBe(200);
  });

  it('per email from anywhere: looser, so one address alone cannot use it up; many addresses can', async () => {
    await freshWindow();
    const victim = await registerUser();
    const { limit } = RATE_LIMITS.LOGIN_EMAIL_LIMITER;
    const perPair = RATE_LIMITS.LOGIN_EMAIL_IP_LIMITER.limit;
    // One address: held by the pair limit, far below the email budget.
    const lone = freshIp();
    const fromOne = await Promise.all(
      Array.from({ length: limit }, () => login(victim.email, '', lone)),
    );
    expect(fromOne.filter((r) => r.status !== 429)).toHaveLength(perPair);
    expect((await login(victim.email, victim.password, freshIp())).status).toBe(200);

    // Many addresses (a botnet) fill the rest: then the email is refused from anywhere.
    const ips = Array.from({ length: limit / perPair }, freshIp);
    const spread = await Promise.all(
      ips.flatMap((ip) => Array.from({ length: perPair }, () => login(victim.email, '', ip))),
    );
    expect(spread.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expectLimited(await login(victim.email, victim.password, freshIp()), 'LOGIN_EMAIL_LIMITER');
    const other = await registerUser();
    expect((await login(other.email, other.password, freshIp())).status).toBe(200);
  });
});

describe('refresh', () => {
  const refresh = (refresh_token: string) =>
    callJson<ErrorBody>('/auth/refresh', { body: { refresh_token } }) as Promise<Res>;

  it("per token: one token's budget is its holder's alone; junk tokens with a victim's session id spend none of it", async () => {
    await freshWindow();
    const victim = await registerUser();
    const session = victim.refreshToken.split('.')[0];
    // An attacker who knows the session id (it leads the token) but not the token itself.
    const junk = `${session}.guess-${unique()}`;
    await fill('REFRESH_TOKEN_LIMITER', () => refresh(junk));
    expectLimited(await refresh(junk), 'REFRESH_TOKEN_LIMITER');
    expect((await refresh(victim.refreshToken)).status).toBe(200);
  });

  it('per IP: refused past the budget; another address is not', async () => {
    await freshWindow();
    const ip = freshIp();
    const junk = (n: number) =>
      callJson<ErrorBody>('/auth/refresh', {
        body: { refresh_token: `x.junk-${n}-${unique()}` },
        headers: { 'cf-connecting-ip': ip },
      }) as Promise<Res>;
    let n = 0;
    await fill('REFRESH_IP_LIMITER', () => junk(n++));
    expectLimited(await junk(n++), 'REFRESH_IP_LIMITER');
    const user = await registerUser();
    expect((await refresh(user.refreshToken)).status).toBe(200);
  });
});

describe('register', () => {
  it('per IP: refused past the budget; another address is not', async () => {
    await freshWindow();
    const ip = freshIp();
    await fill('REGISTER_IP_LIMITER', () => register({}, ip));
    expectLimited(await newAccount(ip), 'REGISTER_IP_LIMITER');
    expect((await newAccount()).status).toBe(201);
  });

  it('IPv6 counts by /64: another address in the /64 is refused, the next /64 is not', async () => {
    await freshWindow();
    const prefix = `2001:db8:${(Math.random() * 0xffff) | 0}:${(Math.random() * 0xffff) | 0}`;
    await fill('REGISTER_IP_LIMITER', () => register({}, `${prefix}::1`));
    expectLimited(await newAccount(`${prefix}:ffff:0:0:9`), 'REGISTER_IP_LIMITER');
    expect((await newAccount(`2001:db8:ffff:${(Math.random() * 0xffff) | 0}::1`)).status).toBe(201);
  });
});

describe('per user: messages, tenants, channels', () => {
  it('sends: one user is refused past the budget; another user of the tenant and another tenant are not', async () => {
    await freshWindow();
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
    await freshWindow();
    const [a, b] = await Promise.all([registerUser(), registerUser()]);
    await fill('TENANT_CREATE_USER_LIMITER', () => post('/tenants', a.token, {}));
    expectLimited(
      await post('/tenants', a.token, { name: 'One too many' }),
      'TENANT_CREATE_USER_LIMITER',
    );
    expect((await post('/tenants', b.token, { name: 'Mine' })).status).toBe(201);
  });

  it('channel creation: one admin is refused past the budget; a moderator of the tenant and another tenant are not', async () => {
    await freshWindow();
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
    await freshWindow();
    const [a, b] = await Promise.all([registerUser(), registerUser()]);
    const patch = (token: string, body: unknown) =>
      callJson<ErrorBody>('/me', { method: 'PATCH', token, body }) as Promise<Res>;
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

  it('channel updates and invitations: one user is refused past the budget; another admin is not', async () => {
    await freshWindow();
    const [t, u] = await Promise.all([tenantWithRoles(), tenantWithRoles()]);
    const ch = await post('/channels', t.admin.token, { name: `RL ${unique()}` });
    const streamId = (ch.body as unknown as { stream_id: string }).stream_id;
    const rename = (token: string, body: unknown) =>
      callJson<ErrorBody>(`/channels/${streamId}`, {
        method: 'PATCH',
        token,
        body,
      }) as Promise<Res>;
    await fill('CHANNEL_UPDATE_USER_LIMITER', () => rename(t.admin.token, { name: '' }));
    expectLimited(
      await rename(t.admin.token, { description: 'again' }),
      'CHANNEL_UPDATE_USER_LIMITER',
    );
    expect((await rename(t.moderator.token, { description: 'mine' })).status).toBe(200);
    const invite = (token: string, tenantId: string, body: unknown) =>
      post(`/tenants/${tenantId}/invitations`, token, body);
    // A tenant whose admin has invited nobody yet (tenantWithRoles' admins already have).
    const fresh = await createTenant(await registerUser());
    await fill('INVITATION_CREATE_USER_LIMITER', () =>
      invite(fresh.adminToken, fresh.tenant.id, {}),
    );
    expectLimited(
      await invite(fresh.adminToken, fresh.tenant.id, { email: `rl-${unique()}@example.com` }),
      'INVITATION_CREATE_USER_LIMITER',
    );
    expect(
      (await invite(u.admin.token, u.tenant.id, { email: `rl-${unique()}@example.com` })).status,
    ).toBe(201);
  });
});

it('every limit resets when its window is over', async () => {
  await freshWindow(3_000);
  const [t, user] = await Promise.all([tenantWithRoles(), registerUser()]);
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
  for (const [name, spend] of checks) await fill(name, spend);
  const filledAt = Date.now();
  for (const [name, , valid] of checks) expectLimited(await valid(), name);
  await nextWindow(filledAt);
  for (const [name, , valid, status] of checks) {
    const res = await valid();
    expect(res.status, `${name}: ${JSON.stringify(res.body)}`).toBe(status);
  }
  // LOGIN_EMAIL_LIMITER resets the same way; filling it needs ten addresses (test above).
  const again = await createTenant(user);
  expect(again.tenant.id).toBeDefined();
}, 30_000);
