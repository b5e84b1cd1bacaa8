/**
 * Sign-in throttling per account (src/services/sign-in-throttle.ts) through the real Worker and
 * database: failed sign-ins slow the account progressively and stop at a daily budget, without a
 * password check for a refused attempt; a device token of the account is counted on its own.
 * Time is moved by rewinding the account's rows (`rewind`), never by sleeping.
 */
import { describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS as L } from '../../src/services/sign-in-throttle';
import { callJson, type ErrorBody, expectError, expectInvalid, freshIp } from '../api';
import { registerUser, type TestUser } from '../fixtures';
import { dbRows } from '../stand-ins';

type LoginBody = ErrorBody & { token?: string; device_token?: string };
type Res = { status: number; body: LoginBody; headers: Headers };

const login = (
  email: string,
  password: string,
  options: { device_token?: string; ip?: string } = {},
): Promise<Res> =>
  callJson<LoginBody>('/auth/login', {
    body: {
      email,
      password,
      ...(options.device_token ? { device_token: options.device_token } : {}),
    },
    headers: { 'cf-connecting-ip': options.ip ?? freshIp() },
  });

/** A user with the device token registration gave them. */
async function owner(): Promise<TestUser & { deviceToken: string }> {
  const user = await registerUser('Owner');
  const first = await login(user.email, user.password);
  expect(first.status).toBe(200);
  expect(first.body.device_token).toMatch(/^[\w-]{43}$/);
  return { ...user, deviceToken: first.body.device_token! };
}

type Counts = { streak: number; window_failures: number };
const counts = async (userId: string): Promise<Counts> =>
  (
    await dbRows<Counts>(
      'select streak, window_failures from sign_in_failures where user_id = $1',
      [userId],
    )
  )[0] ?? { streak: 0, window_failures: 0 };

/** Sets the account's counts as `failures` failures in a row just now, `today` in the window. */
const setCounts = (userId: string, streak: number, today: number) =>
  dbRows(
    `insert into sign_in_failures (user_id, streak, last_failed_at, window_started_at, window_failures)
     values ($1, $2, now(), now() - interval '1 hour', $3)
     on conflict (user_id) do update set streak = $2, last_failed_at = now(),
       window_started_at = now() - interval '1 hour', window_failures = $3`,
    [userId, streak, today],
  );

/** Moves the account's clock `seconds` on: its last failure and its window start that much earlier. */
const rewind = (userId: string, seconds: number) =>
  dbRows(
    `update sign_in_failures set last_failed_at = last_failed_at - make_interval(secs => $2),
       window_started_at = window_started_at - make_interval(secs => $2) where user_id = $1`,
    [userId, seconds],
  );

function expectThrottled(res: Res, code: 'login_delayed' | 'login_locked'): number {
  expectError(res, 429, code);
  const after = Number(res.headers.get('retry-after'));
  expect(after).toBeGreaterThan(0);
  expect(res.body.error).toContain(`${after} seconds`);
  return after;
}

/** The delay the account waits after `streak` failures in a row. */
const delayAfter = (streak: number) =>
  streak <= L.freeFailures
    ? 0
    : Math.min(L.firstDelaySeconds * 2 ** (streak - L.freeFailures - 1), L.maxDelaySeconds);

describe('failed sign-ins per account', () => {
  it('a spray of wrong passwords is slowed, then stopped at the daily budget; refusals spend no guess', async () => {
    const victim = await owner();
    // The free failures in a row: each a plain 401.
    for (let i = 0; i < L.freeFailures; i++) {
      expectError(await login(victim.email, 'wrong guess'), 401, 'invalid_credentials');
    }
    expect(await counts(victim.id)).toEqual({
      streak: L.freeFailures,
      window_failures: L.freeFailures,
    });
    // Past them, the attempt after each failure waits, twice as long each time.
    expectError(await login(victim.email, 'wrong guess'), 401, 'invalid_credentials');
    const streak = L.freeFailures + 5;
    await setCounts(victim.id, streak, streak);
    const first = expectThrottled(await login(victim.email, 'wrong guess'), 'login_delayed');
    expect(first).toBeLessThanOrEqual(delayAfter(streak));
    expect(first).toBeGreaterThanOrEqual(delayAfter(streak) - 1);
    // Refused without a password check: the right password is refused too, and nothing counted.
    expectThrottled(await login(victim.email, victim.password), 'login_delayed');
    expect(await counts(victim.id)).toEqual({ streak, window_failures: streak });

    await rewind(victim.id, delayAfter(streak));
    expectError(await login(victim.email, 'wrong guess'), 401, 'invalid_credentials');
    const second = expectThrottled(await login(victim.email, 'wrong guess'), 'login_delayed');
    expect(second).toBeGreaterThan(first);
    expect(second).toBeLessThanOrEqual(delayAfter(streak + 1));

    // The delay stops growing at its maximum.
    await setCounts(victim.id, 500, 50);
    expect(expectThrottled(await login(victim.email, 'x'), 'login_delayed')).toBeLessThanOrEqual(
      L.maxDelaySeconds,
    );

    // The daily budget: its last failure counts, then nobody untrusted gets a guess until the
    // window ends, whatever the delay says.
    await setCounts(victim.id, streak, L.dailyFailures - 1);
    await rewind(victim.id, delayAfter(streak));
    expectError(await login(victim.email, 'wrong guess'), 401, 'invalid_credentials');
    await rewind(victim.id, L.maxDelaySeconds);
    const locked = expectThrottled(await login(victim.email, 'wrong guess'), 'login_locked');
    const windowSeconds = L.windowHours * 3600;
    expect(locked).toBeGreaterThan(windowSeconds - L.maxDelaySeconds - 3700);
    expect(locked).toBeLessThanOrEqual(windowSeconds);
    expectThrottled(await login(victim.email, victim.password), 'login_locked');
    expect((await counts(victim.id)).window_failures).toBe(L.dailyFailures);
    // Only a trusted device gets in meanwhile.
    expect(
      (await login(victim.email, victim.password, { device_token: victim.deviceToken })).status,
    ).toBe(200);

    // When the window is over, the owner signs in from anywhere; the success resets the streak.
    await rewind(victim.id, windowSeconds);
    const back = await login(victim.email, victim.password);
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(await counts(victim.id)).toEqual({ streak: 0, window_failures: 0 });
  });

  it('the owner without a device token is told how long to wait, and gets in then', async () => {
    const victim = await owner();
    const streak = L.freeFailures + 4;
    await setCounts(victim.id, streak, 40);
    const wait = expectThrottled(await login(victim.email, victim.password), 'login_delayed');
    expect(wait).toBeLessThanOrEqual(delayAfter(streak));
    await rewind(victim.id, wait);
    const res = await login(victim.email, victim.password);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // A success proves the password: the streak is over; the day's failures stay counted (an
    // owner's sign-in does not refill an attacker's budget), this attempt's own count is given back.
    expect(await counts(victim.id)).toEqual({ streak: 0, window_failures: 40 });
    // A new device gets a new device token.
    expect(res.body.device_token).toMatch(/^[\w-]{43}$/);
    expect(res.body.device_token).not.toBe(victim.deviceToken);
  });

  it('the owner with a device token signs in at once during an attack; its failures count on it alone', async () => {
    const victim = await owner();
    await setCounts(victim.id, 60, L.dailyFailures);
    expectThrottled(await login(victim.email, victim.password), 'login_locked');

    const trusted = { device_token: victim.deviceToken };
    // A wrong password from the trusted device is a plain 401, counted on the token only.
    expectError(await login(victim.email, 'typo', trusted), 401, 'invalid_credentials');
    expect(await counts(victim.id)).toEqual({ streak: 60, window_failures: L.dailyFailures });
    const res = await login(victim.email, victim.password, trusted);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // The same token, renewed; the day's failures stay.
    expect(res.body.device_token).toBe(victim.deviceToken);
    expect(await counts(victim.id)).toEqual({ streak: 0, window_failures: L.dailyFailures });
    const [device] = await dbRows<{ failures: number; days: number }>(
      `select failures, extract(day from expires_at - now())::int as days from device_tokens
       where user_id = $1 and last_used_at > now() - interval '1 minute'`,
      [victim.id],
    );
    expect(device).toEqual({ failures: 0, days: 179 });
  });

  it('a device token used with wrong passwords too often is no longer trusted', async () => {
    const victim = await owner();
    const trusted = { device_token: victim.deviceToken };
    for (let i = 0; i < L.deviceFailures; i++) {
      expectError(await login(victim.email, 'stolen phone', trusted), 401, 'invalid_credentials');
    }
    // The account's own count was not touched by them...
    expect(await counts(victim.id)).toEqual({ streak: 0, window_failures: 0 });
    // ...but from now on the token's logins count on the account, like anyone's.
    await setCounts(victim.id, 30, L.dailyFailures);
    expectThrottled(await login(victim.email, victim.password, trusted), 'login_locked');
  });

  it("a wrong, expired or another account's device token gives no bypass", async () => {
    const [victim, attacker] = await Promise.all([owner(), owner()]);
    await setCounts(victim.id, 40, L.dailyFailures);
    for (const device_token of [attacker.deviceToken, `${victim.deviceToken}x`, 'junk']) {
      expectThrottled(await login(victim.email, victim.password, { device_token }), 'login_locked');
    }
    await dbRows(
      `update device_tokens set expires_at = now() - interval '1 second' where user_id = $1`,
      [victim.id],
    );
    expectThrottled(
      await login(victim.email, victim.password, { device_token: victim.deviceToken }),
      'login_locked',
    );
    // The attacker's own token was not spent on the victim's account.
    const [own] = await dbRows<{ failures: number }>(
      'select failures from device_tokens where user_id = $1',
      [attacker.id],
    );
    expect(own?.failures).toBe(0);
  });

  it("ten addresses at ten tries each (the issue's finding): the owner from an eleventh is told when and gets in then; with a device token at once", async () => {
    const victim = await owner();
    const attack = () =>
      Promise.all(
        Array.from({ length: 10 }, freshIp).flatMap((ip) =>
          Array.from({ length: 10 }, () => login(victim.email, 'wrong guess', { ip })),
        ),
      );
    const statuses = (await attack()).map((r) => (r.status === 429 ? r.body.code : r.status));
    expect(new Set(statuses)).toEqual(new Set([401, 'login_delayed']));
    const { streak } = await counts(victim.id);
    expect(statuses.filter((s) => s === 401)).toHaveLength(streak);
    // At most a few seconds' worth of delays fit in the attack's own time.
    expect(streak).toBeLessThan(L.freeFailures + 6);

    const res = await login(victim.email, victim.password);
    if (res.status !== 200) {
      const wait = expectThrottled(res, 'login_delayed');
      expect(wait).toBeLessThanOrEqual(delayAfter(streak));
      await rewind(victim.id, wait);
      expect((await login(victim.email, victim.password)).status).toBe(200);
    }

    await attack();
    const trusted = await login(victim.email, victim.password, {
      device_token: victim.deviceToken,
    });
    expect(trusted.status, JSON.stringify(trusted.body)).toBe(200);
  });

  it('ten accounts at ten tries each from one address: their owners sign in from another at once', async () => {
    const owners = await Promise.all(Array.from({ length: 10 }, () => registerUser('Many')));
    const ip = freshIp();
    const tries = await Promise.all(
      owners.flatMap((o) =>
        Array.from({ length: 10 }, () => login(o.email, 'wrong guess', { ip })),
      ),
    );
    expect(tries.every((r) => r.status === 401 || r.status === 429)).toBe(true);
    const back = await Promise.all(owners.map((o) => login(o.email, o.password)));
    expect(back.map((r) => r.status)).toEqual(owners.map(() => 200));
  });

  it('a right password for a tenant the user is not in (403) is no failure', async () => {
    const victim = await owner();
    await setCounts(victim.id, 5, 7);
    const res = await callJson('/auth/login', {
      body: { email: victim.email, password: victim.password, tenant_id: crypto.randomUUID() },
    });
    expectError(res, 403, 'not_a_member');
    expect(await counts(victim.id)).toEqual({ streak: 0, window_failures: 7 });
  });

  it('an unknown email is answered 401 however often it is tried', async () => {
    const email = `nobody-${crypto.randomUUID()}@example.com`;
    const results = await Promise.all(
      Array.from({ length: L.freeFailures + 3 }, () => login(email, 'wrong guess')),
    );
    for (const res of results) expectError(res, 401, 'invalid_credentials');
  });

  it('is 400 for a device token that is empty, too long or not a string', async () => {
    const user = await registerUser();
    for (const device_token of ['', 'x'.repeat(201), 42]) {
      const res = await callJson('/auth/login', {
        body: { email: user.email, password: user.password, device_token },
      });
      expectInvalid(res, 'body.device_token');
    }
  });

  it('register answers a device token that trusts the device at once', async () => {
    const email = `dt-${crypto.randomUUID()}@example.com`;
    const reg = await callJson<{ device_token: string; user: { id: string } }>('/auth/register', {
      body: { email, password: 'correct horse battery', name: 'New' },
    });
    expect(reg.status).toBe(201);
    await setCounts(reg.body.user.id, 30, L.dailyFailures);
    const res = await login(email, 'correct horse battery', {
      device_token: reg.body.device_token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });
});
