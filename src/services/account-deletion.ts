/**
 * `DELETE /me`: erasing one's account (docs/account-deletion.md). After the password check, ONE
 * statement (with the caller's tenant rows locked in the same batch) decides and deletes: the
 * user row (its sessions, refresh tokens, memberships, channel memberships, blocks and sent
 * invitations go by cascade), the tenants where the user was the only member (with their
 * channels), the answered invitations addressed to their email, their email in audit details,
 * and writes the sync markers Stream must follow (`user`: no Stream user; `membership`: out of
 * each tenant they leave; `channel`: each channel they leave or that goes). Stream is then
 * brought in line inline; if it fails, the deletion stands and the queued repair (or the sweep)
 * finishes it: the account is gone, so there is nothing a retry could do.
 *
 * Round trips: 6 serial (4 for a user in no tenant): read the hash, the deletion, the removals
 * in parallel, then the user's delete; each converge reads its row before its Stream call.
 */
import { sql } from 'drizzle-orm';
import { verifyPassword } from '../auth/passwords';
import { ApiError, notFound } from '../core/errors';
import { errorFields, logFor } from '../runtime/safe-log';
import type { RequestServices } from '../runtime/services';
import { convergeChannel, convergeMembership, convergeUser } from '../sync/converge';
import { type Mark, repairLater, settle, toMarks, upsertMarks } from '../sync/outbox';

type Deletion = {
  /** Tenants where the user is the only admin and others remain: nothing was deleted. */
  blocking: Array<{ id: string; name: string }> | null;
  deleted: boolean;
  left_tenants: string[];
  gone_channels: string[];
  marks: unknown;
};

const userGone = () => notFound('This account no longer exists', 'user_not_found');

export async function deleteAccount(
  s: RequestServices,
  userId: string,
  password: string,
): Promise<void> {
  const { rows: found } = await s.db.execute<{ password_hash: string }>(
    sql`select password_hash from users where id = ${userId}`,
  );
  const current = found[0];
  if (!current) throw userGone();
  if (!(await verifyPassword(password, current.password_hash))) {
    // The same answer as POST /me/password gives.
    throw new ApiError(403, 'invalid_current_password', 'The current password is not correct');
  }
  const row = await deleteRows(s, userId);
  if (row.blocking && row.blocking.length > 0) {
    const names = row.blocking.map((t) => `"${t.name}"`).join(', ');
    throw new ApiError(
      409,
      'sole_admin',
      `You are the only admin of ${names}: make another member admin, or delete the tenant, first`,
      row.blocking.map((t) => ({ field: 'tenant', message: `${t.id} (${t.name})` })),
    );
  }
  if (!row.deleted) throw userGone();
  await pushDeletion(s, userId, row, toMarks(row.marks));
}

/**
 * The deletion, in one statement after locking the caller's tenants (so no concurrent promotion,
 * demotion or join can change "only admin" or "only member" under it).
 */
async function deleteRows(s: RequestServices, userId: string): Promise<Deletion> {
  const [, { rows }] = await s.db.batch([
    s.db.execute(sql`select t.id from tenants t join memberships m on m.tenant_id = t.id
      where m.user_id = ${userId} order by t.id for update of t`),
    s.db.execute<Deletion>(sql`
      with me as (select id, email from users where id = ${userId}),
      mine as (
        select m.tenant_id, m.role,
          (select count(*) from memberships o where o.tenant_id = m.tenant_id and o.user_id <> m.user_id) as others,
          (select count(*) from memberships o where o.tenant_id = m.tenant_id and o.user_id <> m.user_id
            and o.role = 'admin') as other_admins
        from memberships m where m.user_id = ${userId}),
      blocking as (
        select t.id, t.name from mine join tenants t on t.id = mine.tenant_id
        where mine.role = 'admin' and mine.others > 0 and mine.other_admins = 0),
      go as (select 1 from me where not exists (select 1 from blocking)),
      solo as (select tenant_id from mine where others = 0 and exists (select 1 from go)),
      kept as (select tenant_id from mine where others > 0 and exists (select 1 from go)),
      gone_channels as (select stream_id from channels where tenant_id in (select tenant_id from solo)),
      left_channels as (
        select c.stream_id from channel_members cm join channels c on c.id = cm.channel_id
        where cm.user_id = ${userId} and cm.tenant_id in (select tenant_id from kept)),
      del_tenants as (delete from tenants where id in (select tenant_id from solo) returning id),
      del_user as (delete from users where id = ${userId} and exists (select 1 from go) returning id),
      del_answers as (
        delete from invitations where lower(email) = lower((select email from me))
          and status <> 'pending' and exists (select 1 from go)),
      scrub_audit as (
        update audit_log set details = jsonb_set(details::jsonb, '{email}', 'null')::text
        where action = 'invitation.sent' and exists (select 1 from go)
          and tenant_id not in (select tenant_id from solo)
          and lower(details::jsonb ->> 'email') = lower((select email from me))),
      audit as (
        insert into audit_log (id, tenant_id, actor_id, action, target_type, target_id, details, request_id)
        select gen_random_uuid(), mine.tenant_id, null, 'member.account_deleted', 'member', ${userId},
          json_build_object('role', mine.role)::text, ${s.requestId ?? null}
        from mine where mine.tenant_id in (select tenant_id from kept)),
      mark_user as (${upsertMarks(s, 'user', sql`select id::text from del_user`)}),
      mark_memberships as (${upsertMarks(s, 'membership', sql`select tenant_id::text || ':' || ${userId} from kept`)}),
      mark_channels as (${upsertMarks(
        s,
        'channel',
        sql`select stream_id from gone_channels union select stream_id from left_channels`,
      )})
      select (select json_agg(blocking) from blocking) as blocking,
        exists (select 1 from del_user) as deleted,
        coalesce((select array_agg(tenant_id::text) from kept), '{}') as left_tenants,
        coalesce((select array_agg(stream_id) from gone_channels), '{}') as gone_channels,
        (select json_agg(m) from (select * from mark_user union all select * from mark_memberships
          union all select * from mark_channels) m) as marks`),
  ]);
  return rows[0]!;
}

/**
 * Stream after the database: out of every channel of the tenants they leave, the channels of the
 * tenants that went deleted, then the Stream user deleted (ACCOUNT_DELETION_MESSAGES says what
 * becomes of their messages). A failure leaves the markers to their repair; the answer stays 204.
 */
async function pushDeletion(s: RequestServices, userId: string, row: Deletion, marks: Mark[]) {
  try {
    await Promise.all([
      ...row.left_tenants.map((tenantId) => convergeMembership(s, `${tenantId}:${userId}`)),
      ...row.gone_channels.map((streamId) => convergeChannel(s, streamId)),
    ]);
    await convergeUser(s, userId);
    settle(s, marks);
  } catch (err) {
    logFor(s, 'warn', { code: 'account_deletion_stream_queued', ...errorFields(err) });
    repairLater(s, marks);
  }
}
