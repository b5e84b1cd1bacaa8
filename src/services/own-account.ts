/**
 * The signed-in user's own account: `GET /me`, `PATCH /me` (name, kept in step with the Stream
 * user) and `POST /me/password` (signs out every session, refuses every Stream token issued
 * before now, and answers a fresh token pair for this device).
 *
 * Round trips: GET /me = 1; PATCH /me = 2 (update with its marker, then Stream); password = 3
 * (read the hash, then the change with its new session, then Stream's revocation).
 */
import { sql } from 'drizzle-orm';
import { sameAsAccountProblems } from '../auth/password-policy';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { ApiError, badRequest, notFound } from '../core/errors';
import type { Principal, Role } from '../core/types';
import type { RequestServices, Services } from '../runtime/services';
import * as stream from '../stream/gateway';
import { toMarks, upsertMarks } from '../sync/outbox';
import { streamUser, type UserProjection } from '../sync/projection';
import { pushOrUndo, undoUnlessNewer } from '../sync/push';
import { spendTokensCte } from './account-token-sql';
import { type Device, insertSession, prepareSession, tokenPair } from './sessions';
import {
  pushRevocation,
  REVOKED_UNTIL_NOW,
  revocationColumns,
  revocationOf,
} from './stream-access';

const userGone = () => notFound('This account no longer exists', 'user_not_found');

/**
 * The password rules that need the account (the rest are checked at the route, as at
 * registration): a 400 on `body.new_password` naming each.
 */
export function assertPasswordFitsAccount(
  newPassword: string,
  account: { email: string; name: string },
): void {
  const same = sameAsAccountProblems(newPassword, account);
  if (same.length > 0) {
    throw badRequest(
      'validation_failed',
      'The request is invalid; see details',
      same.map((message) => ({ field: 'body.new_password', message })),
    );
  }
}

export async function getMe(s: Services, userId: string) {
  const { rows } = await s.db.execute<{
    id: string;
    email: string;
    name: string;
    email_verified: boolean;
    created_at: string;
    tenants: Array<{ id: string; name: string; role: Role }>;
  }>(sql`
    select u.id, u.email, u.name, u.created_at, u.email_verified_at is not null as email_verified,
      coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name, 'role', m.role)
        order by m.created_at, t.id)
        from memberships m join tenants t on t.id = m.tenant_id where m.user_id = u.id), '[]') as tenants
    from users u where u.id = ${userId}`);
  const row = rows[0];
  if (!row) throw userGone();
  return {
    user: { id: row.id, email: row.email, name: row.name },
    email_verified: row.email_verified,
    created_at: new Date(row.created_at).toISOString(),
    tenants: row.tenants,
  };
}

/** The user as Stream must show them, built from an `upd` CTE that returned the new row. */
const streamUserFrom = sql`json_build_object('id', upd.id, 'name', upd.name,
  'teams', array(select tenant_id::text from memberships where user_id = upd.id order by 1),
  'revoked_before', upd.stream_tokens_revoked_before)`;

export async function rename(s: RequestServices, userId: string, name: string) {
  const { rows } = await s.db.execute<{
    id: string;
    email: string;
    old_name: string;
    user: UserProjection;
    marks: unknown;
  }>(sql`
    with old as (select id, name from users where id = ${userId} for update),
    upd as (update users u set name = ${name} from old where u.id = old.id
      returning u.id, u.email, u.name, u.stream_tokens_revoked_before, old.name as old_name),
    mark as (${upsertMarks(s, 'user', sql`select id::text from upd`)})
    select upd.id, upd.email, upd.old_name, ${streamUserFrom} as user,
      (select json_agg(mark) from mark) as marks
    from upd`);
  const row = rows[0];
  if (!row) throw userGone();
  const marks = toMarks(row.marks);
  await pushOrUndo(
    s,
    marks,
    async () => stream.upsertUser(await s.stream(), streamUser(s.config, row.user)),
    undoUnlessNewer(
      s,
      marks,
      'rename: restore name',
      (unchanged) =>
        sql`update users set name = ${row.old_name} where id = ${userId} and ${unchanged} returning 1`,
    ),
  );
  return { user: { id: row.id, email: row.email, name } };
}

/**
 * Changes the password. Every session is signed out (a stolen refresh token dies now; access
 * tokens at their exp) and this device gets a new one; Stream refuses the user's Stream tokens
 * issued before this second; a pending email change is spent. If Stream cannot be told now the
 * change still stands (the client must not think the old password works) and the queued repair
 * tells Stream.
 */
export async function changePassword(
  s: RequestServices,
  p: Principal,
  input: { currentPassword: string; newPassword: string },
  device: Device,
) {
  const { rows: found } = await s.db.execute<{
    email: string;
    name: string;
    password_hash: string;
    tenant_id: string | null;
  }>(
    sql`select u.email, u.name, u.password_hash,
      (select tenant_id from sessions where id = ${p.sessionId ?? null}::uuid) as tenant_id
    from users u where u.id = ${p.userId}`,
  );
  const current = found[0];
  if (!current) throw userGone();
  if (!(await verifyPassword(input.currentPassword, current.password_hash))) {
    throw new ApiError(403, 'invalid_current_password', 'The current password is not correct');
  }
  assertPasswordFitsAccount(input.newPassword, current);
  const [passwordHash, session] = await Promise.all([
    hashPassword(input.newPassword),
    prepareSession(device),
  ]);
  // The session keeps the tenant of the token that asked, if the user is still a member of it.
  const tenantId = p.tenantId ?? current.tenant_id;
  const { rows } = await s.db.execute<{
    revoked_before: string | null;
    revocation_marks: unknown;
    session_ends: string;
    scope: { tenant_id: string; role: Role } | null;
  }>(sql`
    with revoked as (
      update users set password_hash = ${passwordHash},
        stream_tokens_revoked_before = ${REVOKED_UNTIL_NOW}
      where id = ${p.userId} returning id, stream_tokens_revoked_before as revoked_before),
    revocation_mark as (${upsertMarks(s, 'user', sql`select id::text from revoked`)}),
    signed_out as (
      update sessions set revoked_at = now(), revoked_reason = 'password_changed'
      where user_id = ${p.userId} and revoked_at is null and exists (select 1 from revoked)),
    -- A pending email change may be the work of whoever knew the old password: it dies with it.
    ${spendTokensCte('change_spent', sql`select id from revoked`, 'change_email')},
    scope as (
      select tenant_id, role from memberships where user_id = ${p.userId} and tenant_id = ${tenantId}::uuid),
    ${insertSession(session, sql`select id from revoked`, sql`select tenant_id from scope`)}
    select ${revocationColumns},
      (select expires_at from sess) as session_ends,
      (select row_to_json(scope) from scope) as scope`);
  const row = rows[0];
  if (!row?.session_ends) throw userGone();
  await pushRevocation(s, revocationOf(p.userId, row));
  return tokenPair(
    s,
    {
      userId: p.userId,
      sessionId: session.id,
      tenantId: row.scope?.tenant_id,
      role: row.scope?.role,
    },
    { token: session.refreshToken, expiresAt: row.session_ends },
  );
}
