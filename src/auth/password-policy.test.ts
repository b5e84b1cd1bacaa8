import { describe, expect, it } from 'vitest';
import { callJson, type ErrorBody, expectInvalid } from '../../test/api';
import { unique } from '../../test/fixtures';
import { COMMON_PASSWORDS } from './common-passwords';
import { passwordProblems, sameAsAccountProblems } from './password-policy';

describe('password policy', () => {
  it('counts characters as code points: 8 to 256', () => {
    expect(passwordProblems('😀😀😀😀')).toEqual(['Use at least 8 characters']); // 8 UTF-16 units
    expect(passwordProblems('😀'.repeat(8))).toEqual([]);
    expect(passwordProblems('é'.repeat(256))).toEqual([]);
    expect(passwordProblems('é'.repeat(257))).toEqual(['Use at most 256 characters']);
  });

  it('refuses the bundled common passwords whatever their case, and only those', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(500);
    for (const common of ['password', 'PASSWORD1', 'Qwerty123', 'iloveyou1', 'baseball']) {
      expect(passwordProblems(common), common).toEqual([
        expect.stringContaining('most common passwords'),
      ]);
    }
    expect(passwordProblems('correct horse battery')).toEqual([]);
    for (const entry of COMMON_PASSWORDS) expect(entry).toBe(entry.toLowerCase());
  });

  it('refuses the account email or name as the password, case-insensitively', () => {
    const account = { email: 'Ada.Lovelace@Example.com', name: 'Ada Lovelace' };
    expect(sameAsAccountProblems('ada.lovelace@example.COM', account)).toEqual([
      'The password must not be your email address',
    ]);
    expect(sameAsAccountProblems('ADA LOVELACE', account)).toEqual([
      'The password must not be your name',
    ]);
    expect(sameAsAccountProblems('Ada Lovelace 1815', account)).toEqual([]);
  });
});

describe('POST /auth/register password rules', () => {
  const register = (body: Record<string, unknown>) =>
    callJson<ErrorBody>('/auth/register', { body });

  it.each([
    ['a common password', { password: 'Password1' }, 'most common passwords'],
    ['the email', { password: 'SAME@example.com', email: 'same@example.com' }, 'email address'],
    ['the name', { password: 'Grace Brewster Hopper', name: 'grace brewster hopper' }, 'your name'],
    ['too short in code points', { password: '🔑🔑🔑🔑' }, 'at least 8'],
    ['too long', { password: 'x'.repeat(257) }, 'at most 256'],
  ])('is 400 with a clear detail for %s', async (_case, override, message) => {
    const res = await register({
      email: `pw-${unique()}@example.com`,
      name: 'Password Rules',
      ...override,
    });
    expectInvalid(res, 'body.password');
    expect(res.body.details?.find((d) => d.field === 'body.password')?.message).toContain(message);
  });

  it('reports the password together with other invalid fields', async () => {
    const res = await register({ email: 'not an email', name: 'N', password: 'qwerty123' });
    expectInvalid(res, 'body.password');
    expectInvalid(res, 'body.email');
  });
});

describe('POST /me/password rules', () => {
  it('refuses a new password that is common or the account email or name (400 on new_password), and keeps the old one', async () => {
    const email = `pwc-${unique()}@example.com`;
    const reg = await callJson<{ token: string }>('/auth/register', {
      body: { email, password: 'correct horse battery', name: 'Grace Hopper' },
    });
    expect(reg.status).toBe(201);
    for (const [newPassword, message] of [
      ['Password123', 'most common passwords'],
      [email.toUpperCase(), 'email address'],
      ['grace hopper', 'your name'],
    ]) {
      const res = await callJson<ErrorBody>('/me/password', {
        token: reg.body.token,
        body: { current_password: 'correct horse battery', new_password: newPassword },
      });
      expectInvalid(res, 'body.new_password');
      expect(res.body.details?.[0]?.message).toContain(message);
    }
    const login = await callJson('/auth/login', {
      body: { email, password: 'correct horse battery' },
    });
    expect(login.status).toBe(200);
  });
});
