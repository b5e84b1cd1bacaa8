/**
 * Stream access ends when our database says so. Ending a session (sign-out, a device removed, a
 * reused refresh token, a password change) and a removal from a tenant refuse the user's Stream
 * tokens issued until that moment: the instant is stored on the user
 * (`stream_tokens_revoked_before`, part of the Stream user's projection) and pushed to Stream as
 * `revoke_tokens_issued_before`. If Stream cannot be told now, the user marker's repair tells it;
 * the revocation itself stands and the request answers as usual.
 *
 * Stream compares a token's `iat` in whole seconds, so the instant is the next whole second:
 * every token issued up to now is refused, and `GET /stream/token` signs new tokens only from
 * that second on (src/routes/stream/stream.handlers.ts).
 */
import { type SQL, sql } from 'drizzle-orm';
import { unauthorized } from '../core/errors';
import type { Principal } from '../core/types';
import { errorFields, logFor } from '../runtime/safe-log';
import type { RequestServices, Services } from '../runtime/services';
import * as stream from '../stream/gateway';
import { type Mark, repairLater, settle, toMarks, upsertMarks } from '../sync/outbox';

/**
 * The new `users.stream_tokens_revoked_before`, for an UPDATE of the user's row that revokes:
 * the next whole second, never moving an earlier revocation back. (A statement may update a row
 * once: one that also changes the user, like a password change, sets it in that same update.)
 */
export const REVOKED_UNTIL_NOW = sql`greatest(
  coalesce(users.stream_tokens_revoked_before, '-infinity'::timestamptz),
  date_trunc('second', now()) + interval '1 second')`;

/**
 * Two CTEs for a statement: `revoked` refuses the Stream tokens that the user `userId` (a scalar
 * SQL value; NULL revokes nothing) was issued until now, never moving an earlier revocation back,
 * and `revocation_mark` upserts their `user` marker. Select `revoked_before` from `revoked` and
 * `json_agg` of `revocation_mark` as `revocation_marks` for `revocationOf`.
 */
export const revokeStreamTokens = (s: Services, userId: SQL) => sql`
  revoked as (
    update users set stream_tokens_revoked_before = ${REVOKED_UNTIL_NOW}
    where id = (${userId}) returning id, stream_tokens_revoked_before as revoked_before),
  revocation_mark as (${upsertMarks(s, 'user', sql`select id::text from revoked`)})`;

/** The columns to select for `revocationOf`. */
export const revocationColumns = sql`(select revoked_before from revoked) as revoked_before,
  (select json_agg(revocation_mark) from revocation_mark) as revocation_marks`;

/** What a statement that revoked returns. */
export interface Revocation {
  userId: string;
  revokedBefore: string | Date;
  marks: Mark[];
}

export const revocationOf = (
  userId: string,
  row: { revoked_before: string | Date | null; revocation_marks: unknown } | undefined,
): Revocation | undefined =>
  row?.revoked_before
    ? { userId, revokedBefore: row.revoked_before, marks: toMarks(row.revocation_marks) }
    : undefined;

/** Tells Stream; on failure the queued repair does (the revocation already stands). */
export async function pushRevocation(s: RequestServices, r: Revocation | undefined): Promise<void> {
  if (!r) return;
  try {
    await stream.revokeUserTokens(await s.stream(), r.userId, new Date(r.revokedBefore));
    settle(s, r.marks);
  } catch (err) {
    logFor(s, 'warn', {
      code: 'stream_token_revocation_queued',
      user_id: r.userId,
      ...errorFields(err),
    });
    repairLater(s, r.marks);
  }
}

const sessionEnded = () => unauthorized('This session has ended; log in again', 'session_ended');

const tenantAccessEnded = () =>
  unauthorized(
    "You are no longer a member of this token's tenant; refresh the token or log in again",
    'tenant_access_ended',
  );

/**
 * For `GET /stream/token`, one read: the caller's session must still be active (not signed out,
 * not ended by a password change or a reused refresh token, not expired), and a token scoped to
 * a tenant must still belong to a member of it. Returns the earliest instant a new Stream token
 * may be issued at: after a revocation, Stream refuses tokens whose `iat` is earlier, so signing
 * must wait for it (at most a second).
 */
export async function streamTokenNotBefore(s: Services, p: Principal): Promise<number> {
  if (!p.sessionId) throw sessionEnded();
  const { rows } = await s.db.execute<{
    active: boolean;
    in_tenant: boolean;
    revoked_before: string | null;
  }>(sql`
    select s.revoked_at is null and least(s.expires_at, s.absolute_expires_at) > now() as active,
      (${p.tenantId ?? null}::uuid is null or exists (select 1 from memberships m
        where m.tenant_id = ${p.tenantId ?? null}::uuid and m.user_id = s.user_id)) as in_tenant,
      u.stream_tokens_revoked_before as revoked_before
    from sessions s join users u on u.id = s.user_id
    where s.id = ${p.sessionId} and s.user_id = ${p.userId}`);
  const row = rows[0];
  if (!row?.active) throw sessionEnded();
  if (!row.in_tenant) throw tenantAccessEnded();
  return row.revoked_before ? Date.parse(new Date(row.revoked_before).toISOString()) : 0;
}
