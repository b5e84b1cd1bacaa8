import { env } from 'cloudflare:workers';
import { decode, sign } from 'hono/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { issueToken, readToken } from './tokens';

const SECRET = env.JWT_SECRET;
const OTHER_SECRET = 'another-secret-that-is-long-enough-0123456789';
const USER = '6f1c2f9e-7a51-4c1e-9f0a-2b8f4f7d1a01';
const TENANT = '0b8e3a52-1d5e-4f64-8a6f-7e2d9c0b4a11';

const now = () => Math.floor(Date.now() / 1000);
const b64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');

const claims = (extra: Record<string, unknown> = {}) => ({
  sub: USER,
  iss: 'edge-chat-api',
  iat: now(),
  exp: now() + 600,
  ...extra,
});

/** The error name readToken throws with, or 'ok'. */
async function outcome(token: string): Promise<string> {
  try {
    await readToken(token, SECRET);
    return 'ok';
  } catch (err) {
    return err instanceof Error ? err.name : String(err);
  }
}

describe('issueToken', () => {
  it('signs HS256 with sub, tid, role, iss, iat and exp = iat + ttl', async () => {
    const at = Date.UTC(2030, 0, 1, 12, 0, 0, 750);
    const { token, expiresAt } = await issueToken(
      { userId: USER, tenantId: TENANT, role: 'moderator' },
      SECRET,
      900,
      at,
    );
    const { header, payload } = decode(token);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual({
      sub: USER,
      tid: TENANT,
      role: 'moderator',
      iss: 'edge-chat-api',
      iat: Math.floor(at / 1000),
      exp: Math.floor(at / 1000) + 900,
    });
    expect(expiresAt.getTime()).toBe((Math.floor(at / 1000) + 900) * 1000);
  });

  it('leaves tid and role out of an unscoped token', async () => {
    const { token } = await issueToken({ userId: USER }, SECRET, 60);
    const { payload } = decode(token);
    expect(payload).not.toHaveProperty('tid');
    expect(payload).not.toHaveProperty('role');
    expect(payload.sub).toBe(USER);
  });
});

describe('readToken', () => {
  it('round-trips a scoped and an unscoped token', async () => {
    const scoped = await issueToken({ userId: USER, tenantId: TENANT, role: 'admin' }, SECRET, 60);
    expect(await readToken(scoped.token, SECRET)).toEqual({
      userId: USER,
      tenantId: TENANT,
      role: 'admin',
    });
    const unscoped = await issueToken({ userId: USER }, SECRET, 60);
    expect(await readToken(unscoped.token, SECRET)).toEqual({
      userId: USER,
      tenantId: undefined,
      role: undefined,
    });
  });

  it('rejects a token signed with another secret', async () => {
    const { token } = await issueToken({ userId: USER }, OTHER_SECRET, 60);
    expect(await outcome(token)).toBe('JwtTokenSignatureMismatched');
  });

  it('reports a genuine expired token as expired', async () => {
    const token = await sign(claims({ iat: now() - 1000, exp: now() - 10 }), SECRET);
    expect(await outcome(token)).toBe('JwtTokenExpired');
  });

  it('reports a forged token as invalid even when its exp is past (signature is checked first)', async () => {
    const token = await sign(claims({ iat: now() - 1000, exp: now() - 10 }), OTHER_SECRET);
    expect(await outcome(token)).toBe('JwtTokenSignatureMismatched');
    const nonNumeric = await sign(claims({ exp: 'tomorrow' }), OTHER_SECRET);
    expect(await outcome(nonNumeric)).toBe('JwtTokenSignatureMismatched');
  });

  it('rejects a payload edited after signing (role escalation)', async () => {
    const { token } = await issueToken(
      { userId: USER, tenantId: TENANT, role: 'member' },
      SECRET,
      60,
    );
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const edited = {
      ...JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))),
      role: 'admin',
    };
    expect(await outcome(`${header}.${b64url(edited)}.${signature}`)).toBe(
      'JwtTokenSignatureMismatched',
    );
  });

  it('pins the algorithm: alg none, HS512 and HS384 with the right secret are refused', async () => {
    const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims())}.`;
    expect(await outcome(none)).not.toBe('ok');
    for (const alg of ['HS512', 'HS384'] as const) {
      const token = await sign(claims(), SECRET, alg);
      expect(decode(token).header.alg).toBe(alg);
      expect(await outcome(token)).toBe('JwtAlgorithmMismatch');
    }
  });

  it('requires every claim of ours: exp, sub as a uuid, our issuer', async () => {
    const { exp: _exp, ...withoutExp } = claims();
    expect(await outcome(await sign(withoutExp, SECRET))).toBe('ZodError');
    expect(await outcome(await sign(claims({ sub: 'not-a-uuid' }), SECRET))).toBe('ZodError');
    expect(await outcome(await sign(claims({ role: 'owner', tid: TENANT }), SECRET))).toBe(
      'ZodError',
    );
    expect(await outcome(await sign(claims({ iss: 'someone-else' }), SECRET))).toBe(
      'JwtTokenIssuer',
    );
    const { iss: _iss, ...withoutIss } = claims();
    expect(await outcome(await sign(withoutIss, SECRET))).toBe('JwtTokenIssuer');
  });

  it('refuses tokens not yet valid', async () => {
    expect(await outcome(await sign(claims({ nbf: now() + 600 }), SECRET))).toBe(
      'JwtTokenNotBefore',
    );
    expect(await outcome(await sign(claims({ iat: now() + 600, exp: now() + 1200 }), SECRET))).toBe(
      'JwtTokenIssuedAt',
    );
  });

  it('refuses garbage', async () => {
    for (const token of [
      '',
      'garbage',
      'a.b',
      'a.b.c',
      '...',
      `${b64url({ alg: 'HS256' })}.bm90IGpzb24.sig`,
    ]) {
      expect(await outcome(token), token).not.toBe('ok');
    }
  });
});

// readToken remembers tokens it has verified (per isolate): the memory must not widen what passes.
describe('readToken on a token it has verified before', () => {
  afterEach(() => vi.useRealTimers());

  it('still refuses it under another secret', async () => {
    const { token } = await issueToken({ userId: USER }, SECRET, 60);
    expect(await readToken(token, SECRET)).toEqual({ userId: USER });
    await expect(readToken(token, OTHER_SECRET)).rejects.toThrow();
  });

  it('still refuses it once it has expired', async () => {
    const { token } = await issueToken({ userId: USER }, SECRET, 60);
    expect(await outcome(token)).toBe('ok');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    expect(await outcome(token)).toBe('JwtTokenExpired');
  });
});
