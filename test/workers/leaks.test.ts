/**
 * What leaves the API besides the answer: log lines (no query parameters, password hashes,
 * tokens or emails), caching of token responses, and the request id a client may choose.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, callJson, type ErrorBody, expectError } from '../api';
import { createTenant, registerUser, unique } from '../fixtures';
import { captureLogs, type Logs } from '../logs';
import { neonFaults, streamFaults } from '../stand-ins';

/** Every console line written since the test began. */
let logs: Logs;

beforeEach(() => {
  logs = captureLogs();
});

afterEach(async () => {
  await Promise.all([neonFaults.clear(), streamFaults.clear()]);
});

/** No log line holds the email (any case), a password hash, the password or a token. */
function expectCleanLogs(secrets: { email: string; password: string; tokens?: string[] }) {
  const lines = logs.text;
  for (const line of lines) {
    expect(line.toLowerCase()).not.toContain(secrets.email.toLowerCase());
    expect(line).not.toContain(secrets.password);
    expect(line).not.toContain('pbkdf2-sha256$');
    expect(line).not.toMatch(/eyJ[\w-]+\.eyJ/);
    for (const token of secrets.tokens ?? []) expect(line).not.toContain(token);
    expect(line).not.toMatch(/Failed query|params:/);
  }
  return lines;
}

const PASSWORD = 'log-leak password 7f3a';

describe('error logs', () => {
  it('a non-transient SQL error during register is 502 database_error, logged by SQLSTATE only', async () => {
    const email = `leak-${unique()}@example.com`;
    await neonFaults.inject({ op: '*', status: 400, code: '23514', count: 1 });
    const res = await callJson<ErrorBody>('/auth/register', {
      body: { email, password: PASSWORD, name: 'Leak Test' },
    });
    expectError(res, 502, 'database_error');
    const lines = expectCleanLogs({ email, password: PASSWORD });
    const line = lines.find((l) => l.includes(res.body.request_id));
    expect(line, lines.join('\n')).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({
      code: 'database_error',
      upstream_code: '23514',
      sqlstate: '23514',
    });
    logs.expectError(res);
  });

  it('every database failure of login maps to a documented status, and logs stay clean', async () => {
    const user = await registerUser();
    for (const [fault, status, code] of [
      [{ status: 400, code: '42P01' }, 502, 'database_error'],
      [{ status: 400, code: '57P01' }, 503, 'database_unavailable'],
      [{ status: 500 }, 502, 'database_error'],
      [{ drop: true }, 503, 'database_unavailable'],
    ] as const) {
      await neonFaults.inject({ op: '*', count: 1, ...fault });
      const res = await callJson('/auth/login', {
        body: { email: user.email, password: user.password },
      });
      expectError(res, status, code);
    }
    expectCleanLogs({ email: user.email, password: user.password, tokens: [user.token] });
    expect(logs.expect('error', 'database_error')).toHaveLength(2);
    expect(logs.expect('error', 'database_unavailable')).toHaveLength(2);
  });

  it("a Stream failure and a failed undo during register log no email, hash or token, and the undo's line carries the request id", async () => {
    const email = `leak-${unique()}@example.com`;
    await streamFaults.inject({ op: 'UpdateUsers', status: 500, code: -1, count: 1 });
    // The undo (delete of the new user) fails too: compensation_failed is logged.
    await neonFaults.inject({ op: '*', status: 400, code: '23503', skip: 1, count: 1 });
    const res = await callJson<ErrorBody>('/auth/register', {
      body: { email, password: PASSWORD, name: 'Leak Test' },
    });
    expectError(res, 502, 'stream_error');
    const lines = expectCleanLogs({ email, password: PASSWORD });
    const undo = lines.find((l) => l.includes('compensation_failed'));
    expect(undo, lines.join('\n')).toBeDefined();
    expect(JSON.parse(undo!)).toMatchObject({
      level: 'error',
      code: 'compensation_failed',
      request_id: res.body.request_id,
      sqlstate: '23503',
    });
    logs.expectError(res);
    logs.expect('error', 'compensation_failed', { request_id: res.body.request_id });
  });

  it('an invitation failing on the database logs no email or token', async () => {
    const admin = await registerUser();
    const { tenant, adminToken } = await createTenant(admin);
    const other = await registerUser();
    await neonFaults.inject({ op: '*', status: 400, code: 'XX000', count: 1 });
    const res = await callJson(`/tenants/${tenant.id}/invitations`, {
      token: adminToken,
      body: { email: other.email, role: 'member' },
    });
    expectError(res, 502, 'database_error');
    expectCleanLogs({ email: other.email, password: other.password, tokens: [adminToken] });
    logs.expectError(res);
  });
});

describe('Cache-Control: no-store', () => {
  it('is on every response that carries a token, and on errors', async () => {
    const user = await registerUser();
    const register = await call('/auth/register', {
      body: { email: `nostore-${unique()}@example.com`, password: PASSWORD, name: 'N' },
    });
    const login = await call('/auth/login', {
      body: { email: user.email, password: user.password },
    });
    const created = await call('/tenants', { token: user.token, body: { name: 'No Store' } });
    const { tenant } = (await created.clone().json()) as { tenant: { id: string } };
    const switched = await call(`/tenants/${tenant.id}/token`, {
      method: 'POST',
      token: user.token,
    });
    const streamToken = await call('/stream/token', { token: user.token });
    const refreshed = await call('/auth/refresh', { body: { refresh_token: user.refreshToken } });
    const invitee = await registerUser();
    const { token: adminToken } = (await switched.clone().json()) as { token: string };
    const invited = await callJson<{ invitation: { id: string } }>(
      `/tenants/${tenant.id}/invitations`,
      { token: adminToken, body: { email: invitee.email } },
    );
    const accepted = await call(`/invitations/${invited.body.invitation.id}/accept`, {
      method: 'POST',
      token: invitee.token,
    });
    const passwordChanged = await call('/me/password', {
      token: invitee.token,
      body: { current_password: invitee.password, new_password: `new ${PASSWORD}` },
    });
    const failed = await call('/auth/login', { body: { email: user.email, password: 'wrong' } });
    for (const [name, res, status] of [
      ['register', register, 201],
      ['login', login, 200],
      ['tenant create', created, 201],
      ['tenant switch', switched, 200],
      ['stream token', streamToken, 200],
      ['refresh', refreshed, 200],
      ['invitation accepted', accepted, 200],
      ['password change', passwordChanged, 200],
      ['failed login', failed, 401],
    ] as const) {
      expect(res.status, name).toBe(status);
      expect(res.headers.get('cache-control'), name).toBe('no-store');
    }
  });
});

describe('X-Request-Id', () => {
  it('keeps a short, safe id from the client', async () => {
    const id = `client-${unique()}_A1`;
    const res = await callJson<ErrorBody>('/nowhere', { headers: { 'x-request-id': id } });
    expect(res.headers.get('x-request-id')).toBe(id);
    expect(res.body.request_id).toBe(id);
  });

  it.each([
    ['too long', 'a'.repeat(65)],
    ['a tab', 'abc\tinjected'],
    ['a path', '../../etc/passwd'],
    ['a quote and braces', 'x","level":"info'],
    ['spaces', 'a b'],
    ['an email', 'someone@example.com'],
  ])('replaces an id with %s by a generated one', async (_case, id) => {
    const res = await callJson<ErrorBody>('/nowhere', { headers: { 'x-request-id': id } });
    const echoed = res.headers.get('x-request-id');
    expect(echoed).not.toBe(id);
    expect(echoed).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.request_id).toBe(echoed);
  });
});

describe('object properties (OWASP API3)', () => {
  it('ignores fields a client may not set, and answers only public fields', async () => {
    const chosenId = crypto.randomUUID();
    const email = `props-${unique()}@example.com`;
    const reg = await callJson<{ token: string; user: Record<string, unknown> }>('/auth/register', {
      body: {
        email,
        password: PASSWORD,
        name: 'Props',
        id: chosenId,
        role: 'admin',
        password_hash: 'pbkdf2-sha256$1$AAAA$AAAA',
      },
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    expect(Object.keys(reg.body.user).sort()).toEqual(['email', 'id', 'name']);
    expect(reg.body.user.id).not.toBe(chosenId);
    expect((await callJson('/auth/login', { body: { email, password: PASSWORD } })).status).toBe(
      200,
    );

    const victim = await registerUser();
    const { tenant: victimTenant } = await createTenant(victim);
    const user = await registerUser();
    const { tenant, adminToken } = await createTenant(user);
    const ch = await callJson<Record<string, unknown>>('/channels', {
      token: adminToken,
      body: {
        name: `Props ${unique()}`,
        tenant_id: victimTenant.id,
        created_by: victim.id,
        archived_at: new Date().toISOString(),
        status: 'pending',
      },
    });
    expect(ch.status, JSON.stringify(ch.body)).toBe(201);
    expect(ch.body).toMatchObject({ tenant_id: tenant.id, created_by: user.id, archived_at: null });
  });
});
