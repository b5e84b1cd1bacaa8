/**
 * `DELETE /tenants/{id}` (admin, with the tenant's current name as confirmation): the tenant row
 * goes with everything that hangs on it by cascade (memberships, channels and their members,
 * invitations, bans, reports, the word filter, message deletions and the tenant's audit log), in
 * one statement with the markers Stream must follow (`channel`: each channel, which its converge
 * hard-deletes in Stream; `user`: each former member, whose Stream teams lose the tenant).
 * Stream is then brought in line inline; if it fails, the deletion stands (the id is gone, so a
 * retry could only answer 404) and the queued repair or the sweep finishes it.
 *
 * Round trips: 4 serial: the locked deletion; the channels' deletes and the members' upserts in
 * parallel, each converge reading its row before its Stream call; the scan for channels left in
 * Stream. The markers are cleared after the response.
 */
import { sql } from 'drizzle-orm';
import { ApiError, forbidden, notFound } from '../core/errors';
import type { Role } from '../core/types';
import { errorFields, logFor } from '../runtime/safe-log';
import type { RequestServices } from '../runtime/services';
import * as stream from '../stream/gateway';
import { convergeChannel } from '../sync/converge';
import { repairLater, settle, toMarks, upsertMarks } from '../sync/outbox';
import { streamUser, type UserProjection } from '../sync/projection';

type TenantDeletion = {
  caller_role: Role | null;
  name: string | null;
  deleted: boolean;
  channels: string[];
  users: UserProjection[] | null;
  marks: unknown;
};

/** Stream's upsert takes at most 100 users per call. */
const UPSERT_BATCH = 100;

export async function deleteTenant(
  s: RequestServices,
  callerId: string,
  tenantId: string,
  confirmName: string,
): Promise<void> {
  const [, { rows }] = await s.db.batch([
    s.db.execute(sql`select id from tenants where id = ${tenantId} for update`),
    s.db.execute<TenantDeletion>(sql`
      with caller as (select role from memberships where tenant_id = ${tenantId} and user_id = ${callerId}),
      t as (select name from tenants where id = ${tenantId}),
      ok as (select 1 where (select role from caller) = 'admin' and (select name from t) = ${confirmName}),
      members as (select user_id from memberships where tenant_id = ${tenantId} and exists (select 1 from ok)),
      chans as (select stream_id from channels where tenant_id = ${tenantId} and exists (select 1 from ok)),
      del as (delete from tenants where id = ${tenantId} and exists (select 1 from ok) returning id),
      mark_users as (${upsertMarks(s, 'user', sql`select user_id::text from members`)}),
      mark_channels as (${upsertMarks(s, 'channel', sql`select stream_id from chans`)})
      select (select role from caller) as caller_role, (select name from t) as name,
        exists (select 1 from del) as deleted,
        coalesce((select array_agg(stream_id) from chans), '{}') as channels,
        -- Each former member as Stream must show them once the tenant is gone from their teams.
        (select json_agg(json_build_object('id', u.id, 'name', u.name,
            'revoked_before', u.stream_tokens_revoked_before,
            'teams', array(select m.tenant_id::text from memberships m
              where m.user_id = u.id and m.tenant_id <> ${tenantId} order by 1)))
          from users u where u.id in (select user_id from members)) as users,
        (select json_agg(m) from (select * from mark_users union all select * from mark_channels) m) as marks`),
  ]);
  const row = rows[0]!;
  if (!row.caller_role) throw notFound('No such tenant', 'tenant_not_found');
  if (row.caller_role !== 'admin') {
    throw forbidden('Only an admin of this tenant can delete it', 'insufficient_role');
  }
  if (!row.deleted) {
    throw new ApiError(
      409,
      'confirm_name_mismatch',
      "confirm_name must be the tenant's current name, exactly",
    );
  }
  // The tenant's audit log went with it; this line is what remains of the deletion.
  logFor(s, 'info', { code: 'tenant_deleted', tenant_id: tenantId, actor_id: callerId });
  const marks = toMarks(row.marks);
  try {
    const client = await s.stream();
    const users = (row.users ?? []).map((u) => streamUser(s.config, u));
    const batches = [];
    for (let i = 0; i < users.length; i += UPSERT_BATCH) {
      batches.push(users.slice(i, i + UPSERT_BATCH));
    }
    await Promise.all([
      ...row.channels.map((streamId) => convergeChannel(s, streamId)),
      ...batches.map((batch) => stream.upsertUsers(client, batch)),
    ]);
    // Then any channel still tagged with the tenant (made in Stream outside the API): the
    // tenant's team goes whole. (The sweep's orphan scan would find them too, later.)
    const left = await stream.tenantChannels(client, tenantId);
    await Promise.all(left.map((ch) => stream.hardDeleteChannel(client, ch.id, ch.type)));
    settle(s, marks);
  } catch (err) {
    logFor(s, 'warn', { code: 'tenant_deletion_stream_queued', ...errorFields(err) });
    repairLater(s, marks);
  }
}
