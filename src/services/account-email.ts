/**
 * The account's email address: verification (a link mailed at registration and on request) and
 * change (a link mailed to the new address, which becomes the account's, verified, when the
 * link is used; the old address is told). Tokens: ./account-token-sql.ts; mail: ./email-outbox.ts.
 *
 * Round trips: verify = 1; resend = 1; change = 2 (the password hash, then tokens and mail).
 */
import { type SQL, sql } from 'drizzle-orm';
import { hashAccountToken, newAccountToken, VERIFY_EMAIL_HOURS } from '../auth/account-tokens';
import { verifyPassword } from '../auth/passwords';
import { ApiError, badRequest, conflict, notFound } from '../core/errors';
import { isUniqueViolation } from '../db/errors';
import type { RequestServices, Services } from '../runtime/services';
import { issueTokenCtes, useTokenCte } from './account-token-sql';
import { emailIds, emailInsert, enqueueEmails } from './email-outbox';

const userGone = () => notFound('This account no longer exists', 'user_not_found');

export const invalidToken = () =>
  badRequest(
    'invalid_token',
    'This link does not work: it was used already, has expired, or a newer one replaced it',
  );

/**
 * The CTEs that mail a new verification link for the user `userId` at `address` (the user's
 * name from `name`): `token_spent`, `token_new`, `verify_mail`. For the statement that
 * registers the user (no extra trip) and for resend.
 */
export function verificationCtes(
  s: Services,
  token: { token: string; hash: string },
  user: { id: SQL; address: SQL; name: SQL },
) {
  return sql`${issueTokenCtes({
    purpose: 'verify_email',
    hash: token.hash,
    userId: user.id,
    address: user.address,
    lifetime: { hours: VERIFY_EMAIL_HOURS },
  })},
    verify_mail as (${emailInsert(
      s,
      'verify_email',
      sql`select token_new.user_id, (${user.address}),
        json_build_object('name', (${user.name})::text, 'token', ${token.token}::text)
        from token_new`,
    )})`;
}

export interface VerifiedUser {
  user: { id: string; email: string; name: string };
  email_verified: true;
}

/**
 * `POST /auth/verify-email`: spends a verify_email or change_email token. A change_email token
 * moves the account to its new address (409 email_taken if someone registered it meanwhile; the
 * token then stays unused) and spends the user's other pending changes.
 */
export async function verifyEmail(s: Services, token: string): Promise<VerifiedUser> {
  const hash = await hashAccountToken(token);
  try {
    const { rows } = await s.db.execute<{ id: string; email: string; name: string }>(sql`
      with ${useTokenCte(hash, ['verify_email', 'change_email'])},
      upd as (
        update users u set email = coalesce(case when used.purpose = 'change_email'
            then used.new_email end, u.email),
          email_verified_at = now()
        from used where u.id = used.user_id
        returning u.id, u.email, u.name),
      others as (
        update account_tokens set used_at = now()
        where user_id = (select user_id from used where purpose = 'change_email')
          and purpose in ('change_email', 'verify_email') and used_at is null
          and token_hash <> ${hash})
      select id, email, name from upd`);
    const row = rows[0];
    if (!row) throw invalidToken();
    return { user: { id: row.id, email: row.email, name: row.name }, email_verified: true };
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_lower_key')) {
      throw conflict(
        'Another account uses this email address now; ask for a new change to another address',
        'email_taken',
      );
    }
    throw err;
  }
}

/** `POST /auth/verify-email/resend`: a new link to the account's address (older ones stop working). */
export async function resendVerification(s: RequestServices, userId: string) {
  const token = await newAccountToken();
  const { rows } = await s.db.execute<{
    email: string | null;
    verified: boolean | null;
    email_ids: unknown;
  }>(sql`
    with me as (select id, email, name, email_verified_at is not null as verified
      from users where id = ${userId}),
    ${verificationCtes(s, token, {
      id: sql`select id from me where not verified`,
      address: sql`select email from me`,
      name: sql`select name from me`,
    })}
    select (select email from me) as email, (select verified from me) as verified,
      (select json_agg(id) from verify_mail) as email_ids`);
  const row = rows[0];
  if (!row?.email) throw userGone();
  if (row.verified) {
    throw conflict('Your email address is already verified', 'email_already_verified');
  }
  enqueueEmails(s, emailIds(row.email_ids));
  return { email: row.email };
}

/**
 * `POST /me/email`: mails a link to `newEmail` (valid 24 h; using it moves the account there)
 * and a notice to the current address. Needs the password, as a password change does.
 */
export async function requestEmailChange(
  s: RequestServices,
  userId: string,
  input: { newEmail: string; password: string },
) {
  const { rows: found } = await s.db.execute<{
    email: string;
    password_hash: string;
    taken: boolean;
  }>(sql`select u.email, u.password_hash,
      exists (select 1 from users o where lower(o.email) = lower(${input.newEmail})
        and o.id <> u.id) as taken
    from users u where u.id = ${userId}`);
  const current = found[0];
  if (!current) throw userGone();
  if (!(await verifyPassword(input.password, current.password_hash))) {
    throw new ApiError(403, 'invalid_current_password', 'The password is not correct');
  }
  if (current.email.toLowerCase() === input.newEmail.toLowerCase()) {
    throw conflict('This is already your email address', 'email_unchanged');
  }
  if (current.taken) throw conflict('An account with this email already exists', 'email_taken');
  const token = await newAccountToken();
  const { rows } = await s.db.execute<{ email_ids: unknown; ok: boolean }>(sql`
    with me as (select id, email, name from users where id = ${userId}),
    ${issueTokenCtes({
      purpose: 'change_email',
      hash: token.hash,
      userId: sql`select id from me`,
      address: sql`${input.newEmail}::text`,
      lifetime: { hours: VERIFY_EMAIL_HOURS },
    })},
    change_mail as (${emailInsert(
      s,
      'change_email',
      sql`select me.id, ${input.newEmail}::text, json_build_object('name', me.name,
          'token', ${token.token}::text, 'new_email', ${input.newEmail}::text)
        from me join token_new on token_new.user_id = me.id`,
    )}),
    notice_mail as (${emailInsert(
      s,
      'email_change_notice',
      sql`select me.id, me.email, json_build_object('name', me.name,
          'new_email', ${input.newEmail}::text)
        from me join token_new on token_new.user_id = me.id`,
    )})
    select exists (select 1 from token_new) as ok,
      (select json_agg(id) from (select id from change_mail union all select id from notice_mail) m)
        as email_ids`);
  if (!rows[0]?.ok) throw userGone();
  enqueueEmails(s, emailIds(rows[0].email_ids));
  return { pending_email: input.newEmail };
}
