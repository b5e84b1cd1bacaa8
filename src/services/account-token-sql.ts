/**
 * SQL for one-time account tokens (account_tokens; the tokens: src/auth/account-tokens.ts).
 * Issuing spends the user's older unused tokens of the purpose (only the newest link works);
 * using one is a single UPDATE … WHERE used_at IS NULL AND expires_at > now(), so a token
 * works once even under concurrent use.
 */
import { type SQL, sql } from 'drizzle-orm';

export type TokenPurpose = 'verify_email' | 'change_email' | 'reset_password';

export interface IssueToken {
  purpose: TokenPurpose;
  /** The hash of the token (the token itself is only mailed). */
  hash: string;
  /** A scalar query: the user (no row: nothing is issued). */
  userId: SQL;
  /** A scalar query: the address the token is mailed to. */
  address: SQL;
  lifetime: { hours: number } | { minutes: number };
}

/**
 * A CTE `name` that spends the user's unused tokens of `purpose` (the user: a scalar query; none,
 * nothing is spent).
 */
export function spendTokensCte(name: string, userId: SQL, purpose: TokenPurpose): SQL {
  return sql`${sql.identifier(name)} as (
      update account_tokens set used_at = now()
      where user_id = (${userId}) and purpose = ${purpose}::account_token_purpose
        and used_at is null)`;
}

/**
 * Two CTEs, `token_spent` and `token_new` (returning `user_id`): the user's older unused tokens
 * of the purpose spent, and the new one.
 */
export function issueTokenCtes(t: IssueToken): SQL {
  const lifetime =
    'hours' in t.lifetime
      ? sql`make_interval(hours => ${t.lifetime.hours})`
      : sql`make_interval(mins => ${t.lifetime.minutes})`;
  return sql`${spendTokensCte('token_spent', t.userId, t.purpose)},
    token_new as (
      insert into account_tokens (id, user_id, purpose, token_hash, new_email, expires_at)
      select gen_random_uuid(), (${t.userId}), ${t.purpose}::account_token_purpose, ${t.hash},
        (${t.address}), now() + ${lifetime}
      where (${t.userId}) is not null
      returning user_id)`;
}

/**
 * A CTE `used` that spends the token with hash `hash` if it is one of `purposes`, unused,
 * unexpired and still for the account's address (change_email: for any address); returns
 * `user_id, purpose, new_email`.
 */
export function useTokenCte(hash: string, purposes: TokenPurpose[]): SQL {
  return sql`used as (
      update account_tokens t set used_at = now()
      from users u
      where t.token_hash = ${hash} and u.id = t.user_id
        and t.purpose::text in (${sql.join(
          purposes.map((p) => sql`${p}`),
          sql`, `,
        )})
        and t.used_at is null and t.expires_at > now()
        and (t.purpose = 'change_email' or lower(u.email) = lower(t.new_email))
      returning t.user_id, t.purpose::text as purpose, t.new_email)`;
}
