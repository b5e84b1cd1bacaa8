/**
 * Password reset by mail. `forgot` answers the same, after the same work, whether or not an
 * account uses the address: one statement that issues a token and queues the mail only when
 * the account exists (the token is made and hashed either way). `reset` spends the token (single
 * use, 30 minutes), sets the password, signs out every session, refuses the user's Stream tokens
 * issued until now (as a password change does, ./own-account.ts), trusts only this device for
 * the sign-in throttle (every other device token goes, the delay of failures ends), spends a
 * pending email change (as a password change does) and starts a session for this device, scoped
 * like a login to the user's first tenant.
 *
 * Round trips: forgot = 1; reset = 3 (the token's account, then the change with its new
 * session, then Stream's revocation).
 */
import { sql } from 'drizzle-orm';
import { hashAccountToken, newAccountToken, RESET_PASSWORD_MINUTES } from '../auth/account-tokens';
import { hashDeviceToken, newDeviceToken } from '../auth/device-tokens';
import { hashPassword } from '../auth/passwords';
import type { Role } from '../core/types';
import type { RequestServices } from '../runtime/services';
import { upsertMarks } from '../sync/outbox';
import { invalidToken } from './account-email';
import { issueTokenCtes, spendTokensCte, useTokenCte } from './account-token-sql';
import { emailIds, emailInsert, enqueueEmails } from './email-outbox';
import { assertPasswordFitsAccount } from './own-account';
import { type Device, insertSession, prepareSession, tokenPair } from './sessions';
import { firstDevice } from './sign-in-throttle';
import {
  pushRevocation,
  REVOKED_UNTIL_NOW,
  revocationColumns,
  revocationOf,
} from './stream-access';

export const FORGOT_ANSWER = {
  status: 'accepted',
  message: 'If an account uses this address, a link to reset its password is on its way.',
} as const;

/** `POST /auth/password/forgot`: 202 with FORGOT_ANSWER whatever the address. */
export async function forgotPassword(s: RequestServices, email: string) {
  const token = await newAccountToken();
  const { rows } = await s.db.execute<{ email_ids: unknown }>(sql`
    with acct as (select id, email from users where lower(email) = lower(${email})),
    ${issueTokenCtes({
      purpose: 'reset_password',
      hash: token.hash,
      userId: sql`select id from acct`,
      address: sql`select email from acct`,
      lifetime: { minutes: RESET_PASSWORD_MINUTES },
    })},
    reset_mail as (${emailInsert(
      s,
      'reset_password',
      sql`select acct.id, acct.email, json_build_object('token', ${token.token}::text)
        from acct join token_new on token_new.user_id = acct.id`,
    )})
    select (select json_agg(id) from reset_mail) as email_ids`);
  enqueueEmails(s, emailIds(rows[0]?.email_ids));
  return FORGOT_ANSWER;
}

/** `POST /auth/password/reset`: a new password from a mailed token; answers like a login. */
export async function resetPassword(
  s: RequestServices,
  input: { token: string; newPassword: string },
  device: Device,
) {
  const hash = await hashAccountToken(input.token);
  // The account first (without spending the token): the policy needs its email and name.
  const { rows: found } = await s.db.execute<{ user_id: string; email: string; name: string }>(sql`
    select t.user_id, u.email, u.name from account_tokens t join users u on u.id = t.user_id
    where t.token_hash = ${hash} and t.purpose = 'reset_password' and t.used_at is null
      and t.expires_at > now() and lower(u.email) = lower(t.new_email)`);
  const account = found[0];
  if (!account) throw invalidToken();
  assertPasswordFitsAccount(input.newPassword, account);
  const deviceToken = newDeviceToken();
  const [passwordHash, session, deviceTokenHash] = await Promise.all([
    hashPassword(input.newPassword),
    prepareSession(device),
    hashDeviceToken(deviceToken),
  ]);
  const { rows } = await s.db.execute<{
    user: { id: string; email: string; name: string } | null;
    revoked_before: string | null;
    revocation_marks: unknown;
    session_ends: string | null;
    scope: { tenant_id: string; tenant_name: string; role: Role } | null;
  }>(sql`
    with ${useTokenCte(hash, ['reset_password'])},
    revoked as (
      update users set password_hash = ${passwordHash},
        stream_tokens_revoked_before = ${REVOKED_UNTIL_NOW},
        email_verified_at = coalesce(email_verified_at, now())
      where id = (select user_id from used)
      returning id, email, name, stream_tokens_revoked_before as revoked_before),
    revocation_mark as (${upsertMarks(s, 'user', sql`select id::text from revoked`)}),
    signed_out as (
      update sessions set revoked_at = now(), revoked_reason = 'password_reset'
      where user_id = (select id from revoked) and revoked_at is null),
    scope as (
      select m.tenant_id, t.name as tenant_name, m.role from memberships m
      join tenants t on t.id = m.tenant_id
      where m.user_id = (select id from revoked) order by m.created_at, t.id limit 1),
    ${insertSession(session, sql`select id from revoked`, sql`select tenant_id from scope`)},
    -- Whoever held the old password may hold device tokens too: only this device is trusted now.
    untrusted as (delete from device_tokens where user_id = (select id from revoked)),
    streak as (update sign_in_failures set streak = 0 where user_id = (select id from revoked)),
    -- So may a pending email change: it goes with the old password.
    ${spendTokensCte('change_spent', sql`select id from revoked`, 'change_email')},
    ${firstDevice(sql`select id from revoked`, deviceTokenHash)}
    select (select json_build_object('id', id, 'email', email, 'name', name) from revoked) as user,
      ${revocationColumns},
      (select expires_at from sess) as session_ends,
      (select row_to_json(scope) from scope) as scope`);
  const row = rows[0];
  if (!row?.user || !row.session_ends) throw invalidToken();
  await pushRevocation(s, revocationOf(row.user.id, row));
  const pair = await tokenPair(
    s,
    {
      userId: row.user.id,
      sessionId: session.id,
      tenantId: row.scope?.tenant_id,
      role: row.scope?.role,
    },
    { token: session.refreshToken, expiresAt: row.session_ends },
  );
  return {
    ...pair,
    device_token: deviceToken,
    user: row.user,
    ...(row.scope
      ? {
          tenant: { id: row.scope.tenant_id, name: row.scope.tenant_name },
          role: row.scope.role,
        }
      : {}),
  };
}
