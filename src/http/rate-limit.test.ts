/**
 * The limiter middleware on a throwaway app with a counting double of Cloudflare's binding
 * (test/fake-limiter.ts), the budgets the table sets, and the client address key.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { fakeLimiter } from '../../test/fake-limiter';
import { errorResponse } from './create-app';
import { enforceLimit, ipKey, limits, RATE_LIMITS, rateLimit } from './rate-limit';
import type { AppEnv } from './types';

describe('ipKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:0:0:9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['', 'unknown'],
  ])('%s counts as %s', (ip, key) => {
    expect(ipKey(ip)).toBe(key);
  });
});

describe('rateLimit', () => {
  it('stops at the first refusal: a refused call does not spend the next limit', async () => {
    const first = fakeLimiter(1);
    const second = fakeLimiter(5);
    const app = new Hono<AppEnv>()
      .use(async (c, next) => {
        c.set('requestId', 'test');
        await next();
      })
      .post(
        '/x',
        rateLimit('LOGIN_IP_LIMITER', () => 'k'),
        rateLimit('LOGIN_EMAIL_IP_LIMITER', () => 'k'),
        (c) => c.json({ ok: true }),
      )
      .onError(errorResponse);
    const env = { LOGIN_IP_LIMITER: first, LOGIN_EMAIL_IP_LIMITER: second };
    const ok = await app.request('/x', { method: 'POST' }, env);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('ratelimit-policy')).toBe(
      '"login-ip";q=30;w=60, "login-email-ip";q=10;w=60',
    );
    const refused = await app.request('/x', { method: 'POST' }, env);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 'rate_limited', request_id: 'test' });
    expect(refused.headers.get('retry-after')).toBe(String(RATE_LIMITS.LOGIN_IP_LIMITER.period));
    expect(first.calls).toEqual(['k', 'k']);
    expect(second.calls).toEqual(['k']);
  });

  it('skips a limit whose key is undefined', async () => {
    const limiter = fakeLimiter(0);
    const app = new Hono<AppEnv>().get(
      '/x',
      rateLimit('REGISTER_IP_LIMITER', () => undefined),
      (c) => c.text('ok'),
    );
    expect((await app.request('/x', {}, { REGISTER_IP_LIMITER: limiter })).status).toBe(200);
    expect(limiter.calls).toEqual([]);
  });

  it('enforceLimit works inside a handler, for a key found there (e.g. a session)', async () => {
    const limiter = fakeLimiter(1);
    const app = new Hono<AppEnv>()
      .use(async (c, next) => {
        c.set('requestId', 'test');
        await next();
      })
      .get('/x', async (c) => {
        await enforceLimit(c, 'MESSAGE_USER_LIMITER', 'session-1');
        return c.text('ok');
      })
      .onError(errorResponse);
    const env = { MESSAGE_USER_LIMITER: limiter };
    expect((await app.request('/x', {}, env)).status).toBe(200);
    const refused = await app.request('/x', {}, env);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit')).toBe('"message-user";r=0;t=10');
    expect(limiter.calls).toEqual(['session-1', 'session-1']);
  });
});

describe('the login limits', () => {
  const ip = '203.0.113.7';
  function loginApp() {
    const limiters = {
      LOGIN_IP_LIMITER: fakeLimiter(RATE_LIMITS.LOGIN_IP_LIMITER.limit),
      LOGIN_EMAIL_IP_LIMITER: fakeLimiter(RATE_LIMITS.LOGIN_EMAIL_IP_LIMITER.limit),
    };
    let reached = 0;
    const app = new Hono<AppEnv>()
      .use(async (c, next) => {
        c.set('requestId', 'test');
        await next();
      })
      .use('/login', ...limits.login)
      .post('/login', (c) => c.text(String(++reached)))
      .onError(errorResponse);
    const login = (email: string, from = ip) =>
      app.request(
        '/login',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'cf-connecting-ip': from },
          body: JSON.stringify({ email, password: 'x' }),
        },
        limiters,
      );
    return { limiters, login, reached: () => reached };
  }

  it('has no limit keyed on the email alone: that would let anyone lock its owner out', () => {
    // Guesses against one account are bounded in the database (src/services/sign-in-throttle.ts).
    expect(limits.login).toHaveLength(2);
  });

  it('300 tries from one address: each limit is asked only by the calls the one before let through', async () => {
    const { limiters, login, reached } = loginApp();
    const statuses = [];
    for (let i = 0; i < 300; i++) statuses.push((await login('victim@example.com')).status);
    const perIp = RATE_LIMITS.LOGIN_IP_LIMITER.limit;
    const perPair = RATE_LIMITS.LOGIN_EMAIL_IP_LIMITER.limit;
    expect(limiters.LOGIN_IP_LIMITER.calls).toHaveLength(300);
    expect(limiters.LOGIN_EMAIL_IP_LIMITER.calls).toHaveLength(perIp);
    expect(reached()).toBe(perPair);
    expect(statuses.filter((s) => s === 429)).toHaveLength(300 - perPair);
  });

  it('counts an email trimmed and case-folded, hashed, and the pair as email and address', async () => {
    const { limiters, login } = loginApp();
    await login(' Victim@Example.COM ');
    await login('victim@example.com', '2001:db8:1:2::7');
    const [first, second] = limiters.LOGIN_EMAIL_IP_LIMITER.calls.map((k) => k.split('|'));
    expect(first?.[0]).toBe(second?.[0]);
    expect(first?.[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(limiters.LOGIN_IP_LIMITER.calls).toEqual([ip, '2001:db8:1:2::/64']);
    expect(limiters.LOGIN_EMAIL_IP_LIMITER.calls).toEqual([
      `${first?.[0]}|${ip}`,
      `${first?.[0]}|2001:db8:1:2::/64`,
    ]);
  });
});
