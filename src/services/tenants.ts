/**
 * Tenants and membership. Tenant management checks the caller's role in the database, in the
 * same statement that acts (a stale token must not let a removed admin manage the tenant), so
 * each route is one DB trip. Stream is touched only when a member leaves (their channel
 * memberships go) or, with Stream multi-tenancy on, to keep the user's `teams` in step.
 */
import { sql } from 'drizzle-orm';
import { issueToken } from '../auth/tokens';
import { memberships, tenants } from '../db/schema';
import { ApiError, conflict, forbidden, notFound } from '../lib/errors';
import type { Role, Services } from '../lib/types';
import {
  channelsWithMember,
  removeMember as removeStreamMember,
  upsertUser,
} from '../stream/gateway';
import { forgetChannelMember } from './channel-directory';
import { compensate } from './compensate';

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

/** Stream multi-tenancy: a user's teams are the tenants they belong to. */
async function syncTeams(s: Services, userId: string): Promise<void> {
  if (!s.config.stream.multiTenant) return;
  const { rows } = await s.db.execute<{ name: string; teams: string[] }>(sql`
    select u.name, coalesce(array_agg(m.tenant_id::text) filter (where m.tenant_id is not null), '{}') as teams
    from users u left join memberships m on m.user_id = u.id
    where u.id = ${userId} group by u.id`);
  const row = rows[0];
  if (row) await upsertUser(await s.stream(), { id: userId, name: row.name, teams: row.teams });
}

export async function createTenant(s: Services, userId: string, name: string) {
  const id = crypto.randomUUID();
  // Tenant and its first admin in one batch: one trip, one transaction.
  const [[tenant]] = await s.db.batch([
    s.db.insert(tenants).values({ id, name, createdBy: userId }).returning(),
    s.db.insert(memberships).values({ tenantId: id, userId, role: 'admin' }),
  ]);
  try {
    await syncTeams(s, userId);
  } catch (err) {
    await compensate('createTenant: delete tenant', () =>
      s.db.execute(sql`delete from tenants where id = ${id}`),
    );
    throw err;
  }
  const { token } = await issueToken(
    { userId, tenantId: id, role: 'admin' },
    s.config.jwt.secret,
    s.config.jwt.ttlSeconds,
  );
  return {
    tenant: { id, name: tenant!.name, created_at: tenant!.createdAt.toISOString() },
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

function requireAdmin(callerRole: Role | null): void {
  if (!callerRole) throw tenantNotFound();
  if (callerRole !== 'admin') {
    throw forbidden('Only an admin of this tenant can manage its members', 'insufficient_role');
  }
}

export async function addMember(
  s: Services,
  callerId: string,
  tenantId: string,
  input: { email: string; role: Role },
): Promise<Member> {
  const { rows } = await s.db.execute<{
    caller_role: Role | null;
    target: { id: string; email: string; name: string } | null;
    inserted: { role: Role; created_at: string } | null;
  }>(sql`
    with caller as (select role from memberships where tenant_id = ${tenantId} and user_id = ${callerId}),
    target as (select id, email, name from users where lower(email) = lower(${input.email})),
    ins as (
      insert into memberships (tenant_id, user_id, role)
      select ${tenantId}, target.id, ${input.role}::member_role from target
      where (select role from caller) = 'admin'
      on conflict do nothing
      returning role, created_at)
    select (select role from caller) as caller_role,
      (select row_to_json(target) from target) as target,
      (select row_to_json(ins) from ins) as inserted`);
  const row = rows[0]!;
  requireAdmin(row.caller_role);
  if (!row.target) throw notFound('No user has this email', 'user_not_found');
  if (!row.inserted) throw conflict('This user is already a member', 'already_member');
  const member: Member = {
    user_id: row.target.id,
    email: row.target.email,
    name: row.target.name,
    role: row.inserted.role,
    joined_at: iso(row.inserted.created_at),
  };
  try {
    await syncTeams(s, member.user_id);
  } catch (err) {
    await compensate('addMember: delete membership', () =>
      s.db.execute(
        sql`delete from memberships where tenant_id = ${tenantId} and user_id = ${member.user_id}`,
      ),
    );
    throw err;
  }
  return member;
}

// Serialises membership changes per tenant: with the tenant row locked, the "is this the last
// admin?" count cannot be raced by a concurrent demotion (each batch is one transaction).
const lockTenant = (s: Services, tenantId: string) =>
  s.db.execute(sql`select id from tenants where id = ${tenantId} for update`);

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
      with caller as (select role from memberships where tenant_id = ${tenantId} and user_id = ${callerId}),
      target as (select role from memberships where tenant_id = ${tenantId} and user_id = ${userId}),
      admins as (select count(*) as n from memberships where tenant_id = ${tenantId} and role = 'admin'),
      upd as (
        update memberships set role = ${role}::member_role
        where tenant_id = ${tenantId} and user_id = ${userId}
          and (select role from caller) = 'admin'
          and not ((select role from target) = 'admin' and ${role}::member_role <> 'admin'
                   and (select n from admins) <= 1)
        returning role, created_at)
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
 * Removes a member (an admin removing anyone, or a member leaving). The user is also removed
 * from the tenant's Stream channels so their Stream token stops reaching them; if that fails,
 * the membership is restored and the request fails (502/503/504).
 */
export async function removeMember(
  s: Services,
  callerId: string,
  tenantId: string,
  userId: string,
): Promise<void> {
  const [, { rows }] = await s.db.batch([
    lockTenant(s, tenantId),
    s.db.execute<MembershipChange>(sql`
      with caller as (select role from memberships where tenant_id = ${tenantId} and user_id = ${callerId}),
      target as (select role from memberships where tenant_id = ${tenantId} and user_id = ${userId}),
      admins as (select count(*) as n from memberships where tenant_id = ${tenantId} and role = 'admin'),
      del as (
        delete from memberships
        where tenant_id = ${tenantId} and user_id = ${userId}
          and ((select role from caller) = 'admin' or ${callerId}::uuid = ${userId}::uuid)
          and not ((select role from target) = 'admin' and (select n from admins) <= 1)
        returning role, created_at)
      select (select role from caller) as caller_role, (select role from target) as target_role,
        (select row_to_json(del) from del) as changed`),
  ]);
  const row = rows[0]!;
  checkChange(row, callerId === userId, 'removed');
  const removed = row.changed!;
  try {
    const client = await s.stream();
    const channelIds = await channelsWithMember(client, tenantId, userId);
    await Promise.all(channelIds.map((id) => removeStreamMember(client, id, userId)));
    // If they rejoin later, their first send must add them to the channel again.
    for (const id of channelIds) forgetChannelMember(id, userId);
    await syncTeams(s, userId);
  } catch (err) {
    await compensate('removeMember: restore membership', () =>
      s.db.execute(sql`
        insert into memberships (tenant_id, user_id, role, created_at)
        values (${tenantId}, ${userId}, ${removed.role}::member_role, ${removed.created_at}::timestamptz)
        on conflict do nothing`),
    );
    throw err;
  }
}

/** A token scoped to another tenant of the caller, without the password. */
export async function switchTenant(s: Services, userId: string, tenantId: string) {
  const { rows } = await s.db.execute<{ name: string; role: Role }>(sql`
    select t.name, m.role from memberships m join tenants t on t.id = m.tenant_id
    where m.tenant_id = ${tenantId} and m.user_id = ${userId}`);
  const row = rows[0];
  if (!row) throw tenantNotFound();
  const { token, expiresAt } = await issueToken(
    { userId, tenantId, role: row.role },
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
