import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  PBKDF2_ITERATIONS,
  verifyPassword,
  verifyPasswordOrDecoy,
} from './passwords';

const fromBase64 = (text: string) => Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));

describe('hashPassword', () => {
  it('stores a self-describing pbkdf2-sha256 string with 100,000 iterations, a 16-byte salt and a 32-byte hash', async () => {
    const stored = await hashPassword('correct horse battery');
    const parts = stored.split('$');
    expect(parts).toHaveLength(4);
    const [algorithm, iterations, salt, hash] = parts as [string, string, string, string];
    expect(algorithm).toBe('pbkdf2-sha256');
    expect(PBKDF2_ITERATIONS).toBe(100_000);
    expect(Number(iterations)).toBe(100_000);
    expect(fromBase64(salt)).toHaveLength(16);
    expect(fromBase64(hash)).toHaveLength(32);
    expect(stored).not.toContain('correct horse battery');
  });

  it('uses a fresh salt each time, so equal passwords store differently', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same password'),
      hashPassword('same password'),
    ]);
    expect(a).not.toBe(b);
    expect(a.split('$')[2]).not.toBe(b.split('$')[2]);
    expect(await verifyPassword('same password', a)).toBe(true);
    expect(await verifyPassword('same password', b)).toBe(true);
  });

  it('matches a known PBKDF2-SHA256 vector (RFC 7914 §11: "passwd"/"salt", 1 iteration)', async () => {
    // Known answer: proves the derivation really is PBKDF2 with HMAC-SHA-256.
    const expected = '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc';
    const salt = btoa('salt');
    const hash = btoa(
      String.fromCharCode(...expected.match(/../g)!.map((h) => Number.parseInt(h, 16))),
    );
    expect(await verifyPassword('passwd', `pbkdf2-sha256$1$${salt}$${hash}`)).toBe(true);
    expect(await verifyPassword('passwd', `pbkdf2-sha256$2$${salt}$${hash}`)).toBe(false);
  });
});

describe('verifyPassword', () => {
  it('accepts the right password and rejects near misses', async () => {
    const stored = await hashPassword('Tr0ub4dor&3 with spaces ');
    expect(await verifyPassword('Tr0ub4dor&3 with spaces ', stored)).toBe(true);
    expect(await verifyPassword('Tr0ub4dor&3 with spaces', stored)).toBe(false);
    expect(await verifyPassword('tr0ub4dor&3 with spaces ', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('handles non-ASCII passwords', async () => {
    const stored = await hashPassword('pässwörd-密码-🔑');
    expect(await verifyPassword('pässwörd-密码-🔑', stored)).toBe(true);
    expect(await verifyPassword('passwort-密码-🔑', stored)).toBe(false);
  });

  it('verifies with the iterations named in the stored string, so the cost can be raised later', async () => {
    const cheap = await hashPassword('legacy password', 1_000);
    expect(cheap.split('$')[1]).toBe('1000');
    expect(await verifyPassword('legacy password', cheap)).toBe(true);
    // The same salt and hash read with another iteration count do not match.
    expect(await verifyPassword('legacy password', cheap.replace('$1000$', '$1001$'))).toBe(false);
  });

  it('rejects a tampered hash or salt', async () => {
    const stored = await hashPassword('correct horse battery', 1_000);
    const [alg, iterations, salt, hash] = stored.split('$') as [string, string, string, string];
    const flip = (b64: string) => {
      const bytes = fromBase64(b64);
      bytes[0]! ^= 1;
      return btoa(String.fromCharCode(...bytes));
    };
    expect(
      await verifyPassword('correct horse battery', [alg, iterations, flip(salt), hash].join('$')),
    ).toBe(false);
    expect(
      await verifyPassword('correct horse battery', [alg, iterations, salt, flip(hash)].join('$')),
    ).toBe(false);
    // A truncated hash must not match its prefix.
    const short = btoa(String.fromCharCode(...fromBase64(hash).slice(0, 16)));
    expect(
      await verifyPassword('correct horse battery', [alg, iterations, salt, short].join('$')),
    ).toBe(false);
  });

  it('returns false (never throws) for stored strings it does not understand', async () => {
    const valid = await hashPassword('x'.repeat(8), 1_000);
    const [, , salt, hash] = valid.split('$');
    for (const stored of [
      '',
      'plaintext-password',
      `bcrypt$1000$${salt}$${hash}`,
      `pbkdf2-sha256$$${salt}$${hash}`,
      `pbkdf2-sha256$abc$${salt}$${hash}`,
      `pbkdf2-sha256$0$${salt}$${hash}`,
      `pbkdf2-sha256$-5$${salt}$${hash}`,
      `pbkdf2-sha256$1000$!!not base64!!$${hash}`,
      `pbkdf2-sha256$1000$${salt}`,
    ]) {
      await expect(verifyPassword('x'.repeat(8), stored), stored).resolves.toBe(false);
    }
  });
});

describe('verifyPasswordOrDecoy', () => {
  it('is false without a stored hash (unknown user), whatever the password', async () => {
    expect(await verifyPasswordOrDecoy('anything at all', undefined)).toBe(false);
    expect(await verifyPasswordOrDecoy('', undefined)).toBe(false);
  });

  it('otherwise answers like verifyPassword', async () => {
    const stored = await hashPassword('correct horse battery', 1_000);
    expect(await verifyPasswordOrDecoy('correct horse battery', stored)).toBe(true);
    expect(await verifyPasswordOrDecoy('wrong horse battery', stored)).toBe(false);
  });
});
