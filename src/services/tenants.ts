/**
 * Tenants and membership. Tenant management checks the caller's role in the database, in the
 * same statement that acts (a stale token must not let a removed admin manage the tenant).
 * Stream is touched when a member leaves (out of the tenant's channels) and, with Stream
 * multi-tenancy on, to keep the user's `teams` in step; each such write leaves sync markers
 * (src/sync/outbox.ts) in the same statement and pushes inline through the converge functions.
 */
import { sql } from 'drizzle-orm';
import { issueToken } from '../auth/tokens';
import { ApiError, forbidden, notFound } from '../core/errors';
import type { Principal, Role } from '../core/types';
import { isForeignKeyViolation } from '../db/errors';
import type { RequestServices, Services } from '../runtime/services';
import { convergeMembership, convergeUser } from '../sync/converge';
import { membershipKey, toMarks, upsertMarks } from '../sync/outbox';
import { pushOrUndo } from '../sync/push';
import { repairNow } from '../sync/repair';
import { auditRow } from './audit';
import { withdrawInvitationsOf } from './invitations';
import { revokeStreamTokens } from './stream-access';
import { pushTeams, type StreamUserRow, teamsMark, userJoining } from './teams';

export type Member = {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  joined_at: string;
};

const tenantNotFound = () => notFound('No such tenant', 'tenant_not_found');
const iso = (value: unknown) => new Date(String(value)).toISOString();

/** In the order the caller joined them: the first is the one login scopes to by default. */
export async function listTenants(s: Services, userId: string) {
  const { rows } = await s.db.execute<{
    id: string;
    name: string;
    role: Role;
    created_at: string;
  }>(sql`
    select t.id, t.name, m.role, t.created_at
    from memberships m join tenants t on t.id = m.tenant_id
    where m.user_id = ${userId}
    order by m.created_at, t.id`);
  return rows.map((r) => ({ ...r, created_at: iso(r.created_at) }));
}

/** The caller's session follows the tenant of its newest token (a refresh keeps it). */
const scopeSession = (p: Principal, tenantId: string) =>
  sql`update sessions set tenant_id = ${tenantId}
    where id = ${p.sessionId ?? null}::uuid and user_id = ${p.userId}`;

export async function createTenant(s: RequestServices, p: Principal, name: string) {
  const userId = p.userId;
  const id = crypto.randomUUID();
  // Tenant, its first admin and the creator's teams marker in one statement.
  const { rows } = await s.db
    .execute<{
      name: string;
      created_at: string;
      marks: unknown;
      user: StreamUserRow | null;
    }>(sql`
    with t as (
      insert into tenants (id, name, created_by) values (${id}, ${name}, ${userId})
      returning name, created_at),
    m as (insert into memberships (tenant_id, user_id, role) values (${id}, ${userId}, 'admin')),
    mark as (${teamsMark(s, sql`select ${userId}::text`)}),
    scoped as (${scopeSession(p, id)}),
    audit as (${auditRow(s, {
      tenantId: id,
      actorId: userId,
      action: 'tenant.created',
      targetType: 'tenant',
      targetId: id,
      details: { name },
      when: sql`exists (select 1 from t)`,
    })})
    select t.name, t.created_at, (select json_agg(mark) from mark) as marks,
      ${userJoining(sql`${userId}::uuid`, id)} as user
    from t`)
    .catch((err: unknown) => {
      // The only foreign key a new tenant can miss is its creator: an access token that
      // outlived its account (DELETE /me).
      if (isForeignKeyViolation(err)) {
        throw notFound('This account no longer exists', 'user_not_found');
      }
      throw err;
    });
  const tenant = rows[0]!;
  await pushTeams(s, tenant.user, toMarks(tenant.marks), () =>
    s.db.execute(sql`delete from tenants where id = ${id}`),
  );
  const { token } = await issueToken(
    { userId, tenantId: id, role: 'admin', sessionId: p.sessionId },
    s.config.jwt.secret,
    s.config.jwt.ttlSeconds,
  );
  return {
    tenant: { id, name: tenant.name, created_at: iso(tenant.created_at) },
    role: 'admin' as const,
    token,
  };
}

/** Lists members; the caller must be one (else 404: a tenant's existence is not revealed). */
export async function listMembers(
  s: Services,
  callerId: string,
  tenantId: string,
): Promise<Member[]> {
  const { rows } = await s.db.execute<Member>(sql`
    select m.user_id, u.email, u.name, m.role, m.created_at as joined_at
    from memberships m join users u on u.id = m.user_id
    where m.tenant_id = ${tenantId}
      and exists (select 1 from memberships me where me.tenant_id = ${tenantId} and me.user_id = ${callerId})
    order by m.created_at, u.id`);
  if (rows.length === 0) throw tenantNotFound();
  return rows.map((r) => ({ ...r, joined_at: iso(r.joined_at) }));
}

// Serialises membership changes per tenant: with the tenant row locked, the "is this the last
// admin?" count cannot be raced by a concurrent demotion (each batch is one transaction).
const lockTenant = (s: Services, tenantId: string) =>
  s.db.execute(sql`select id from tenants where id = ${tenantId} for update`);

/** The CTEs every membership change reads: the caller's and the target's role, the admin count. */
const changeContext = (tenantId: string, callerId: string, userId: string) => sql`
  caller as (select role from memberships where tenant_id = ${tenantId} and user_id = ${callerId}),
  target as (select role from memberships where tenant_id = ${tenantId} and user_id = ${userId}),
  admins as (select count(*) as n from memberships where tenant_id = ${tenantId} and role = 'admin')`;

type MembershipChange = {
  caller_role: Role | null;
  target_role: Role | null;
  changed: { role: Role; created_at: string } | null;
};

function checkChange(row: MembershipChange, callerIsTarget: boolean, action: string): void {
  if (!row.caller_role) throw tenantNotFound();
  if (row.caller_role !== 'admin' && !callerIsTarget) {
    throw forbidden('Only an admin of this tenant can manage its members', 'insufficient_role');
  }
  if (!row.target_role) throw notFound('No such member in this tenant', 'member_not_found');
  if (!row.changed) {
    throw new ApiError(409, 'last_admin', `The last admin of a tenant cannot be ${action}`);
  }
}

/** A role change; a demoted admin's open invitations are withdrawn in the same statement. */
export async function changeRole(
  s: Services,
  callerId: string,
  tenantId: string,
  userId: string,
  role: Role,
): Promise<Member> {
  const [, { rows }] = await s.db.batch([
    lockTenant(s, tenantId),
    s.db.execute<MembershipChange & { email: string; name: string }>(sql`
      with ${changeContext(tenantId, callerId, userId)},
      upd as (
        update memberships set role = ${role}::member_role
        where tenant_id = ${tenantId} and user_id = ${userId}
          and (select role from caller) = 'admin'
          and not ((select role from target) = 'admin' and ${role}::member_role <> 'admin'
                   and (select n from admins) <= 1)
        returning role, created_at),
      audit as (${auditRow(s, {
        tenantId,
        actorId: callerId,
        action: 'member.role_changed',
        targetType: 'member',
        targetId: userId,
        details: sql`json_build_object('role', ${role}::text, 'from', (select role from target))::text`,
        when: sql`exists (select 1 from upd)`,
      })}),
      ${withdrawInvitationsOf(s, {
        tenantId,
        inviterId: userId,
        actorId: callerId,
        when: sql`exists (select 1 from upd where role <> 'admin')`,
      })}
      select (select role from caller) as caller_role, (select role from target) as target_role,
        (select row_to_json(upd) from upd) as changed, u.email, u.name
      from (select 1) one left join users u on u.id = ${userId}`),
  ]);
  const row = rows[0]!;
  // Changing roles is admin-only, even for oneself.
  checkChange(row, false, 'demoted');
  return {
    user_id: userId,
    email: row.email,
    name: row.name,
    role: row.changed!.role,
    joined_at: iso(row.changed!.created_at),
  };
}

/**
 * Removes a member (an admin removing anyone, or a member leaving). In one batch: the
 * withdrawal of the open invitations they made in the tenant (src/services/invitations.ts), the
 * membership, their channel memberships in the tenant (the foreign key also takes any that a
 * concurrent send is writing), the refusal of their Stream tokens issued until now, and the
 * markers that Stream must follow (`membership`: out of every tenant channel; `channel`: each
 * channel they left; `user`: teams and the token revocation). Then Stream is brought in line
 * inline. The database's removal stands whatever Stream does: if Stream fails the request
 * answers 502/503/504, a repair is queued, and the admin's retry converges at once (204).
 */
export async function removeMember(
  s: RequestServices,
  callerId: string,
  tenantId: string,
  userId: string,
): Promise<void> {
  const key = membershipKey(tenantId, userId);
  const [, { rows }] = await s.db.batch([
    lockTenant(s, tenantId),
    s.db.execute<MembershipChange & { marks: unknown; unsynced: boolean }>(sql`
      with ${changeContext(tenantId, callerId, userId)},
      del as (
        delete from memberships
        where tenant_id = ${tenantId} and user_id = ${userId}
          and ((select role from caller) = 'admin' or ${callerId}::uuid = ${userId}::uuid)
          and not ((select role from target) = 'admin' and (select n from admins) <= 1)
        returning role, created_at),
      left_channels as (
        delete from channel_members cm using channels c
        where cm.channel_id = c.id and cm.tenant_id = ${tenantId} and cm.user_id = ${userId}
          and exists (select 1 from del)
        returning c.stream_id),
      ${revokeStreamTokens(s, sql`select ${userId}::uuid where exists (select 1 from del)`)},
      mark_membership as (${upsertMarks(s, 'membership', sql`select ${key}::text where exists (select 1 from del)`)}),
      mark_channels as (${upsertMarks(s, 'channel', sql`select stream_id from left_channels`)}),
      audit as (${auditRow(s, {
        tenantId,
        actorId: callerId,
        action: callerId === userId ? 'member.left' : 'member.removed',
        targetType: 'member',
        targetId: userId,
        details: sql`json_build_object('role', (select role from del))::text`,
        when: sql`exists (select 1 from del)`,
      })}),
      ${withdrawInvitationsOf(s, {
        tenantId,
        inviterId: userId,
        actorId: callerId,
        when: sql`exists (select 1 from del)`,
      })}
      select (select role from caller) as caller_role, (select role from target) as target_role,
        (select row_to_json(del) from del) as changed,
        (select json_agg(m) from (select * from mark_membership union all select * from mark_channels
          union all select * from revocation_mark) m) as marks,
        exists (select 1 from stream_sync where kind = 'membership' and key = ${key}) as unsynced`),
  ]);
  const row = rows[0]!;
  if (!row.target_role && row.unsynced && row.caller_role === 'admin') {
    return repairNow(s, [
      { kind: 'membership', key },
      { kind: 'user', key: userId },
    ]);
  }
  checkChange(row, callerId === userId, 'removed');
  // No undo: the removal is what revokes access, so it stands whatever Stream does. Out of
  // every Stream channel of the tenant (which is what the channel markers wait for), and the
  // Stream user without the tenant's team and with their old tokens refused.
  await pushOrUndo(s, toMarks(row.marks), () =>
    Promise.all([convergeMembership(s, key), convergeUser(s, userId)]),
  );
}

/** A token scoped to another tenant of the caller, without the password. */
export async function switchTenant(s: Services, p: Principal, tenantId: string) {
  const userId = p.userId;
  const { rows } = await s.db.execute<{ name: string; role: Role }>(sql`
    with m as (
      select t.name, m.role from memberships m join tenants t on t.id = m.tenant_id
      where m.tenant_id = ${tenantId} and m.user_id = ${userId}),
    scoped as (${scopeSession(p, tenantId)} and exists (select 1 from m))
    select name, role from m`);
  const row = rows[0];
  if (!row) throw tenantNotFound();
  const { token, expiresAt } = await issueToken(
    { userId, tenantId, role: row.role, sessionId: p.sessionId },
    s.config.jwt.secret,
    s.config.jwt.ttlSeconds,
  );
  return {
    token,
    expires_at: expiresAt.toISOString(),
    tenant: { id: tenantId, name: row.name },
    role: row.role,
  };
}
