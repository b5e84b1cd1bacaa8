/** The configuration check refuses the public example secrets outside the local stand-ins. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEnvFile } from '../../local/env-file';
import { ConfigError, EXAMPLE_SECRETS, parseConfig } from '../../src/core/config';

const example = parseEnvFile(readFileSync('.dev.vars.example', 'utf8'));
const REAL_JWT = 'b'.repeat(48);
const REAL_STREAM = 's'.repeat(32);

function problems(vars: Record<string, string>): string[] {
  try {
    parseConfig({ ...example, ...vars });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('example secrets', () => {
  it('are the values .dev.vars.example ships', () => {
    expect(example.JWT_SECRET).toBe(EXAMPLE_SECRETS.JWT_SECRET);
    expect(example.STREAM_API_SECRET).toBe(EXAMPLE_SECRETS.STREAM_API_SECRET);
    expect(example.EMAIL_API_KEY).toBe(EXAMPLE_SECRETS.EMAIL_API_KEY);
  });

  it('are accepted with the local stand-ins (localhost, 127.0.0.1, [::1])', () => {
    expect(problems({})).toEqual([]);
    expect(
      problems({
        NEON_HTTP_ENDPOINT: 'http://localhost:4444/sql',
        STREAM_BASE_URL: 'http://[::1]:3030',
      }),
    ).toEqual([]);
  });

  it.each([
    ['real Neon (endpoint empty)', { NEON_HTTP_ENDPOINT: '' }],
    ['a remote SQL endpoint', { NEON_HTTP_ENDPOINT: 'https://api.eu.aws.neon.tech/sql' }],
    ['a look-alike host', { NEON_HTTP_ENDPOINT: 'http://127.0.0.1.attacker.example/sql' }],
  ])('JWT_SECRET is refused, by name, with %s', (_case, vars) => {
    const found = problems({ ...vars, STREAM_API_SECRET: REAL_STREAM });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^JWT_SECRET is the public example/);
    expect(found[0]).toContain('openssl rand -base64 48');
    expect(problems({ ...vars, JWT_SECRET: REAL_JWT })).toEqual([]);
  });

  it.each([
    ['real Stream (base URL empty)', { STREAM_BASE_URL: '' }],
    ['a remote Stream URL', { STREAM_BASE_URL: 'https://chat.stream-io-api.com' }],
  ])('STREAM_API_SECRET is refused, by name, with %s', (_case, vars) => {
    const found = problems(vars);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^STREAM_API_SECRET is the public example/);
    expect(problems({ ...vars, STREAM_API_SECRET: REAL_STREAM })).toEqual([]);
  });

  it('names both when a deployment keeps both examples', () => {
    const found = problems({ NEON_HTTP_ENDPOINT: '', STREAM_BASE_URL: '' });
    expect(found.map((p) => p.split(' ')[0])).toEqual(['JWT_SECRET', 'STREAM_API_SECRET']);
  });

  it.each([
    ['Resend (URL empty)', { EMAIL_API_URL: '' }],
    ['a remote mail API', { EMAIL_API_URL: 'https://api.resend.com' }],
  ])('EMAIL_API_KEY is refused, by name, with %s', (_case, vars) => {
    const found = problems(vars);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^EMAIL_API_KEY is the public example/);
    expect(found[0]).toContain('wrangler secret put EMAIL_API_KEY');
    expect(problems({ ...vars, EMAIL_API_KEY: 're_real_key' })).toEqual([]);
  });
});

describe('mail settings', () => {
  it('are required, and name themselves when missing', () => {
    const found = problems({ EMAIL_API_KEY: '', EMAIL_FROM: '', APP_URL: 'not a url' });
    expect(found.map((p) => p.split(' ')[0])).toEqual(['EMAIL_API_KEY', 'EMAIL_FROM', 'APP_URL']);
  });

  it("default to Resend's API and drop trailing slashes", () => {
    const config = parseConfig({
      ...example,
      EMAIL_API_URL: '',
      EMAIL_API_KEY: 're_real_key',
      APP_URL: 'https://chat.example.com/',
    });
    expect(config.email).toMatchObject({
      apiUrl: 'https://api.resend.com',
      appUrl: 'https://chat.example.com',
      sendDelaySeconds: 0,
    });
  });
});

describe('ACCOUNT_DELETION_MESSAGES', () => {
  it('is hard unless set, and only keep, soft or hard', () => {
    expect(parseConfig(example).accountDeletionMessages).toBe('hard');
    expect(
      parseConfig({ ...example, ACCOUNT_DELETION_MESSAGES: 'soft' }).accountDeletionMessages,
    ).toBe('soft');
    expect(problems({ ACCOUNT_DELETION_MESSAGES: 'purge' })).toEqual([
      'ACCOUNT_DELETION_MESSAGES must be keep, soft or hard',
    ]);
  });
});

describe('CORS for loopback origins', () => {
  const loopback = (vars: Record<string, string>) =>
    parseConfig({ ...example, JWT_SECRET: REAL_JWT, STREAM_API_SECRET: REAL_STREAM, ...vars }).cors
      .loopback;

  it('is on while both the database and Stream are local stand-ins', () => {
    expect(loopback({})).toBe(true);
    expect(
      loopback({
        NEON_HTTP_ENDPOINT: 'http://[::1]:4444/sql',
        STREAM_BASE_URL: 'http://localhost:3',
      }),
    ).toBe(true);
  });

  it('is off when either is the real service', () => {
    expect(loopback({ NEON_HTTP_ENDPOINT: '' })).toBe(false);
    expect(loopback({ STREAM_BASE_URL: '' })).toBe(false);
    expect(loopback({ STREAM_BASE_URL: 'https://chat.stream-io-api.com' })).toBe(false);
  });
});
