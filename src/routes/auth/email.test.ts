/**
 * The mail flows, walked through the local mail stand-in as a person would: verification at
 * registration (and on request), an email change, a password reset, invitations that need a
 * verified address, and mail that outlives a provider outage.
 */
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { call, callJson, expectError, expectInvalid } from '../../../test/api';
import { askEmailChange, createTenant, emailAddress, registerUser } from '../../../test/fixtures';
import { captureLogs } from '../../../test/logs';
import { recordingQueue, runRecorded } from '../../../test/queue';
import {
  dbRows,
  deliverQueuedMail,
  mailbox,
  mailFaults,
  mailTo,
  streamFaults,
  tokenFrom,
} from '../../../test/stand-ins';
import { servicesFor } from '../../runtime/services';
import { resendUnsent } from '../../services/email-outbox';

afterEach(() => Promise.all([mailFaults.clear(), streamFaults.clear()]));

type Me = { user: { id: string; email: string; name: string }; email_verified: boolean };
type Pair = { token: string; refresh_token: string; user: { id: string }; device_token: string };

const me = async (user: { token: string }) =>
  (await callJson<Me>('/me', { token: user.token })).body;

/** Makes every token of the user look issued long ago. */
const expireTokens = (userId: string) =>
  dbRows(`update account_tokens set expires_at = now() - interval '1 second' where user_id = $1`, [
    userId,
  ]);

describe('email verification', () => {
  it('register mails a link; its token verifies the address, once', async () => {
    const user = await registerUser('Vera <b>&</b>', { verified: false });
    expect((await me(user)).email_verified).toBe(false);

    const mail = await mailTo(user.email, /confirm your email/i);
    expect(mail.from).toContain('@');
    expect(mail.text).toContain(`${env.APP_URL}/verify-email?token=`);
    // The name is the user's: escaped in the HTML, as typed in the text.
    expect(mail.html).toContain('Vera &lt;b&gt;&amp;&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>&</b>');
    expect(mail.text).toContain('Vera <b>&</b>');

    const token = tokenFrom(mail);
    const verified = await callJson('/auth/verify-email', { body: { token } });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body).toEqual({
      user: { id: user.id, email: user.email, name: user.name },
      email_verified: true,
    });
    expect((await me(user)).email_verified).toBe(true);
    // Only its hash is stored.
    const stored = await dbRows<{ token_hash: string }>(
      'select token_hash from account_tokens where user_id = $1',
      [user.id],
    );
    expect(stored.map((r) => r.token_hash)).not.toContain(token);

    expectError(await callJson('/auth/verify-email', { body: { token } }), 400, 'invalid_token');
  });

  it('refuses garbage, expired and replaced tokens, and bad input', async () => {
    expectError(
      await callJson('/auth/verify-email', { body: { token: 'x'.repeat(43) } }),
      400,
      'invalid_token',
    );
    expectInvalid(await callJson('/auth/verify-email', { body: {} }), 'body.token');
    expectInvalid(await callJson('/auth/verify-email', { body: { token: 'short' } }), 'body.token');

    const user = await registerUser('Late', { verified: false });
    const first = tokenFrom(await mailTo(user.email, /confirm/i));
    // A new link replaces the old one.
    const resent = await callJson('/auth/verify-email/resend', {
      method: 'POST',
      token: user.token,
    });
    expect(resent.status, JSON.stringify(resent.body)).toBe(202);
    expect(resent.body).toEqual({ email: user.email });
    const second = tokenFrom(await mailTo(user.email, /confirm/i, 2));
    expect(second).not.toBe(first);
    expectError(
      await callJson('/auth/verify-email', { body: { token: first } }),
      400,
      'invalid_token',
    );

    await expireTokens(user.id);
    expectError(
      await callJson('/auth/verify-email', { body: { token: second } }),
      400,
      'invalid_token',
    );
    expect((await me(user)).email_verified).toBe(false);
  });

  it('resend needs a session and an unverified address', async () => {
    expectError(
      await callJson('/auth/verify-email/resend', { method: 'POST' }),
      401,
      'missing_token',
    );
    const user = await registerUser('Done');
    expectError(
      await callJson('/auth/verify-email/resend', { method: 'POST', token: user.token }),
      409,
      'email_already_verified',
    );
  });
});

describe('mail of a registration that is undone', () => {
  it('goes with the account: a registration Stream refused mails nothing; its retry mails once', async () => {
    const logs = captureLogs();
    const email = emailAddress('undone');
    await streamFaults.inject({ op: 'UpdateUsers', status: 503, count: 1 });
    const body = { email, password: 'correct horse battery', name: 'Undone' };
    const failed = await callJson('/auth/register', { body });
    expectError(failed, 503, 'stream_unavailable');
    logs.expectError(failed);
    expect(
      await dbRows('select id from email_outbox where lower(to_address) = lower($1)', [email]),
    ).toEqual([]);
    expect((await callJson('/auth/register', { body })).status).toBe(201);
    expect(await mailbox(email)).toHaveLength(1);
  });
});

describe('POST /me/email', () => {
  it('mails the new address a link and the old one a notice; the change waits for the link', async () => {
    const user = await registerUser('Mover');
    const next = emailAddress('moved');
    const asked = await callJson('/me/email', {
      token: user.token,
      body: { new_email: next, password: user.password },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    expect(asked.body).toEqual({ pending_email: next });

    const link = await mailTo(next, /new email/i);
    const notice = await mailTo(user.email, /being changed/i);
    expect(notice.text).toContain(next);
    expect(notice.text).not.toContain('token=');
    expect((await me(user)).user.email).toBe(user.email);

    const verified = await callJson('/auth/verify-email', { body: { token: tokenFrom(link) } });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    const now = await me(user);
    expect(now.user.email).toBe(next);
    expect(now.email_verified).toBe(true);
    expect(
      (await call('/auth/login', { body: { email: next, password: user.password } })).status,
    ).toBe(200);
    expectError(
      await callJson('/auth/login', { body: { email: user.email, password: user.password } }),
      401,
      'invalid_credentials',
    );
  });

  it('refuses a wrong password, the same address, a taken one and bad input', async () => {
    const user = await registerUser('Picky');
    const other = await registerUser('Other');
    const ask = (body: unknown) => callJson('/me/email', { token: user.token, body });
    expectError(
      await ask({ new_email: emailAddress('x'), password: 'not the password' }),
      403,
      'invalid_current_password',
    );
    expectError(
      await ask({ new_email: user.email.toUpperCase(), password: user.password }),
      409,
      'email_unchanged',
    );
    expectError(await ask({ new_email: other.email, password: user.password }), 409, 'email_taken');
    expectInvalid(await ask({ new_email: 'nope', password: user.password }), 'body.new_email');
    expectError(
      await callJson('/me/email', { body: { new_email: emailAddress('y'), password: 'x' } }),
      401,
      'missing_token',
    );
  });

  it('is 409 at verification when someone registered the new address meanwhile', async () => {
    const user = await registerUser('Slow');
    const next = emailAddress('contested');
    const link = await askEmailChange(user, next);
    await registerUser('Squatter', { verified: false, email: next });
    expectError(
      await callJson('/auth/verify-email', { body: { token: link } }),
      409,
      'email_taken',
    );
    expect((await me(user)).user.email).toBe(user.email);
  });
});

describe('password reset', () => {
  const forgot = (email: string) => callJson('/auth/password/forgot', { body: { email } });

  it('answers the same for an unknown address and mails nothing', async () => {
    const user = await registerUser('Known');
    const unknown = emailAddress('nobody');
    const [known, stranger] = [await forgot(user.email), await forgot(unknown)];
    expect(known.status).toBe(202);
    expect(stranger.status).toBe(202);
    expect(stranger.body).toEqual(known.body);
    // The known address's mail came; by then the unknown one's would have too.
    await mailTo(user.email, /reset/i);
    expect(await mailbox(unknown)).toEqual([]);
    expectInvalid(await callJson('/auth/password/forgot', { body: { email: 'x' } }), 'body.email');
  });

  it('sets the password, ends every session and Stream token, and answers a pair', async () => {
    const user = await registerUser('Forgetful', { verified: false });
    const laptop = await callJson<Pair>('/auth/login', {
      body: { email: user.email, password: user.password },
    });
    const oldStream = await callJson<{ token: string; api_key: string }>('/stream/token', {
      token: user.token,
    });
    expect((await asStreamUser(oldStream.body)).status).toBe(201);
    // Stream compares whole seconds: make the old Stream token older than the reset's second.
    await new Promise((resolve) => setTimeout(resolve, 1100 - (Date.now() % 1000)));

    expect((await forgot(user.email)).status).toBe(202);
    const mail = await mailTo(user.email, /reset/i);
    expect(mail.text).toContain(`${env.APP_URL}/reset-password?token=`);
    const token = tokenFrom(mail);
    const reset = await callJson<Pair>('/auth/password/reset', {
      body: { token, new_password: 'a whole new secret' },
    });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect(reset.body.user.id).toBe(user.id);
    // Only the resetting device stays trusted by the sign-in throttle: register's and the
    // laptop's tokens go.
    expect(reset.body.device_token).toEqual(expect.any(String));
    const devices = await dbRows('select 1 from device_tokens where user_id = $1', [user.id]);
    expect(devices).toHaveLength(1);

    for (const old of [user.refreshToken, laptop.body.refresh_token]) {
      expectError(
        await callJson('/auth/refresh', { body: { refresh_token: old } }),
        401,
        'session_revoked',
      );
    }
    expectError(await callJson('/stream/token', { token: user.token }), 401, 'session_ended');
    const refused = await asStreamUser(oldStream.body);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 40 });

    expectError(
      await callJson('/auth/login', { body: { email: user.email, password: user.password } }),
      401,
      'invalid_credentials',
    );
    const login = await callJson('/auth/login', {
      body: { email: user.email, password: 'a whole new secret' },
    });
    expect(login.status).toBe(200);
    expect(
      (await callJson('/auth/refresh', { body: { refresh_token: reset.body.refresh_token } }))
        .status,
    ).toBe(200);
    // The link reached the address: it counts as verified.
    expect((await me(reset.body)).email_verified).toBe(true);

    expectError(
      await callJson('/auth/password/reset', { body: { token, new_password: 'yet another one' } }),
      400,
      'invalid_token',
    );
  });

  it('refuses expired and replaced tokens and weak passwords', async () => {
    const user = await registerUser('Again');
    await forgot(user.email);
    const first = tokenFrom(await mailTo(user.email, /reset/i));
    await forgot(user.email);
    const second = tokenFrom(await mailTo(user.email, /reset/i, 2));
    const reset = (token: string, new_password = 'a fine new secret') =>
      callJson('/auth/password/reset', { body: { token, new_password } });
    expectError(await reset(first), 400, 'invalid_token');
    expectInvalid(await reset(second, 'short'), 'body.new_password');
    expectInvalid(await reset(second, user.email), 'body.new_password');
    await expireTokens(user.id);
    expectError(await reset(second), 400, 'invalid_token');
    expect(
      (await call('/auth/login', { body: { email: user.email, password: user.password } })).status,
    ).toBe(200);
  });
});

describe('invitations need a verified address', () => {
  it('an account squatting the address cannot accept until the address is verified', async () => {
    const admin = await registerUser('Admin');
    const { tenant, adminToken } = await createTenant(admin);
    const newhire = emailAddress('newhire');
    // Someone registers the address first; they never read its mail.
    const squatter = await registerUser('Squatter', { verified: false, email: newhire });
    const invited = await callJson<{ invitation: { id: string } }>(
      `/tenants/${tenant.id}/invitations`,
      { token: adminToken, body: { email: newhire, role: 'moderator' } },
    );
    expect(invited.status).toBe(201);
    // The invitation's mail reaches the address (whoever registered it first cannot read it).
    const invitationMail = await mailTo(newhire, /invited you/i);
    expect(invitationMail.text).toContain(`invitation_id=${invited.body.invitation.id}`);
    expect(invitationMail.text).toContain(`${env.APP_URL}/invitations?`);
    const accept = () =>
      callJson(`/invitations/${invited.body.invitation.id}/accept`, {
        method: 'POST',
        token: squatter.token,
      });
    expectError(await accept(), 403, 'email_unverified');
    const members = await callJson<{ members: unknown[] }>(`/tenants/${tenant.id}/members`, {
      token: adminToken,
    });
    expect(members.body.members).toHaveLength(1);

    // Whoever reads the address's mail verifies it; then the invitation can be taken.
    const link = await mailTo(newhire, /confirm/i);
    expect(
      (await callJson('/auth/verify-email', { body: { token: tokenFrom(link) } })).status,
    ).toBe(200);
    expect((await accept()).status).toBe(200);
  });
});

describe('invitations by mail', () => {
  it('an invitee without an account: the mail leads to sign-up; verified, they join', async () => {
    const admin = await registerUser('Inviter');
    const { tenant, adminToken } = await createTenant(admin);
    const email = emailAddress('invitee');
    const invited = await callJson<{ invitation: { id: string } }>(
      `/tenants/${tenant.id}/invitations`,
      { token: adminToken, body: { email, role: 'member' } },
    );
    expect(invited.status).toBe(201);
    const mail = await mailTo(email, /invited you/i);
    expect(mail.subject).toContain(tenant.name);
    const link = new URL(/https?:\/\/\S+/.exec(mail.text)![0]);
    expect(link.pathname).toBe('/register');
    expect(link.searchParams.get('invitation_id')).toBe(invited.body.invitation.id);
    expect(link.searchParams.get('email')).toBe(email);

    const invitee = await registerUser('Invitee', { verified: false, email });
    const accept = () =>
      callJson(`/invitations/${invited.body.invitation.id}/accept`, {
        method: 'POST',
        token: invitee.token,
      });
    expectError(await accept(), 403, 'email_unverified');
    const verify = tokenFrom(await mailTo(email, /confirm/i));
    expect((await callJson('/auth/verify-email', { body: { token: verify } })).status).toBe(200);
    const joined = await accept();
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    expect(joined.body).toMatchObject({ tenant: { id: tenant.id }, role: 'member' });
  });

  it('an invitation refused to someone outside the tenant (404) mails nobody', async () => {
    const admin = await registerUser('Lone admin');
    const { tenant } = await createTenant(admin);
    const outsider = await registerUser('Outsider');
    const email = emailAddress('target');
    const refused = await callJson(`/tenants/${tenant.id}/invitations`, {
      token: outsider.token,
      body: { email, role: 'admin' },
    });
    expect(refused.status).toBe(404);
    expect(await mailbox(email)).toEqual([]);
  });
});

describe('mail under faults', () => {
  it('a provider outage fails no request; the mail goes out once the provider is back', async () => {
    const logs = captureLogs();
    await mailFaults.inject({ op: 'SendEmail', status: 500 });
    const user = await registerUser('Patient', { verified: false });
    // Sending fails and is logged with the request's id; the mail stays in the outbox.
    await deliverQueuedMail(user.email);
    const [row] = await dbRows<{
      id: string;
      request_id: string;
      attempts: number;
      created_at: string;
    }>(
      'select id, request_id, attempts, created_at from email_outbox where user_id = $1 and sent_at is null',
      [user.id],
    );
    expect(row).toMatchObject({ request_id: expect.any(String), attempts: 1 });
    logs.expect('warn', 'email_send_failed', { email_id: row!.id, request_id: row!.request_id });
    expect(await mailbox(user.email, { deliver: false })).toEqual([]);

    await mailFaults.clear();
    // The cron finds it (rows unsent for 5 minutes, written in the last 3 days; as of a time
    // where no earlier test's rows are in that window). Without a queue it sends them itself.
    const sweep = await resendUnsent(
      { ...servicesFor(env), repairs: undefined },
      { asOf: new Date(new Date(row!.created_at).getTime() + 3 * 24 * 3600_000 - 1) },
    );
    expect(sweep.sent).toBeGreaterThanOrEqual(1);
    const [mail] = await mailbox(user.email, { deliver: false });
    expect(
      (await callJson('/auth/verify-email', { body: { token: tokenFrom(mail!) } })).status,
    ).toBe(200);
    // Sent once, and the token no longer sits in the outbox.
    expect(
      await dbRows(
        'select params, sent_at is not null as sent from email_outbox where user_id = $1',
        [user.id],
      ),
    ).toEqual([{ params: null, sent: true }]);
  });

  it('the queue consumer sends a queued mail once, however often it is delivered', async () => {
    const user = await registerUser('Queued', { verified: false });
    const [row] = await dbRows<{ id: string }>('select id from email_outbox where user_id = $1', [
      user.id,
    ]);
    const queue = recordingQueue();
    queue.sent.push({ kind: 'email', id: row!.id }, { kind: 'email', id: row!.id });
    expect(await runRecorded(queue)).toBe(2);
    const received = await mailbox(user.email, { deliver: false });
    expect(received.map((m) => m.subject)).toEqual(['Confirm your email address']);
    // A queue message for a row that is gone (its account deleted) is simply done.
    queue.sent.push({ kind: 'email', id: crypto.randomUUID() });
    expect(await runRecorded(queue)).toBe(1);
  });
});

/** Calls the Stream emulator as the user would with a Stream token from GET /stream/token. */
function asStreamUser(stream: { token: string; api_key: string }) {
  return fetch(`${env.TEST_STREAM_CONTROL_URL}/channels?api_key=${stream.api_key}`, {
    method: 'POST',
    headers: {
      authorization: stream.token,
      'stream-auth-type': 'jwt',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ filter_conditions: { type: 'messaging' }, limit: 1 }),
  });
}
