import { decode } from 'hono/jwt';
import { afterEach, describe, expect, it } from 'vitest';
import { call, callJson, type ErrorBody, expectError, expectInvalid } from '../../../test/api';
import { createTenant, joinTenant, registerUser, unique } from '../../../test/fixtures';
import { captureLogs } from '../../../test/logs';
import { dbRows, neonFaults, streamFaults, streamState } from '../../../test/stand-ins';

interface PublicUser {
  id: string;
  email: string;
  name: string;
}
interface RegisterBody {
  token: string;
  user: PublicUser;
}
interface LoginBody {
  token: string;
  user: PublicUser;
  tenant?: { id: string; name: string };
  role?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PASSWORD = 'correct horse battery';
const newEmail = () => `auth-${unique()}@example.com`;

const usersWithEmail = (email: string) =>
  dbRows<{ id: string; email: string; password_hash: string }>(
    'select id, email, password_hash from users where lower(email) = lower($1)',
    [email],
  );

const register = (body: unknown) => callJson<RegisterBody & ErrorBody>('/auth/register', { body });
const login = (body: unknown) => callJson<LoginBody & ErrorBody>('/auth/login', { body });

afterEach(async () => {
  await Promise.all([neonFaults.clear(), streamFaults.clear()]);
});

/** A sign-in's answer without a tenant: the token pair and the public user, nothing else. */
/** What a password sign-in answers: the pair, the device token (docs/security.md, API2), the user. */
const PAIR_AND_USER = [
  'device_token',
  'expires_at',
  'refresh_expires_at',
  'refresh_token',
  'token',
  'user',
];

describe('POST /auth/register', () => {
  it('creates the account: 201 with an unscoped token, the public user and a Stream user', async () => {
    const email = newEmail();
    const res = await register({ email, password: PASSWORD, name: 'Ekemini Samuel' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(PAIR_AND_USER);
    expect(res.body.user).toEqual({
      id: expect.stringMatching(UUID),
      email,
      name: 'Ekemini Samuel',
    });

    const { header, payload } = decode(res.body.token);
    expect(header.alg).toBe('HS256');
    expect(payload.sub).toBe(res.body.user.id);
    expect(payload).not.toHaveProperty('tid');
    expect(payload).not.toHaveProperty('role');
    expect(payload.exp! - payload.iat!).toBe(900);

    // The token works.
    const tenants = await callJson<{ tenants: unknown[] }>('/tenants', { token: res.body.token });
    expect(tenants).toMatchObject({ status: 200, body: { tenants: [] } });

    const { users } = await streamState();
    expect(users.find((u) => u.id === res.body.user.id)).toMatchObject({
      id: res.body.user.id,
      name: 'Ekemini Samuel',
    });
  });

  it('stores a pbkdf2-sha256 hash with 100,000 iterations and a per-user salt, never the password', async () => {
    const [a, b] = await Promise.all([
      register({ email: newEmail(), password: PASSWORD, name: 'A' }),
      register({ email: newEmail(), password: PASSWORD, name: 'B' }),
    ]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    const [rowA] = await usersWithEmail(a.body.user.email);
    const [rowB] = await usersWithEmail(b.body.user.email);
    const format = /^pbkdf2-sha256\$100000\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/;
    expect(rowA!.password_hash).toMatch(format);
    expect(rowB!.password_hash).toMatch(format);
    expect(rowA!.password_hash.split('$')[2]).not.toBe(rowB!.password_hash.split('$')[2]);
    expect(rowA!.password_hash).not.toContain(PASSWORD);
  });

  it('trims the email and keeps its case; the name is trimmed too', async () => {
    const email = `Auth-${unique()}@Example.COM`;
    const res = await register({
      email: `  ${email}\t`,
      password: PASSWORD,
      name: '  Padded Name  ',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.user.email).toBe(email);
    expect(res.body.user.name).toBe('Padded Name');
    const rows = await usersWithEmail(email);
    expect(rows.map((r) => r.email)).toEqual([email]);
    // Login is case-insensitive and trims too.
    const loggedIn = await login({ email: ` ${email.toLowerCase()} `, password: PASSWORD });
    expect(loggedIn.status, JSON.stringify(loggedIn.body)).toBe(200);
    expect(loggedIn.body.user).toEqual(res.body.user);
  });

  it('is 409 email_taken for an email already used, whatever its case or padding, and keeps the first account', async () => {
    const email = newEmail();
    const first = await register({ email, password: PASSWORD, name: 'First' });
    expect(first.status).toBe(201);
    for (const again of [email, email.toUpperCase(), `  ${email} `]) {
      const res = await register({ email: again, password: 'another password', name: 'Second' });
      expectError(res, 409, 'email_taken');
    }
    const rows = await usersWithEmail(email);
    expect(rows.map((r) => r.id)).toEqual([first.body.user.id]);
    expect((await login({ email, password: PASSWORD })).status).toBe(200);
    expect((await login({ email, password: 'another password' })).status).toBe(401);
  });

  it('lets exactly one of two simultaneous registrations of the same email succeed', async () => {
    const email = newEmail();
    const results = await Promise.all([
      register({ email, password: PASSWORD, name: 'One' }),
      register({ email: email.toUpperCase(), password: PASSWORD, name: 'Two' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('email_taken');
    expect(await usersWithEmail(email)).toHaveLength(1);
  });

  it('does not trim the password: spaces are part of it', async () => {
    const email = newEmail();
    expect((await register({ email, password: '  spaced password  ', name: 'S' })).status).toBe(
      201,
    );
    expect((await login({ email, password: 'spaced password' })).status).toBe(401);
    expect((await login({ email, password: '  spaced password  ' })).status).toBe(200);
  });

  it('accepts any character in the password, NUL included', async () => {
    const email = newEmail();
    const password = 'nul\u0000inside';
    expect((await register({ email, password, name: 'N' })).status).toBe(201);
    expect((await login({ email, password })).status).toBe(200);
    expect((await login({ email, password: 'nul' })).status).toBe(401);
  });

  it('accepts JSON with a charset parameter', async () => {
    const email = newEmail();
    const res = await callJson<RegisterBody>('/auth/register', {
      body: JSON.stringify({ email, password: PASSWORD, name: 'Charset' }),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.user.email).toBe(email);
  });

  it('accepts passwords of 8 and 256 characters', async () => {
    for (const password of ['k7#mQ2x!', 'p'.repeat(256)]) {
      const email = newEmail();
      const res = await register({ email, password, name: 'Boundary' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect((await login({ email, password })).status).toBe(200);
    }
  });

  it.each([
    ['email missing', { password: PASSWORD, name: 'N' }, 'body.email'],
    ['email not a string', { email: 42, password: PASSWORD, name: 'N' }, 'body.email'],
    ['email invalid', { email: 'not-an-email', password: PASSWORD, name: 'N' }, 'body.email'],
    ['email blank', { email: '   ', password: PASSWORD, name: 'N' }, 'body.email'],
    [
      'email too long',
      { email: `${'a'.repeat(250)}@example.com`, password: PASSWORD, name: 'N' },
      'body.email',
    ],
    ['password missing', { email: 'x@example.com', name: 'N' }, 'body.password'],
    [
      'password too short',
      { email: 'x@example.com', password: '1234567', name: 'N' },
      'body.password',
    ],
    [
      'password too long',
      { email: 'x@example.com', password: 'p'.repeat(257), name: 'N' },
      'body.password',
    ],
    [
      'password not a string',
      { email: 'x@example.com', password: 12345678, name: 'N' },
      'body.password',
    ],
    ['name missing', { email: 'x@example.com', password: PASSWORD }, 'body.name'],
    ['name blank', { email: 'x@example.com', password: PASSWORD, name: '   ' }, 'body.name'],
    [
      'name too long',
      { email: 'x@example.com', password: PASSWORD, name: 'n'.repeat(101) },
      'body.name',
    ],
    ['name null', { email: 'x@example.com', password: PASSWORD, name: null }, 'body.name'],
    [
      'name with a NUL character',
      { email: 'x@example.com', password: PASSWORD, name: 'a\u0000b' },
      'body.name',
    ],
  ])('is 400 validation_failed when %s', async (_case, body, field) => {
    expectInvalid(await register(body), field);
  });

  it('is 400 for a body that is not an object', async () => {
    for (const body of ['[]', 'null', '"text"', '42']) {
      const res = await callJson<ErrorBody>('/auth/register', { method: 'POST', body });
      expectError(res, 400, 'validation_failed');
    }
  });

  it('is 400 invalid_json for malformed or empty JSON', async () => {
    for (const body of ['{"email": "a@example.com",', '{bad json}', '']) {
      const res = await callJson<ErrorBody>('/auth/register', { method: 'POST', body });
      expectError(res, 400, 'invalid_json');
    }
  });

  it('is 415 for a body that is not sent as JSON, and creates nothing', async () => {
    const email = newEmail();
    const json = JSON.stringify({ email, password: PASSWORD, name: 'N' });
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await callJson<ErrorBody>('/auth/register', {
        body: json,
        headers: { 'content-type': contentType },
      });
      expectError(res, 415, 'unsupported_media_type');
    }
    expect(await usersWithEmail(email)).toEqual([]);
  });

  it('undoes the account when Stream is unavailable (503 stream_unavailable), so a retry succeeds', async () => {
    const logs = captureLogs();
    const email = newEmail();
    const name = `Stream Down ${unique()}`;
    await streamFaults.inject({ op: 'UpdateUsers', status: 503, count: 1 });
    const failed = await register({ email, password: PASSWORD, name });
    expectError(failed, 503, 'stream_unavailable');
    logs.expectError(failed);
    expect(Object.keys(failed.body).sort()).toEqual(['code', 'error', 'request_id']);

    expect(await usersWithEmail(email)).toEqual([]);
    expect((await streamState()).users.filter((u) => u.name === name)).toEqual([]);
    expectError(await login({ email, password: PASSWORD }), 401, 'invalid_credentials');

    const retry = await register({ email, password: PASSWORD, name });
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    expect((await usersWithEmail(email)).map((r) => r.id)).toEqual([retry.body.user.id]);
    expect((await streamState()).users.filter((u) => u.name === name).map((u) => u.id)).toEqual([
      retry.body.user.id,
    ]);
  });

  it("is 503 with Stream's own Retry-After when Stream rate-limits the upsert (429), and undoes the account", async () => {
    const logs = captureLogs();
    const email = newEmail();
    await streamFaults.inject({ op: 'UpdateUsers', status: 429, code: 9, count: 1 });
    const res = await register({ email, password: PASSWORD, name: 'Rate Limited' });
    expectError(res, 503, 'stream_unavailable');
    logs.expectError(res);
    // The emulator, like Stream, resets its windows at the end of each minute (X-RateLimit-Reset).
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await usersWithEmail(email)).toEqual([]);
  });

  it('sends no Retry-After when Stream is unavailable without saying when to come back', async () => {
    const logs = captureLogs();
    await streamFaults.inject({ op: 'UpdateUsers', status: 503, count: 1 });
    const res = await register({ email: newEmail(), password: PASSWORD, name: 'Down' });
    expectError(res, 503, 'stream_unavailable');
    logs.expectError(res);
    expect(res.headers.get('retry-after')).toBeNull();
  });

  it('is 502 stream_error when Stream rejects the upsert, and undoes the account', async () => {
    const logs = captureLogs();
    const email = newEmail();
    await streamFaults.inject({ op: 'UpdateUsers', status: 500, code: -1, count: 1 });
    const res = await register({ email, password: PASSWORD, name: 'N' });
    expectError(res, 502, 'stream_error');
    logs.expectError(res);
    expect(await usersWithEmail(email)).toEqual([]);
  });

  // Was a 500 until src/stream/errors.ts recognised axios network errors by `isAxiosError`.
  it('is 503 stream_unavailable when the connection to Stream drops, undoes the account, and a retry succeeds', async () => {
    const logs = captureLogs();
    const email = newEmail();
    await streamFaults.inject({ op: 'UpdateUsers', drop: true, count: 1 });
    const failed = await register({ email, password: PASSWORD, name: 'N' });
    expectError(failed, 503, 'stream_unavailable');
    logs.expectError(failed);
    expect(await usersWithEmail(email)).toEqual([]);
    expect((await register({ email, password: PASSWORD, name: 'N' })).status).toBe(201);
  });

  it('is 503 database_unavailable when the database fails, without touching Stream', async () => {
    const logs = captureLogs();
    const email = newEmail();
    const name = `DB Down ${unique()}`;
    await neonFaults.inject({ op: '*', status: 503, count: 1 });
    expectError(await register({ email, password: PASSWORD, name }), 503, 'database_unavailable');
    expect((await streamState()).users.filter((u) => u.name === name)).toEqual([]);
    expect(await usersWithEmail(email)).toEqual([]);

    await neonFaults.inject({ op: '*', drop: true, count: 1 });
    expectError(await register({ email, password: PASSWORD, name }), 503, 'database_unavailable');
    expect(await usersWithEmail(email)).toEqual([]);
    expect(logs.expect('error', 'database_unavailable')).toHaveLength(2);

    expect((await register({ email, password: PASSWORD, name })).status).toBe(201);
  });
});

describe('POST /auth/login', () => {
  it('returns an unscoped token and the user when the user has no tenant', async () => {
    const user = await registerUser('Loner');
    const res = await login({ email: user.email, password: user.password });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(PAIR_AND_USER);
    expect(res.body.user).toEqual({ id: user.id, email: user.email, name: 'Loner' });
    const { payload } = decode(res.body.token);
    expect(payload.sub).toBe(user.id);
    expect(payload).not.toHaveProperty('tid');
    expect(payload).not.toHaveProperty('role');
  });

  it("scopes the token to the user's first tenant by default, and to tenant_id when given", async () => {
    const user = await registerUser('Two Tenants');
    const { tenant: first } = await createTenant(user, 'First Tenant');
    const other = await registerUser('Other Admin');
    const { tenant: second, adminToken } = await createTenant(other, 'Second Tenant');
    await joinTenant(second.id, adminToken, user, 'moderator');

    const byDefault = await login({ email: user.email, password: user.password });
    expect(byDefault.status).toBe(200);
    expect(byDefault.body.tenant).toEqual({ id: first.id, name: 'First Tenant' });
    expect(byDefault.body.role).toBe('admin');
    expect(decode(byDefault.body.token).payload).toMatchObject({
      sub: user.id,
      tid: first.id,
      role: 'admin',
    });

    const chosen = await login({
      email: user.email,
      password: user.password,
      tenant_id: second.id,
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body.tenant).toEqual({ id: second.id, name: 'Second Tenant' });
    expect(chosen.body.role).toBe('moderator');
    expect(chosen.body.user).toEqual({ id: user.id, email: user.email, name: 'Two Tenants' });
    expect(decode(chosen.body.token).payload).toMatchObject({
      sub: user.id,
      tid: second.id,
      role: 'moderator',
    });

    // The scoped token really is scoped: it lists the second tenant's channels.
    const channels = await callJson<{ channels: unknown[] }>('/channels', {
      token: chosen.body.token,
    });
    expect(channels.status).toBe(200);
  });

  it('is 403 not_a_member for a tenant the user does not belong to, and the same for one that does not exist', async () => {
    const user = await registerUser();
    const stranger = await registerUser();
    const { tenant } = await createTenant(stranger);
    const notMine = await login({
      email: user.email,
      password: user.password,
      tenant_id: tenant.id,
    });
    expectError(notMine, 403, 'not_a_member');
    const missing = await login({
      email: user.email,
      password: user.password,
      tenant_id: crypto.randomUUID(),
    });
    expectError(missing, 403, 'not_a_member');
    expect(missing.body.error).toBe(notMine.body.error);
  });

  it('is 401 invalid_credentials for a wrong password, and the same answer for an unknown email', async () => {
    const user = await registerUser();
    const wrong = await login({ email: user.email, password: 'wrong password' });
    const unknown = await login({ email: newEmail(), password: user.password });
    expectError(wrong, 401, 'invalid_credentials');
    expectError(unknown, 401, 'invalid_credentials');
    const { request_id: _a, ...wrongRest } = wrong.body;
    const { request_id: _b, ...unknownRest } = unknown.body;
    expect(unknownRest).toEqual(wrongRest);
    expect(Object.keys(wrong.body).sort()).toEqual(['code', 'error', 'request_id']);
  });

  it('checks the password before the tenant: a wrong password with tenant_id is 401, not 403', async () => {
    const user = await registerUser();
    const res = await login({
      email: user.email,
      password: 'wrong password',
      tenant_id: crypto.randomUUID(),
    });
    expectError(res, 401, 'invalid_credentials');
  });

  it.each([
    ['email missing', { password: PASSWORD }, 'body.email'],
    ['email invalid', { email: 'nope', password: PASSWORD }, 'body.email'],
    ['password missing', { email: 'x@example.com' }, 'body.password'],
    ['password empty', { email: 'x@example.com', password: '' }, 'body.password'],
    ['password too long', { email: 'x@example.com', password: 'p'.repeat(257) }, 'body.password'],
    [
      'tenant_id not a uuid',
      { email: 'x@example.com', password: PASSWORD, tenant_id: 'tenant-1' },
      'body.tenant_id',
    ],
    [
      'tenant_id not a string',
      { email: 'x@example.com', password: PASSWORD, tenant_id: 7 },
      'body.tenant_id',
    ],
  ])('is 400 validation_failed when %s', async (_case, body, field) => {
    expectInvalid(await login(body), field);
  });

  it('is 400 invalid_json for malformed JSON and 415 for a non-JSON body', async () => {
    expectError(
      await callJson<ErrorBody>('/auth/login', { method: 'POST', body: '{"email":' }),
      400,
      'invalid_json',
    );
    expectError(
      await callJson<ErrorBody>('/auth/login', {
        body: 'email=a@example.com&password=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
      'unsupported_media_type',
    );
  });

  it('reflects the current role and membership, not those at the last login', async () => {
    const admin = await registerUser('Admin');
    const { tenant, adminToken } = await createTenant(admin);
    const user = await registerUser('Member');
    await joinTenant(tenant.id, adminToken, user, 'member');
    const promoted = await call(`/tenants/${tenant.id}/members/${user.id}`, {
      method: 'PATCH',
      token: adminToken,
      body: { role: 'moderator' },
    });
    expect(promoted.status).toBe(200);
    expect(
      (await login({ email: user.email, password: user.password, tenant_id: tenant.id })).body.role,
    ).toBe('moderator');
    const removed = await call(`/tenants/${tenant.id}/members/${user.id}`, {
      method: 'DELETE',
      token: adminToken,
    });
    expect(removed.status).toBe(204);
    expectError(
      await login({ email: user.email, password: user.password, tenant_id: tenant.id }),
      403,
      'not_a_member',
    );
    const fallback = await login({ email: user.email, password: user.password });
    expect(fallback.status).toBe(200);
    expect(fallback.body).not.toHaveProperty('tenant');
  });

  it('is 503 database_unavailable when the database is unreachable, 502 database_error when it fails', async () => {
    const logs = captureLogs();
    const user = await registerUser();
    await neonFaults.inject({ op: '*', drop: true, count: 1 });
    expectError(
      await login({ email: user.email, password: user.password }),
      503,
      'database_unavailable',
    );
    await neonFaults.inject({ op: '*', status: 503, count: 1 });
    expectError(
      await login({ email: user.email, password: user.password }),
      503,
      'database_unavailable',
    );
    await neonFaults.inject({ op: '*', status: 500, count: 1 });
    expectError(await login({ email: user.email, password: user.password }), 502, 'database_error');
    expect(logs.expect('error', 'database_unavailable')).toHaveLength(2);
    logs.expect('error', 'database_error');
    expect((await login({ email: user.email, password: user.password })).status).toBe(200);
  });
});
