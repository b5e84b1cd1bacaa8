/** The limiter middleware on a throwaway app, and the client address key. */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { errorResponse } from './create-app';
import { enforceLimit, ipKey, RATE_LIMITS, rateLimit } from './rate-limit';
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
  /** A binding that allows `allow` calls per key, and records what it was asked. */
  function fakeBinding(allow: number) {
    const calls: string[] = [];
    return {
      calls,
      binding: {
        async limit({ key }: { key: string }) {
          calls.push(key);
          return { success: calls.filter((k) => k === key).length <= allow };
        },
      },
    };
  }

  it('stops at the first refusal: a refused call does not spend the next limit', async () => {
    const first = fakeBinding(1);
    const second = fakeBinding(5);
    const app = new Hono<AppEnv>()
      .use(async (c, next) => {
        c.set('requestId', 'test');
        await next();
      })
      .post(
        '/x',
        rateLimit('LOGIN_IP_LIMITER', () => 'k'),
        rateLimit('LOGIN_EMAIL_LIMITER', () => 'k'),
        (c) => c.json({ ok: true }),
      )
      .onError(errorResponse);
    const env = { LOGIN_IP_LIMITER: first.binding, LOGIN_EMAIL_LIMITER: second.binding };
    const ok = await app.request('/x', { method: 'POST' }, env);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('ratelimit-policy')).toBe(
      '"login-ip";q=30;w=60, "login-email";q=100;w=60',
    );
    const refused = await app.request('/x', { method: 'POST' }, env);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 'rate_limited', request_id: 'test' });
    expect(refused.headers.get('retry-after')).toBe(String(RATE_LIMITS.LOGIN_IP_LIMITER.period));
    expect(first.calls).toEqual(['k', 'k']);
    expect(second.calls).toEqual(['k']);
  });

  it('skips a limit whose key is undefined', async () => {
    const limiter = fakeBinding(0);
    const app = new Hono<AppEnv>().get(
      '/x',
      rateLimit('REGISTER_IP_LIMITER', () => undefined),
      (c) => c.text('ok'),
    );
    expect((await app.request('/x', {}, { REGISTER_IP_LIMITER: limiter.binding })).status).toBe(
      200,
    );
    expect(limiter.calls).toEqual([]);
  });

  it('enforceLimit works inside a handler, for a key found there (e.g. a session)', async () => {
    const limiter = fakeBinding(1);
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
    const env = { MESSAGE_USER_LIMITER: limiter.binding };
    expect((await app.request('/x', {}, env)).status).toBe(200);
    const refused = await app.request('/x', {}, env);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit')).toBe('"message-user";r=0;t=10');
    expect(limiter.calls).toEqual(['session-1', 'session-1']);
  });
});
