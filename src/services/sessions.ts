/**
 * Sessions: one per signed-in device, holding a family of rotating refresh tokens (RFC 9700
 * §4.14). An access token (15 min) carries its session id (`sid`); a refresh exchanges the
 * current refresh token for a new pair in ONE database statement that also re-reads the role
 * (so a role change or a removal applies at the next refresh). Reusing a rotated token after the
 * grace window revokes the whole session; a revoked session's access tokens die at their `exp`.
 */
import { type SQL, sql } from 'drizzle-orm';
import {
  hashRefreshToken,
  newRefreshToken,
  REFRESH_REUSE_GRACE_SECONDS,
  SESSION_IDLE_DAYS,
  SESSION_MAX_DAYS,
  sessionIdOf,
} from '../auth/refresh-tokens';
import { issueToken } from '../auth/tokens';
import { ApiError, badRequest, notFound, unauthorized } from '../core/errors';
import type { Principal, Role } from '../core/types';
import type { RequestServices, Services } from '../runtime/services';
import {
  pushRevocation,
  revocationColumns,
  revocationOf,
  revokeStreamTokens,
} from './stream-access';

/** Where a session was started from, as the client describes itself. */
export interface Device {
  label?: string;
  userAgent?: string;
}

/** A new session's id and first refresh token, before it is written. */
export interface NewSession {
  id: string;
  refreshToken: string;
  hash: string;
  label: string;
  userAgent: string;
}

/** A readable default label from the User-Agent ("Firefox on Linux" would need a UA parser). */
const labelFor = (device: Device) =>
  (device.label || device.userAgent || 'Unknown device').slice(0, 100);

export async function prepareSession(device: Device): Promise<NewSession> {
  const id = crypto.randomUUID();
  const refreshToken = newRefreshToken(id);
  return {
    id,
    refreshToken,
    hash: await hashRefreshToken(refreshToken),
    label: labelFor(device),
    userAgent: (device.userAgent ?? '').slice(0, 500),
  };
}

/**
 * The CTEs that write a session and its first refresh token (`sess`, `sess_token`), to put in
 * the statement that creates the user or checks the login: no extra round trip.
 */
export function insertSession(session: NewSession, userId: SQL, tenantId: SQL): SQL {
  return sql`sess as (
      insert into sessions (id, user_id, tenant_id, device_label, user_agent, expires_at, absolute_expires_at)
      select ${session.id}::uuid, (${userId}), (${tenantId}), ${session.label}, ${session.userAgent},
        now() + make_interval(days => ${SESSION_IDLE_DAYS}), now() + make_interval(days => ${SESSION_MAX_DAYS})
      where (${userId}) is not null
      returning expires_at),
    sess_token as (
      insert into refresh_tokens (token_hash, session_id)
      select ${session.hash}, ${session.id}::uuid from sess returning 1)`;
}

export interface TokenPair {
  token: string;
  expires_at: string;
  refresh_token: string;
  refresh_expires_at: string;
}

/** The access token for a session, with its refresh token, as every sign-in route answers. */
export async function tokenPair(
  s: Services,
  principal: Principal & { sessionId: string },
  refresh: { token: string; expiresAt: string | Date },
): Promise<TokenPair> {
  const { token, expiresAt } = await issueToken(
    principal,
    s.config.jwt.secret,
    s.config.jwt.ttlSeconds,
  );
  return {
    token,
    expires_at: expiresAt.toISOString(),
    refresh_token: refresh.token,
    refresh_expires_at: new Date(refresh.expiresAt).toISOString(),
  };
}

type RefreshRow = {
  status: 'ok' | 'revoked' | 'expired' | 'reused';
  revoked_before: string | null;
  revocation_marks: unknown;
  user_id: string;
  session_id: string;
  email: string;
  name: string;
  scope: { tenant_id: string; role: Role; name: string } | null;
  refresh_expires_at: string | null;
  issued: boolean;
};

/**
 * `POST /auth/refresh`: one statement decides, rotates, re-reads the role and answers. A reused
 * token ends its session and the user's Stream tokens in that statement.
 */
export async function refresh(
  s: RequestServices,
  input: { refreshToken: string; tenantId?: string },
) {
  const hash = await hashRefreshToken(input.refreshToken);
  const next = newRefreshToken(sessionIdOf(input.refreshToken));
  const nextHash = await hashRefreshToken(next);
  const requested = input.tenantId ?? null;
  const { rows } = await s.db.execute<RefreshRow>(sql`
    with tok as (
      select t.session_id, t.rotated_at, s.user_id, s.tenant_id as session_tenant, s.revoked_at,
        least(s.expires_at, s.absolute_expires_at) as ends_at
      from refresh_tokens t join sessions s on s.id = t.session_id
      where t.token_hash = ${hash}),
    verdict as (
      select tok.*, case
        when revoked_at is not null then 'revoked'
        when ends_at <= now() then 'expired'
        when rotated_at < now() - make_interval(secs => ${REFRESH_REUSE_GRACE_SECONDS}) then 'reused'
        else 'ok' end as status
      from tok),
    scope as (
      select m.tenant_id, m.role, t.name from memberships m join tenants t on t.id = m.tenant_id
      where m.user_id = (select user_id from verdict)
        and m.tenant_id = coalesce(${requested}::uuid, (select session_tenant from verdict))),
    reuse as (
      update sessions set revoked_at = now(), revoked_reason = 'refresh_token_reused'
      where id = (select session_id from verdict where status = 'reused') returning user_id),
    ${revokeStreamTokens(s, sql`select user_id from reuse`)},
    rotate as (
      update refresh_tokens set rotated_at = coalesce(rotated_at, now())
      where token_hash = ${hash} and (select status from verdict) = 'ok'
        and (${requested}::uuid is null or exists (select 1 from scope))
      returning session_id),
    issue as (
      insert into refresh_tokens (token_hash, session_id)
      select ${nextHash}, session_id from rotate returning 1),
    touch as (
      update sessions set last_used_at = now(), tenant_id = (select tenant_id from scope),
        expires_at = least(now() + make_interval(days => ${SESSION_IDLE_DAYS}), absolute_expires_at)
      where id = (select session_id from rotate)
      returning least(expires_at, absolute_expires_at) as ends_at)
    select v.status, v.user_id, v.session_id, u.email, u.name,
      (select row_to_json(scope) from scope) as scope,
      (select ends_at from touch) as refresh_expires_at,
      exists (select 1 from issue) as issued, ${revocationColumns}
    from verdict v join users u on u.id = v.user_id`);
  const row = rows[0];
  if (!row)
    throw unauthorized('The refresh token is not valid; log in again', 'invalid_refresh_token');
  if (row.status === 'reused') {
    await pushRevocation(s, revocationOf(row.user_id, row));
    throw unauthorized(
      'This refresh token was already used; the session is signed out everywhere it was copied to. Log in again',
      'refresh_token_reused',
    );
  }
  if (row.status === 'revoked') {
    throw unauthorized('This session was signed out; log in again', 'session_revoked');
  }
  if (row.status === 'expired') {
    throw unauthorized('The session has expired; log in again', 'refresh_token_expired');
  }
  if (!row.issued) {
    throw new ApiError(403, 'not_a_member', 'You are not a member of this tenant');
  }
  const scope = row.scope;
  const pair = await tokenPair(
    s,
    {
      userId: row.user_id,
      sessionId: row.session_id,
      tenantId: scope?.tenant_id,
      role: scope?.role,
    },
    { token: next, expiresAt: row.refresh_expires_at! },
  );
  return {
    ...pair,
    user: { id: row.user_id, email: row.email, name: row.name },
    ...(scope ? { tenant: { id: scope.tenant_id, name: scope.name }, role: scope.role } : {}),
  };
}

const requireSession = (p: Principal): string => {
  if (!p.sessionId) {
    throw badRequest('no_session', 'This token was issued without a session; log in again');
  }
  return p.sessionId;
};

/**
 * Signs out sessions of the user matching `which`, and refuses the Stream tokens the user was
 * issued until now (Stream tokens belong to the user, not the session: other devices fetch new
 * ones from `GET /stream/token`). The count of sessions signed out.
 */
async function revoke(
  s: RequestServices,
  userId: string,
  which: SQL,
  reason: string,
): Promise<number> {
  const { rows } = await s.db.execute<{
    n: number;
    revoked_before: string | null;
    revocation_marks: unknown;
  }>(sql`
    with ended as (
      update sessions set revoked_at = now(), revoked_reason = ${reason}
      where user_id = ${userId} and revoked_at is null and ${which}
      returning 1),
    ${revokeStreamTokens(s, sql`select ${userId}::uuid where exists (select 1 from ended)`)}
    select (select count(*)::int from ended) as n, ${revocationColumns}`);
  await pushRevocation(s, revocationOf(userId, rows[0]));
  return rows[0]?.n ?? 0;
}

/** `POST /auth/logout`: this session (idempotent). */
export async function logout(s: RequestServices, p: Principal): Promise<void> {
  await revoke(s, p.userId, sql`id = ${requireSession(p)}`, 'logout');
}

/** `DELETE /me/sessions`: every session, this one included. */
export async function logoutEverywhere(s: RequestServices, p: Principal): Promise<void> {
  await revoke(s, p.userId, sql`true`, 'logout_all');
}

/** `DELETE /me/sessions/{id}`: one of the caller's sessions (404 for anyone else's). */
export async function removeSession(
  s: RequestServices,
  p: Principal,
  sessionId: string,
): Promise<void> {
  const n = await revoke(s, p.userId, sql`id = ${sessionId}`, 'device_removed');
  if (n === 0) throw notFound('No such active session', 'session_not_found');
}

export interface SessionView {
  id: string;
  device_label: string;
  user_agent: string;
  created_at: string;
  last_used_at: string;
  expires_at: string;
  current: boolean;
}

/** `GET /me/sessions`: the caller's active sessions, most recently used first. */
export async function listSessions(s: Services, p: Principal): Promise<SessionView[]> {
  const { rows } = await s.db.execute<Omit<SessionView, 'current'>>(sql`
    select id, device_label, user_agent, created_at, last_used_at,
      least(expires_at, absolute_expires_at) as expires_at
    from sessions
    where user_id = ${p.userId} and revoked_at is null and least(expires_at, absolute_expires_at) > now()
    order by last_used_at desc, created_at desc`);
  const iso = (v: unknown) => new Date(String(v)).toISOString();
  return rows.map((r) => ({
    ...r,
    created_at: iso(r.created_at),
    last_used_at: iso(r.last_used_at),
    expires_at: iso(r.expires_at),
    current: r.id === p.sessionId,
  }));
}
