/**
 * Registration and login; both start a session (src/services/sessions.ts).
 * Round trips: register = 2 serial (DB insert of the user, their first session, device token,
 * sync marker and verification mail (queued after the response), then the Stream user;
 * on Stream failure the account is deleted, a 3rd trip, and the repair removes a Stream user
 * that landed late). Login = 2 (user, memberships, whether their Stream user is still owed and
 * the attempt's count (src/services/sign-in-throttle.ts) in one statement; then the session, the
 * count's reset and the device token, which must wait for the password check); an account whose
 * Stream user is missing gets it on login (in parallel with the session). A login refused by the
 * throttle is 1 trip and checks no password; a wrong password is 1 trip (it was counted).
 */
import { eq, sql } from 'drizzle-orm';
import { newAccountToken } from '../auth/account-tokens';
import { hashDeviceToken, newDeviceToken } from '../auth/device-tokens';
import { hashPassword, verifyPasswordOrDecoy } from '../auth/passwords';
import { conflict, forbidden, unauthorized } from '../core/errors';
import type { Role } from '../core/types';
import { isUniqueViolation } from '../db/errors';
import { users } from '../db/schema';
import { logFor } from '../runtime/safe-log';
import type { RequestServices, Services } from '../runtime/services';
import { upsertUser } from '../stream/gateway';
import { toMarks, upsertMarks } from '../sync/outbox';
import { streamUser } from '../sync/projection';
import { pushOrUndo } from '../sync/push';
import { repairNow } from '../sync/repair';
import { verificationCtes } from './account-email';
import { emailIds, enqueueEmails } from './email-outbox';
import { type Device, insertSession, prepareSession, tokenPair } from './sessions';
import {
  type Attempt,
  afterSuccess,
  assertAttemptAllowed,
  attemptColumns,
  countAttempt,
  firstDevice,
} from './sign-in-throttle';

export interface PublicUser {
  id: string;
  email: string;
  name: string;
}

export async function register(
  s: RequestServices,
  input: { email: string; password: string; name: string },
  device: Device,
) {
  const user: PublicUser = { id: crypto.randomUUID(), email: input.email, name: input.name };
  const deviceToken = newDeviceToken();
  const [passwordHash, session, deviceTokenHash, verification] = await Promise.all([
    hashPassword(input.password),
    prepareSession(device),
    hashDeviceToken(deviceToken),
    newAccountToken(),
  ]);
  let marks: unknown;
  let sessionEnds: string | undefined;
  let mails: string[] = [];
  try {
    // The account, its first session, its Stream marker and its verification mail in one
    // statement.
    const { rows } = await s.db.execute<{
      marks: unknown;
      session_ends: string;
      email_ids: unknown;
    }>(sql`
      with ins as (
        insert into users (id, email, name, password_hash)
        values (${user.id}, ${user.email}, ${user.name}, ${passwordHash}) returning id),
      ${insertSession(session, sql`select id from ins`, sql`null::uuid`)},
      ${firstDevice(sql`select id from ins`, deviceTokenHash)},
      mark as (${upsertMarks(s, 'user', sql`select id::text from ins`)}),
      ${verificationCtes(s, verification, {
        id: sql`select id from ins`,
        address: sql`${user.email}::text`,
        name: sql`${user.name}::text`,
      })}
      select (select json_agg(mark) from mark) as marks,
        (select expires_at from sess) as session_ends,
        (select json_agg(id) from verify_mail) as email_ids`);
    marks = rows[0]?.marks;
    sessionEnds = rows[0]?.session_ends;
    mails = emailIds(rows[0]?.email_ids);
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_lower_key')) {
      throw conflict('An account with this email already exists', 'email_taken');
    }
    throw err;
  }
  // On failure the account goes, so the client can simply retry. If that undo fails too, the
  // marker stays and the repair (or the next login) creates the Stream user: the account works.
  await pushOrUndo(
    s,
    toMarks(marks),
    async () =>
      upsertUser(
        await s.stream(),
        streamUser(s.config, { id: user.id, name: user.name, teams: [] }),
      ),
    { what: 'register: delete user', run: () => s.db.delete(users).where(eq(users.id, user.id)) },
  );
  // Only for an account that stands (an undone one took its mail with it: user_id cascades).
  enqueueEmails(s, mails);
  const pair = await tokenPair(
    s,
    { userId: user.id, sessionId: session.id },
    { token: session.refreshToken, expiresAt: sessionEnds! },
  );
  return { ...pair, device_token: deviceToken, user };
}

type LoginRow = Attempt & {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  /** Stream does not yet show this user as the database does (see src/sync/outbox.ts). */
  unsynced: boolean;
  memberships: Array<{ tenant_id: string; tenant_name: string; role: Role }>;
};

export async function login(
  s: Services,
  input: { email: string; password: string; tenantId?: string; deviceToken?: string },
  device: Device,
) {
  const presented = input.deviceToken ? await hashDeviceToken(input.deviceToken) : null;
  // The attempt is counted (on the device token or the account) before the password is checked.
  const { rows } = await s.db.execute<LoginRow>(sql`
    with u as (select id, email, name, password_hash from users where lower(email) = lower(${input.email})),
    ${countAttempt(sql`select id from u`, presented)}
    select u.id, u.email, u.name, u.password_hash,
      exists (select 1 from stream_sync where kind = 'user' and key = u.id::text) as unsynced,
      coalesce(json_agg(json_build_object('tenant_id', t.id, 'tenant_name', t.name, 'role', m.role)
        order by m.created_at, t.id) filter (where t.id is not null), '[]') as memberships,
      ${attemptColumns}
    from u
    left join memberships m on m.user_id = u.id
    left join tenants t on t.id = m.tenant_id
    group by u.id, u.email, u.name, u.password_hash`);
  const row = rows[0];
  // Refused by the throttle: answered before the password is checked, so no guess is spent.
  if (row) assertAttemptAllowed(row);
  // Unknown email and wrong password take the same path and the same PBKDF2 time.
  if (!(await verifyPasswordOrDecoy(input.password, row?.password_hash)) || !row) {
    throw unauthorized('Email or password is incorrect', 'invalid_credentials');
  }
  const userId = sql`${row.id}::uuid`;
  const membership = input.tenantId
    ? row.memberships.find((m) => m.tenant_id === input.tenantId)
    : row.memberships[0];
  if (input.tenantId && !membership) {
    // The password was right: the attempt is no failure (a third trip, on this error only).
    await s.db.execute(sql`
      with ${afterSuccess(userId, row, presented, null)}
      select 1`);
    throw forbidden('You are not a member of this tenant', 'not_a_member');
  }
  // The session can only be written once the password is known to be right: a second trip.
  // A trusted device keeps its token (renewed); any other gets a new one.
  const deviceToken = row.trusted ? input.deviceToken! : newDeviceToken();
  const [session, deviceTokenHash] = await Promise.all([
    prepareSession(device),
    hashDeviceToken(deviceToken),
  ]);
  const [{ rows: started }] = await Promise.all([
    s.db.execute<{ session_ends: string }>(sql`
      with ${insertSession(session, userId, sql`${membership?.tenant_id ?? null}::uuid`)},
      ${afterSuccess(userId, row, presented, deviceTokenHash)}
      select expires_at as session_ends from sess`),
    row.unsynced ? ensureStreamUser(s, row.id) : undefined,
  ]);
  const pair = await tokenPair(
    s,
    {
      userId: row.id,
      sessionId: session.id,
      tenantId: membership?.tenant_id,
      role: membership?.role,
    },
    { token: session.refreshToken, expiresAt: started[0]!.session_ends },
  );
  return {
    ...pair,
    device_token: deviceToken,
    user: { id: row.id, email: row.email, name: row.name },
    ...(membership
      ? {
          tenant: { id: membership.tenant_id, name: membership.tenant_name },
          role: membership.role,
        }
      : {}),
  };
}

/**
 * An account whose Stream user is still owed (a registration whose Stream call failed and whose
 * undo failed too) gets it now, so it can chat. Login succeeds either way: the repair retries.
 */
async function ensureStreamUser(s: Services, userId: string): Promise<void> {
  await repairNow(s, [{ kind: 'user', key: userId }]).catch(() =>
    logFor(s, 'warn', { code: 'login_stream_user_pending', user_id: userId }),
  );
}
