/**
 * Bans: a member kept from sending in the whole tenant or one channel, for a time or until
 * lifted. The row is the truth; every send path asks it (`POST /messages` answers 403 `banned`,
 * the before-send hook refuses direct sends), and Stream mirrors it as channel bans on the member's
 * channels of the tenant (the `membership` aggregate's repair), so Stream refuses even when the
 * hook cannot answer. Moderators ban members; admins ban moderators and members; nobody bans an
 * admin. A ban stands whatever Stream does: a 5xx means Stream is not in line yet, and the repair
 * (or a retry) brings it there.
 */
import { type SQL, sql } from 'drizzle-orm';
import { ApiError, forbidden, notFound } from '../core/errors';
import type { Role, TenantPrincipal } from '../core/types';
import type { RequestServices, Services } from '../runtime/services';
import { convergeMembership } from '../sync/converge';
import { membershipKey, toMarks, upsertMarks } from '../sync/outbox';
import { pushOrUndo } from '../sync/push';
import { auditRow } from './audit';
import { assertCurrentRole, currentRole } from './current-role';

export type BanView = {
  user_id: string;
  user_name: string;
  /** The channel it applies to; null for the whole tenant. */
  channel_stream_id: string | null;
  reason: string;
  created_by: string | null;
  created_at: string;
  /** null: until lifted. */
  expires_at: string | null;
};

const MODERATORS: readonly Role[] = ['admin', 'moderator'];
const NO_CHANNEL = sql`'00000000-0000-0000-0000-000000000000'::uuid`;

const channelNotFound = () => notFound('No such channel in this tenant', 'channel_not_found');
const memberNotFound = () => notFound('No such member in this tenant', 'member_not_found');

/** Whom a role may ban: moderators members; admins moderators and members; admins nobody bans. */
export function assertMayBan(caller: Role, target: Role): void {
  if (target === 'admin') {
    throw new ApiError(403, 'cannot_ban_admin', 'An admin cannot be banned');
  }
  if (caller !== 'admin' && target !== 'member') {
    throw forbidden('Only an admin can ban a moderator', 'insufficient_role');
  }
}

const iso = (value: unknown) => (value ? new Date(String(value)).toISOString() : null);

/** True in SQL when `caller` may ban `target` (roles): the rule of `assertMayBan`. */
export const mayBan = (caller: SQL, target: SQL) => sql`(${caller} = 'admin'
  and ${target} in ('moderator', 'member') or ${caller} = 'moderator' and ${target} = 'member')`;

/**
 * The insert of a ban (in the tenant, or the channel `channelId` when that is not null), when
 * `when` holds; a second ban of the same scope renews the first. Returns the row.
 */
export function banInsert(ban: {
  tenantId: string;
  userId: SQL;
  channelId: SQL;
  by: string;
  minutes: number | undefined;
  reason: string | SQL;
  when: SQL;
}): SQL {
  const minutes = ban.minutes ?? null;
  return sql`insert into bans (id, tenant_id, user_id, channel_id, created_by, reason, expires_at)
    select ${crypto.randomUUID()}, ${ban.tenantId}, ${ban.userId}, ${ban.channelId}, ${ban.by},
      ${ban.reason},
      case when ${minutes}::int is null then null else now() + make_interval(mins => ${minutes}::int) end
    where ${ban.when}
    on conflict (tenant_id, user_id, coalesce(channel_id, ${NO_CHANNEL})) do update set
      reason = excluded.reason, expires_at = excluded.expires_at,
      created_by = excluded.created_by, created_at = now()
    returning id, user_id, reason, created_by, created_at, expires_at`;
}

/** Mirrors the tenant's bans of `userId` into Stream now (a 5xx: the repair finishes it). */
export async function pushBans(s: RequestServices, marks: unknown, key: string) {
  await pushOrUndo(s, toMarks(marks), () => convergeMembership(s, key));
}

/** `POST /moderation/bans`: bans a member in the tenant or one channel; again renews it. */
export async function ban(
  s: RequestServices,
  p: TenantPrincipal,
  input: { userId: string; channelStreamId?: string; minutes?: number; reason: string },
): Promise<BanView> {
  const key = membershipKey(p.tenantId, input.userId);
  const { rows } = await s.db.execute<{
    caller_role: Role | null;
    target_role: Role | null;
    channel_found: boolean;
    row: (Omit<BanView, 'channel_stream_id'> & { id: string }) | null;
    marks: unknown;
  }>(sql`
    with caller as (select ${currentRole(p.tenantId, p.userId)} as role),
    target as (
      select m.role, u.name from memberships m join users u on u.id = m.user_id
      where m.tenant_id = ${p.tenantId} and m.user_id = ${input.userId}),
    ch as (select id from channels where stream_id = ${input.channelStreamId ?? null}::text
      and tenant_id = ${p.tenantId} and status = 'active'),
    ins as (${banInsert({
      tenantId: p.tenantId,
      userId: sql`${input.userId}::uuid`,
      channelId: sql`(select id from ch)`,
      by: p.userId,
      minutes: input.minutes,
      reason: input.reason,
      when: sql`${mayBan(sql`(select role from caller)`, sql`(select role from target)`)}
        and (${input.channelStreamId ?? null}::text is null or exists (select 1 from ch))`,
    })}),
    mark as (${upsertMarks(s, 'membership', sql`select ${key}::text where exists (select 1 from ins)`)}),
    audit as (${auditRow(s, {
      tenantId: p.tenantId,
      actorId: p.userId,
      action: 'ban.created',
      targetType: 'member',
      targetId: input.userId,
      details: {
        channel_stream_id: input.channelStreamId ?? null,
        minutes: input.minutes ?? null,
        reason: input.reason,
      },
      when: sql`exists (select 1 from ins)`,
    })})
    select (select role from caller) as caller_role, (select role from target) as target_role,
      exists (select 1 from ch) as channel_found,
      (select row_to_json(r) from (select ins.*, (select name from target) as user_name from ins) r) as row,
      (select json_agg(mark) from mark) as marks`);
  const row = rows[0]!;
  assertCurrentRole(row.caller_role, MODERATORS);
  if (!row.target_role) throw memberNotFound();
  assertMayBan(row.caller_role!, row.target_role);
  if (input.channelStreamId !== undefined && !row.channel_found) throw channelNotFound();
  const banned = row.row!;
  await pushBans(s, row.marks, key);
  return {
    user_id: banned.user_id,
    user_name: banned.user_name,
    channel_stream_id: input.channelStreamId ?? null,
    reason: banned.reason,
    created_by: banned.created_by,
    created_at: iso(banned.created_at)!,
    expires_at: iso(banned.expires_at),
  };
}

/** `GET /moderation/bans`: the tenant's bans in force, newest first. */
export async function listBans(s: Services, p: TenantPrincipal): Promise<BanView[]> {
  const { rows } = await s.db.execute<BanView & { caller_role: Role | null }>(sql`
    select ${currentRole(p.tenantId, p.userId)} as caller_role, b.user_id, u.name as user_name,
      c.stream_id as channel_stream_id, b.reason, b.created_by, b.created_at, b.expires_at
    from (select 1) one
    left join bans b on b.tenant_id = ${p.tenantId} and (b.expires_at is null or b.expires_at > now())
    left join users u on u.id = b.user_id
    left join channels c on c.id = b.channel_id
    order by b.created_at desc nulls last limit 500`);
  assertCurrentRole(rows[0]?.caller_role, MODERATORS);
  return rows
    .filter((r) => r.user_id)
    .map(({ caller_role: _, ...r }) => ({
      ...r,
      created_at: iso(r.created_at)!,
      expires_at: iso(r.expires_at),
    }));
}

/** Lifting: admins any ban; moderators a member's. */
const mayLift = (caller: SQL, target: SQL) =>
  sql`(${caller} = 'admin' or ${caller} = 'moderator' and ${target} = 'member')`;

/** `DELETE /moderation/bans/{user_id}`: lifts the tenant-wide ban, or the channel's. */
export async function liftBan(
  s: RequestServices,
  p: TenantPrincipal,
  input: { userId: string; channelStreamId?: string },
): Promise<void> {
  const key = membershipKey(p.tenantId, input.userId);
  const { rows } = await s.db.execute<{
    caller_role: Role | null;
    target_role: Role | null;
    lifted: boolean;
    marks: unknown;
  }>(sql`
    with caller as (select ${currentRole(p.tenantId, p.userId)} as role),
    target as (select role from memberships where tenant_id = ${p.tenantId} and user_id = ${input.userId}),
    ch as (select id from channels where stream_id = ${input.channelStreamId ?? null}::text
      and tenant_id = ${p.tenantId}),
    del as (
      delete from bans b
      where b.tenant_id = ${p.tenantId} and b.user_id = ${input.userId}
        and coalesce(b.channel_id, ${NO_CHANNEL}) = coalesce((select id from ch), ${NO_CHANNEL})
        and (${input.channelStreamId ?? null}::text is null or exists (select 1 from ch))
        and ${mayLift(sql`(select role from caller)`, sql`(select role from target)`)}
      returning 1),
    mark as (${upsertMarks(s, 'membership', sql`select ${key}::text where exists (select 1 from del)`)}),
    audit as (${auditRow(s, {
      tenantId: p.tenantId,
      actorId: p.userId,
      action: 'ban.lifted',
      targetType: 'member',
      targetId: input.userId,
      details: { channel_stream_id: input.channelStreamId ?? null },
      when: sql`exists (select 1 from del)`,
    })})
    select (select role from caller) as caller_role, (select role from target) as target_role,
      exists (select 1 from del) as lifted, (select json_agg(mark) from mark) as marks`);
  const row = rows[0]!;
  assertCurrentRole(row.caller_role, MODERATORS);
  if (!row.target_role) throw memberNotFound();
  if (!row.lifted) {
    if (row.caller_role !== 'admin' && row.target_role !== 'member') {
      throw forbidden('Only an admin can lift the ban of a moderator', 'insufficient_role');
    }
    throw notFound('No such ban', 'ban_not_found');
  }
  await pushBans(s, row.marks, key);
}
