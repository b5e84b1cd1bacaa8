/**
 * The account routes (mailed links, email change, deletion, throttling) as an attacker uses them,
 * over the wire with the local mail stand-in and database: each test is one way in that must
 * stay shut.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '../../src/http/rate-limit';
import worker from '../../src/index';
import { type CallOptions, call, callJson, expectError, freshIp, request } from '../api';
import { fakeLimiter } from '../fake-limiter';
import { askEmailChange, createTenant, emailAddress, registerUser } from '../fixtures';
import { dbRows, mailTo, tokenFrom } from '../stand-ins';

const NEW_PASSWORD = 'a brand new passphrase';

describe('a pending email change outlives the remedy the notice gives', () => {
  /**
   * Someone who learnt the password asks to move the account to their own address; the owner
   * gets the notice ("change your password now") and does. The link in the attacker's mailbox
   * must die with the old password, or it moves the account to the attacker, who then resets
   * the password through it.
   */
  it('a password change spends the pending email change', async () => {
    const owner = await registerUser('Owner');
    const attacker = emailAddress('attacker');
    const link = await askEmailChange(owner, attacker);
    await mailTo(owner.email, /being changed/i);

    const changed = await callJson('/me/password', {
      token: owner.token,
      body: { current_password: owner.password, new_password: NEW_PASSWORD },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);

    expectError(
      await callJson('/auth/verify-email', { body: { token: link } }),
      400,
      'invalid_token',
    );
    const me = await dbRows<{ email: string }>('select email from users where id = $1', [owner.id]);
    expect(me[0]?.email).toBe(owner.email);
  });

  it('a password reset spends the pending email change', async () => {
    const owner = await registerUser('Owner');
    const attacker = emailAddress('attacker');
    const link = await askEmailChange(owner, attacker);

    expect((await call('/auth/password/forgot', { body: { email: owner.email } })).status).toBe(
      202,
    );
    const reset = await callJson('/auth/password/reset', {
      body: { token: tokenFrom(await mailTo(owner.email, /reset/i)), new_password: NEW_PASSWORD },
    });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);

    expectError(
      await callJson('/auth/verify-email', { body: { token: link } }),
      400,
      'invalid_token',
    );
  });
});

describe('an account squatting an address it never verified', () => {
  async function squatted() {
    const admin = await registerUser('Admin');
    const { tenant, adminToken } = await createTenant(admin, `Secret ${emailAddress('t')}`);
    const newhire = emailAddress('newhire');
    const squatter = await registerUser('Squatter', { verified: false, email: newhire });
    const invited = await callJson<{ invitation: { id: string } }>(
      `/tenants/${tenant.id}/invitations`,
      { token: adminToken, body: { email: newhire, role: 'moderator' } },
    );
    expect(invited.status).toBe(201);
    return { tenant, squatter, invitationId: invited.body.invitation.id };
  }

  it('cannot decline the invitation meant for the address’s owner', async () => {
    const { squatter, invitationId } = await squatted();
    const res = await call(`/invitations/${invitationId}/decline`, {
      method: 'POST',
      token: squatter.token,
    });
    const text = await res.text();
    expectError(
      { status: res.status, body: text ? JSON.parse(text) : null },
      403,
      'email_unverified',
    );
    const rows = await dbRows<{ status: string }>('select status from invitations where id = $1', [
      invitationId,
    ]);
    expect(rows[0]?.status).toBe('pending');
  });

  it('learns nothing of an invitation’s state by answering it: 403 before 409 or 410', async () => {
    const { squatter, invitationId } = await squatted();
    await dbRows(`update invitations set expires_at = now() - interval '1 second' where id = $1`, [
      invitationId,
    ]);
    expectError(
      await callJson(`/invitations/${invitationId}/accept`, {
        method: 'POST',
        token: squatter.token,
      }),
      403,
      'email_unverified',
    );
  });

  it('does not see the invitations meant for the address’s owner', async () => {
    const { tenant, squatter } = await squatted();
    const mine = await callJson<unknown[]>('/me/invitations', { token: squatter.token });
    expect(mine.status).toBe(200);
    expect(JSON.stringify(mine.body)).not.toContain(tenant.id);
    const exported = await callJson('/me/export', { token: squatter.token });
    expect(exported.status).toBe(200);
    expect(JSON.stringify(exported.body)).not.toContain(tenant.id);
  });
});

describe('an access token of a deleted account', () => {
  it('is refused cleanly, never a 5xx; POST /tenants is 404 user_not_found', async () => {
    const user = await registerUser('Leaver');
    const other = await registerUser('Stayer');
    const gone = await call('/me', {
      method: 'DELETE',
      token: user.token,
      body: { password: user.password },
    });
    expect(gone.status).toBe(204);
    const attempts = {
      createTenant: await call('/tenants', {
        token: user.token,
        body: { name: `After ${emailAddress('x')}` },
      }),
      me: await call('/me', { token: user.token }),
      profile: await call('/me', {
        method: 'PATCH',
        token: user.token,
        body: { name: 'Ghost' },
      }),
      export: await call('/me/export', { token: user.token }),
      resend: await call('/auth/verify-email/resend', { method: 'POST', token: user.token }),
      block: await call('/me/blocks', { token: user.token, body: { user_id: other.id } }),
      email: await call('/me/email', {
        token: user.token,
        body: { new_email: emailAddress('ghost'), password: user.password },
      }),
      password: await call('/me/password', {
        token: user.token,
        body: { current_password: user.password, new_password: NEW_PASSWORD },
      }),
      sessions: await call('/me/sessions', { token: user.token }),
      logout: await call('/auth/logout', { method: 'POST', token: user.token, body: {} }),
    };
    const statuses = Object.fromEntries(
      Object.entries(attempts).map(([k, res]) => [k, res.status]),
    );
    for (const status of Object.values(statuses)) {
      expect(status, JSON.stringify(statuses)).toBeLessThan(500);
    }
    expect(statuses.createTenant, JSON.stringify(statuses)).toBe(404);
  });
});

describe('bad input on the new routes', () => {
  it('is 4xx, never 5xx', async () => {
    const user = await registerUser('Fuzzer');
    const ip = freshIp();
    const junk: Array<[string, CallOptions]> = [
      ['/auth/verify-email', { body: { token: 'x'.repeat(5000) } }],
      ['/auth/verify-email', { body: { token: '\u0000\ud800' } }],
      ['/auth/verify-email', { body: { token: 42 } }],
      ['/auth/password/reset', { body: { token: '\u0000', new_password: NEW_PASSWORD } }],
      ['/auth/password/forgot', { body: { email: 'a@b.c\u0000' } }],
      ['/auth/login', { body: { email: user.email, password: 'x', device_token: '\u0000' } }],
      [
        '/me/email',
        {
          token: user.token,
          body: { new_email: `${'a'.repeat(300)}@example.com`, password: user.password },
        },
      ],
    ];
    const statuses: Record<string, number> = {};
    for (const [i, [path, init]] of junk.entries()) {
      const res = await call(path, { ...init, headers: { 'cf-connecting-ip': ip } });
      statuses[`${i} ${path}`] = res.status;
    }
    for (const status of Object.values(statuses)) {
      expect(status, JSON.stringify(statuses)).toBeLessThan(500);
    }
    const { tenant: own, adminToken } = await createTenant(user);
    const more: Array<[string, CallOptions]> = [
      [`/tenants/${own.id}`, { method: 'DELETE', token: adminToken }],
      [`/tenants/${own.id}`, { method: 'DELETE', token: adminToken, body: { confirm_name: 7 } }],
      [`/tenants/${own.id}`, { method: 'DELETE', token: adminToken, body: '{"confirm_name":' }],
      ['/me', { method: 'DELETE', token: user.token, body: 'null' }],
      ['/me/email', { token: user.token, body: [] }],
      ['/auth/verify-email/resend', { method: 'POST', token: user.token, body: { x: 1 } }],
      [
        '/auth/login',
        { body: { email: user.email, password: 'x', device_token: 'é'.repeat(200) } },
      ],
      ['/auth/password/reset', { body: { token: 'x', new_password: 'x'.repeat(10_000) } }],
    ];
    for (const [i, [path, init]] of more.entries()) {
      const res = await call(path, { ...init, headers: { 'cf-connecting-ip': ip } });
      statuses[`more ${i} ${path}`] = res.status;
    }
    for (const status of Object.values(statuses)) {
      expect(status, JSON.stringify(statuses)).toBeLessThan(500);
    }
    const tenant = await call('/tenants/not-a-uuid', {
      method: 'DELETE',
      token: user.token,
      body: { confirm_name: 'x' },
    });
    expect(tenant.status).toBeLessThan(500);
  });
});

describe('guessing the password through POST /me/email', () => {
  /** The Worker with counting limiters (test/fake-limiter.ts), as test/workers/rate-limits.test.ts. */
  const limitedEnv = {
    ...env,
    ...Object.fromEntries(
      Object.entries(RATE_LIMITS).map(([name, { limit }]) => [name, fakeLimiter(limit)]),
    ),
  } as unknown as CloudflareBindings;
  async function limited(path: string, options: CallOptions) {
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      request(path, options) as Parameters<typeof worker.fetch>[0],
      limitedEnv,
      ctx,
    );
    const body = await res.json();
    await waitOnExecutionContext(ctx);
    return { status: res.status, body };
  }

  it('spends the password-change budget, as DELETE /me does', async () => {
    const user = await registerUser('Guessed');
    const { limit } = RATE_LIMITS.PASSWORD_CHANGE_USER_LIMITER;
    for (let i = 0; i < limit; i++) {
      expectError(
        await limited('/me/password', {
          token: user.token,
          body: { current_password: 'a wrong guess', new_password: NEW_PASSWORD },
        }),
        403,
        'invalid_current_password',
      );
    }
    // The password routes' budget is spent: one more guess elsewhere must not be checked.
    expectError(
      await limited('/me/email', {
        token: user.token,
        body: { new_email: emailAddress('guess'), password: 'another wrong guess' },
      }),
      429,
      'rate_limited',
    );
  });
});

describe('parallel wrong guesses against one account', () => {
  const guess = (email: string, device_token?: string) =>
    callJson('/auth/login', {
      body: { email, password: 'a wrong guess', ...(device_token ? { device_token } : {}) },
    });
  const streakOf = async (userId: string) =>
    (
      await dbRows<{ streak: number; window_failures: number }>(
        'select streak, window_failures from sign_in_failures where user_id = $1',
        [userId],
      )
    )[0];

  it('past the free failures, a burst gets one guess checked, not one per request', async () => {
    const victim = await registerUser('Victim');
    await dbRows(
      `insert into sign_in_failures (user_id, streak, last_failed_at, window_started_at, window_failures)
       values ($1, 10, now() - interval '1 hour', now() - interval '1 hour', 10)`,
      [victim.id],
    );
    const results = await Promise.all(Array.from({ length: 20 }, () => guess(victim.email)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(19);
    expect(await streakOf(victim.id)).toEqual({ streak: 11, window_failures: 11 });
  });

  it('at the daily budget, a burst gets one guess checked', async () => {
    const victim = await registerUser('Victim');
    await dbRows(
      `insert into sign_in_failures (user_id, streak, last_failed_at, window_started_at, window_failures)
       values ($1, 0, now() - interval '1 hour', now() - interval '1 hour', 99)`,
      [victim.id],
    );
    const results = await Promise.all(Array.from({ length: 20 }, () => guess(victim.email)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(11);
    expect((await streakOf(victim.id))?.window_failures).toBe(100);
  });

  it('a stolen device token gets at most its 10 guesses in a burst', async () => {
    const victim = await registerUser('Victim');
    const first = await callJson<{ device_token: string }>('/auth/login', {
      body: { email: victim.email, password: victim.password },
    });
    const stolen = first.body.device_token;
    await Promise.all(Array.from({ length: 30 }, () => guess(victim.email, stolen)));
    const token = await dbRows<{ failures: number }>(
      'select failures from device_tokens where user_id = $1 order by failures desc limit 1',
      [victim.id],
    );
    expect(token[0]?.failures).toBe(10);
    // The other 20 counted on the account like anyone's: 11 at once at most, the rest refused.
    const counted = await streakOf(victim.id);
    expect(counted?.window_failures).toBeLessThanOrEqual(11);
  });
});
