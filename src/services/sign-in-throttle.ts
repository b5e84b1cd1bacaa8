/**
 * Sign-in throttling per account, in the database (so it holds across isolates and locations),
 * after OWASP's "Slow Down Online Guessing Attacks with Device Cookies"
 * (https://owasp.org/www-community/Slow_Down_Online_Guessing_Attacks_with_Device_Cookies).
 *
 * - A login that presents a live device token of the account (src/auth/device-tokens.ts) is
 *   counted on that token alone: other people's failures do not hold it back. A token used with
 *   wrong passwords `deviceFailures` times in a row stops being trusted (its logins count on the
 *   account like any other) until it expires; a success replaces it.
 * - Any other login counts on the account (`sign_in_failures`): after `freeFailures` failures in
 *   a row, each further attempt must wait `firstDelaySeconds`, doubling with each failure, at most
 *   `maxDelaySeconds`, after the last failure; and at most `dailyFailures` failures count in a
 *   window of `windowHours` (from the first failure after the previous window ended). An attempt
 *   refused for either reason is answered 429 (`login_delayed`, `login_locked`) with Retry-After,
 *   and its password is never checked, so it spends no guess.
 * - A success sets the account's streak to 0 (it proves the password) and gives its own count
 *   back, but keeps the window's other failures: an owner's sign-in does not refill an
 *   attacker's daily budget.
 *
 * Cost: none in round trips. The attempt is counted before the password is checked, in the
 * login's first statement (an atomic upsert: concurrent guesses each see the others' counts);
 * the success's reset and its device token ride in the statement that writes the session.
 */
import { type SQL, sql } from 'drizzle-orm';
import { DEVICE_TOKEN_DAYS } from '../auth/device-tokens';
import { ApiError } from '../core/errors';

export const SIGN_IN_LIMITS = {
  freeFailures: 10,
  firstDelaySeconds: 1,
  maxDelaySeconds: 900,
  dailyFailures: 100,
  windowHours: 24,
  deviceFailures: 10,
} as const;

const L = SIGN_IN_LIMITS;
const n = (value: number) => sql.raw(String(value));

/** How long after its last failure an account with `streak` failures in a row must wait. */
function delayAfter(streak: SQL): SQL {
  const doubling = sql`power(2, least(${streak} - ${n(L.freeFailures + 1)}, 30))`;
  return sql`make_interval(secs => case when ${streak} <= ${n(L.freeFailures)} then 0
    else least(${n(L.firstDelaySeconds)} * ${doubling}, ${n(L.maxDelaySeconds)}) end)`;
}
const windowLength = sql`make_interval(hours => ${n(L.windowHours)})`;
const windowOver = (f: SQL) => sql`${f}.window_started_at <= now() - ${windowLength}`;

/**
 * CTEs for the login's first statement, given the account's id (SQL yielding it, or no row for
 * an unknown email): `trusted` (the presented device token, counted on itself), `prior` (the
 * account's counts before this attempt) and `counted` (this attempt, on the account, if allowed).
 */
export function countAttempt(userId: SQL, deviceTokenHash: string | null): SQL {
  return sql`trusted as (
      update device_tokens set failures = failures + 1, last_used_at = now()
      where token_hash = ${deviceTokenHash} and user_id = (${userId}) and expires_at > now()
        and failures < ${n(L.deviceFailures)}
      returning token_hash),
    prior as (select * from sign_in_failures where user_id = (${userId})),
    counted as (
      insert into sign_in_failures as f (user_id, streak, last_failed_at, window_started_at, window_failures)
      select (${userId}), 1, now(), now(), 1
      where (${userId}) is not null and not exists (select 1 from trusted)
      on conflict (user_id) do update set
        streak = f.streak + 1,
        last_failed_at = now(),
        window_started_at = case when ${windowOver(sql`f`)} then now() else f.window_started_at end,
        window_failures = case when ${windowOver(sql`f`)} then 1 else f.window_failures + 1 end
      where (${windowOver(sql`f`)} or f.window_failures < ${n(L.dailyFailures)})
        and f.last_failed_at + ${delayAfter(sql`f.streak`)} <= now()
      returning 1)`;
}

/** The columns `assertAttemptAllowed` reads, for the select of the statement with `countAttempt`. */
export const attemptColumns = sql`exists (select 1 from trusted) as trusted,
  exists (select 1 from counted) as counted,
  (select ceil(extract(epoch from p.window_started_at + ${windowLength} - now()))::int from prior p
    where not ${windowOver(sql`p`)} and p.window_failures >= ${n(L.dailyFailures)}) as locked_for,
  (select ceil(extract(epoch from p.last_failed_at + ${delayAfter(sql`p.streak`)} - now()))::int
    from prior p) as delayed_for`;

export type Attempt = {
  /** A live device token of the account came with it: counted on the token. */
  trusted: boolean;
  /** Counted on the account. */
  counted: boolean;
  locked_for: number | null;
  delayed_for: number | null;
};

/** Throws 429 for an attempt that was neither trusted nor allowed to count: no password check. */
export function assertAttemptAllowed(a: Attempt): void {
  if (a.trusted || a.counted) return;
  if (a.locked_for && a.locked_for > 0) {
    throw new ApiError(
      429,
      'login_locked',
      `Too many failed sign-ins to this account today; only a device that signed in to it before (its device_token) can sign in until then. Retry after ${a.locked_for} seconds`,
      undefined,
      a.locked_for,
    );
  }
  const wait = Math.max(1, a.delayed_for ?? 1);
  throw new ApiError(
    429,
    'login_delayed',
    `Too many failed sign-ins to this account in a row; retry after ${wait} seconds (a device that signed in to it before can sign in now with its device_token)`,
    undefined,
    wait,
  );
}

/**
 * CTEs for the statement that completes a successful sign-in (`reset`, `device`): the account's
 * streak back to 0 and this attempt's count given back; the device's token renewed (the
 * presented one, when it was trusted) or a new one stored (`newTokenHash`, when given),
 * replacing the one presented, and the account's expired tokens deleted.
 */
export function afterSuccess(
  userId: SQL,
  a: Pick<Attempt, 'trusted' | 'counted'>,
  presentedHash: string | null,
  newTokenHash: string | null,
): SQL {
  const expires = sql`now() + make_interval(days => ${n(DEVICE_TOKEN_DAYS)})`;
  return sql`reset as (
      update sign_in_failures set streak = 0,
        window_failures = greatest(window_failures - ${n(a.counted ? 1 : 0)}, 0)
      where user_id = (${userId}) returning 1),
    ${
      a.trusted
        ? sql`device as (
      update device_tokens set failures = 0, last_used_at = now(), expires_at = ${expires}
      where token_hash = ${presentedHash} and user_id = (${userId}) returning 1)`
        : newTokenHash === null
          ? sql`device as (select 1)`
          : sql`device_gone as (
      delete from device_tokens where user_id = (${userId})
        and (expires_at <= now() or token_hash = ${presentedHash})),
    device as (
      insert into device_tokens (token_hash, user_id, expires_at)
      select ${newTokenHash}, (${userId}), ${expires} returning 1)`
    }`;
}

/** The device token CTE for a new account's statement (`device`). */
export function firstDevice(userId: SQL, tokenHash: string): SQL {
  return sql`device as (
      insert into device_tokens (token_hash, user_id, expires_at)
      select ${tokenHash}, id, now() + make_interval(days => ${n(DEVICE_TOKEN_DAYS)})
      from (${userId}) u (id) returning 1)`;
}
