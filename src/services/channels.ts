/**
 * Channels live in two stores: a row here (tenant, name, members) and a Stream channel (the
 * chat). The database is the truth and Stream its projection (src/sync/outbox.ts): every write
 * leaves a `channel` sync marker in the same statement as its change, pushes the change inline,
 * and on failure undoes its row change (only if nothing newer came) and queues a repair, which
 * converges Stream to whatever the row says once the write's grace period is over.
 *
 * Creation: the row, `active` at once, with its marker (a duplicate name or a lost role fails
 * here, before Stream is touched), then Stream creates the channel: 2 serial trips. The marker,
 * not a `pending` status, guarantees the repair: a failed create deletes the row (if nothing
 * newer came), and the repair then removes a Stream channel that landed late.
 * Updates and archiving: 2 serial trips (row with its previous values, then Stream).
 * Channel memberships need tenant memberships (a foreign key): a write that races a removal from
 * the tenant fails as if the removal had come first.
 *
 * Every write checks the caller's role in the database in the same statement (current-role.ts).
 */
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { conflict, notFound, UpstreamError } from '../core/errors';
import type { Role, TenantPrincipal } from '../core/types';
import { uuidArray } from '../db/arrays';
import { isUniqueViolation, membershipRequired } from '../db/errors';
import { type ChannelRow, channels } from '../db/schema';
import type { RequestServices, Services } from '../runtime/services';
import * as stream from '../stream/gateway';
import { type Mark, toMarks, upsertMarks, withJoins } from '../sync/outbox';
import { type BanProjection, banProjection, pushBan, streamChannel } from '../sync/projection';
import { pushOrUndo, undoUnlessNewer } from '../sync/push';
import { auditRow, forgetAudit } from './audit';
import { assertCurrentRole, currentRole, notAMember, roleIn } from './current-role';
import { type KeysetCursor, keysetAfter, keysetPage, keysetText } from './keyset';

export interface Channel {
  id: string;
  stream_id: string;
  name: string;
  description: string;
  tenant_id: string;
  /** Null once the creator deleted their account. */
  created_by: string | null;
  created_at: string;
  archived_at: string | null;
}

export function toChannel(row: ChannelRow): Channel {
  return {
    id: row.id,
    stream_id: row.streamId,
    name: row.name,
    description: row.description,
    tenant_id: row.tenantId,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    archived_at: row.archivedAt?.toISOString() ?? null,
  };
}

const channelNotFound = () => notFound('No such channel in this tenant', 'channel_not_found');
const nameTaken = () =>
  conflict('A channel with this name already exists in the tenant', 'channel_name_taken');

const EDITORS: readonly Role[] = ['admin', 'moderator'];
const ADMINS: readonly Role[] = ['admin'];

/** The design document's id format: first 8 characters of the tenant id, "-", a new UUID. */
export const newStreamId = (tenantId: string) => `${tenantId.slice(0, 8)}-${crypto.randomUUID()}`;

const liveIn = (tenantId: string) =>
  and(
    eq(channels.tenantId, tenantId),
    eq(channels.status, 'active'),
    sql`${channels.archivedAt} is null`,
  );

/** Runs `write`, turning the live-name unique violation into 409. */
async function namedWrite<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, 'channels_tenant_name_key')) throw nameTaken();
    throw err;
  }
}

export async function createChannel(
  s: RequestServices,
  p: TenantPrincipal,
  input: { name: string; description: string },
): Promise<Channel> {
  const id = crypto.randomUUID();
  const streamId = newStreamId(p.tenantId);
  const auditId = crypto.randomUUID();
  // Row, creator's channel membership and marker in one statement, if the caller may create.
  // The marker, not a `pending` status, is what makes Stream follow: a request that dies after
  // this statement leaves a due marker, and the repair creates the Stream channel the row says.
  const { rows } = await namedWrite(() =>
    membershipRequired(
      () =>
        s.db.execute<{ role: Role | null; row: CreatedRow | null; marks: unknown }>(sql`
      with ins as (
        insert into channels (id, stream_id, tenant_id, name, description, created_by, status)
        select ${id}, ${streamId}, ${p.tenantId}, ${input.name}, ${input.description}, ${p.userId}, 'active'
        where ${currentRole(p.tenantId, p.userId)} in ('admin', 'moderator')
        returning id, stream_id, tenant_id, name, description, created_by, created_at, archived_at),
      cm as (insert into channel_members (channel_id, tenant_id, user_id)
        select id, tenant_id, ${p.userId} from ins),
      mark as (${upsertMarks(s, 'channel', sql`select stream_id from ins`)}),
      audit as (${auditRow(s, {
        id: auditId,
        tenantId: p.tenantId,
        actorId: p.userId,
        action: 'channel.created',
        targetType: 'channel',
        targetId: streamId,
        details: { name: input.name },
        when: sql`exists (select 1 from ins)`,
      })})
      select ${currentRole(p.tenantId, p.userId)} as role, (select row_to_json(ins) from ins) as row,
        (select json_agg(mark) from mark) as marks`),
      notAMember,
    ),
  );
  assertCurrentRole(rows[0]?.role, EDITORS);
  const row = rows[0]?.row;
  if (!row) throw new UpstreamError('database', 'error', 'The channel row was not written');
  const marks = withJoins(toMarks(rows[0]?.marks), [p.userId]);
  // On failure the row goes unless a newer write touched the channel meanwhile; the repair
  // (after the grace period) removes a Stream channel that landed late, or creates it if the
  // row stayed.
  await pushOrUndo(
    s,
    marks,
    async () =>
      stream.createChannel(
        await s.stream(),
        streamChannel(s.config, {
          streamId,
          tenantId: p.tenantId,
          name: input.name,
          description: input.description,
          createdBy: p.userId,
          archived: false,
          members: [p.userId],
        }),
      ),
    undoUnlessNewer(
      s,
      marks,
      'createChannel: delete row',
      (unchanged) => sql`delete from channels where id = ${id} and ${unchanged} returning 1`,
      (undone) => sql`${forgetAudit(auditId)} and ${undone}`,
    ),
  );
  return fromRowJson(row);
}

export interface ChannelPage {
  channels: Channel[];
  next_cursor: string | null;
}

export async function listChannels(
  s: Services,
  tenantId: string,
  page: { limit: number; cursor?: KeysetCursor },
): Promise<ChannelPage> {
  const after = page.cursor;
  const rows = await s.db
    .select({ ...getTableColumns(channels), cursorAt: keysetText(channels.createdAt) })
    .from(channels)
    .where(
      and(
        liveIn(tenantId),
        after ? keysetAfter(channels.createdAt, channels.id, after) : undefined,
      ),
    )
    .orderBy(sql`${channels.createdAt} desc, ${channels.id} desc`)
    .limit(page.limit + 1);
  const { shown, next_cursor } = keysetPage(rows, page.limit);
  return { channels: shown.map(toChannel), next_cursor };
}

/** A channel of the tenant, archived ones included (their history stays readable). */
export async function getChannel(
  s: Services,
  tenantId: string,
  streamId: string,
): Promise<Channel> {
  const [row] = await s.db
    .select()
    .from(channels)
    .where(
      and(
        eq(channels.streamId, streamId),
        eq(channels.tenantId, tenantId),
        eq(channels.status, 'active'),
      ),
    )
    .limit(1);
  if (!row) throw channelNotFound();
  return toChannel(row);
}

/** A channel row as `row_to_json` returns it (timestamps as strings). */
type CreatedRow = {
  id: string;
  stream_id: string;
  tenant_id: string;
  name: string;
  description: string;
  created_by: string | null;
  created_at: string;
  archived_at: string | null;
};

type UpdatedRow = CreatedRow & {
  old_name: string;
  old_description: string;
  old_archived_at: string | null;
};

const fromRowJson = (r: CreatedRow): Channel => ({
  id: r.id,
  stream_id: r.stream_id,
  tenant_id: r.tenant_id,
  name: r.name,
  description: r.description,
  created_by: r.created_by,
  created_at: new Date(r.created_at).toISOString(),
  archived_at: r.archived_at ? new Date(r.archived_at).toISOString() : null,
});

/**
 * Updates a live channel of the tenant, if the caller's current role allows, and returns it with
 * its previous values (for undo) and the marker. The subquery is the tenant check and a row lock.
 */
async function updateLive(
  s: Services,
  p: TenantPrincipal,
  streamId: string,
  set: { name?: string; description?: string; archive?: boolean },
  allowed: readonly Role[],
  auditId: string,
): Promise<{ row: UpdatedRow; marks: Mark[] }> {
  const changed = Object.fromEntries(
    Object.entries({ name: set.name, description: set.description }).filter(
      ([, v]) => v !== undefined,
    ),
  );
  const { rows } = await namedWrite(() =>
    s.db.execute<{ role: Role | null; row: UpdatedRow | null; marks: unknown }>(sql`
      with old as (
        select id, name, description, archived_at from channels
        where stream_id = ${streamId} and tenant_id = ${p.tenantId}
          and status = 'active' and archived_at is null
          and ${roleIn(p.tenantId, p.userId, allowed)}
        for update),
      upd as (
        update channels c set
          name = coalesce(${set.name ?? null}, c.name),
          description = coalesce(${set.description ?? null}, c.description),
          archived_at = case when ${set.archive ?? false} then now() else c.archived_at end
        from old where c.id = old.id
        returning c.id, c.stream_id, c.tenant_id, c.name, c.description, c.created_by,
          c.created_at, c.archived_at, old.name as old_name,
          old.description as old_description, old.archived_at as old_archived_at),
      mark as (${upsertMarks(s, 'channel', sql`select stream_id from upd`)}),
      audit as (${auditRow(s, {
        id: auditId,
        tenantId: p.tenantId,
        actorId: p.userId,
        action: set.archive ? 'channel.archived' : 'channel.updated',
        targetType: 'channel',
        targetId: streamId,
        details: changed,
        when: sql`exists (select 1 from upd)`,
      })})
      select ${currentRole(p.tenantId, p.userId)} as role, (select row_to_json(upd) from upd) as row,
        (select json_agg(mark) from mark) as marks`),
  );
  const result = rows[0];
  assertCurrentRole(result?.role, allowed);
  if (!result?.row) throw channelNotFound();
  return { row: result.row, marks: toMarks(result.marks) };
}

async function updateBoth(
  s: RequestServices,
  p: TenantPrincipal,
  streamId: string,
  set: { name?: string; description?: string; archive?: boolean },
  allowed: readonly Role[],
): Promise<Channel> {
  const auditId = crypto.randomUUID();
  const { row, marks } = await updateLive(s, p, streamId, set, allowed, auditId);
  const streamSet: Record<string, string | boolean> = {};
  if (set.name !== undefined) streamSet.name = row.name;
  if (set.description !== undefined) streamSet.description = row.description;
  if (set.archive) streamSet.frozen = true;
  await pushOrUndo(
    s,
    marks,
    async () => stream.updateChannel(await s.stream(), streamId, streamSet),
    undoUnlessNewer(
      s,
      marks,
      'channel: restore row',
      (unchanged) => sql`update channels set name = ${row.old_name},
        description = ${row.old_description}, archived_at = ${row.old_archived_at}::timestamptz
        where id = ${row.id} and ${unchanged} returning 1`,
      (undone) => sql`${forgetAudit(auditId)} and ${undone}`,
    ),
  );
  return fromRowJson(row);
}

export function updateChannel(
  s: RequestServices,
  p: TenantPrincipal,
  streamId: string,
  input: { name?: string; description?: string },
): Promise<Channel> {
  return updateBoth(s, p, streamId, input, EDITORS);
}

/**
 * Archiving hides the channel from lists and stops new messages; its history stays readable
 * through our API. In Stream the channel is frozen (not deleted), which keeps its messages and
 * makes Stream itself refuse new messages from user clients too.
 */
export function archiveChannel(
  s: RequestServices,
  p: TenantPrincipal,
  streamId: string,
): Promise<Channel> {
  return updateBoth(s, p, streamId, { archive: true }, ADMINS);
}

/** Adds tenant members to a live channel (database first, then Stream). */
export async function addChannelMembers(
  s: RequestServices,
  p: TenantPrincipal,
  streamId: string,
  requested: string[],
): Promise<string[]> {
  const userIds = [...new Set(requested)];
  const ids = uuidArray(userIds);
  const auditId = crypto.randomUUID();
  // One statement: the caller's role, the live channel, who of these belongs to the tenant,
  // and (only if all do) the new channel memberships with their marker.
  const { rows } = await membershipRequired(
    () =>
      s.db.execute<{
        role: Role | null;
        channel_id: string | null;
        members: string[] | null;
        inserted: string[] | null;
        bans: Array<{ user_id: string; ban: BanProjection }> | null;
        marks: unknown;
      }>(sql`
    with ch as (
      select id from channels
      where stream_id = ${streamId} and tenant_id = ${p.tenantId}
        and status = 'active' and archived_at is null),
    tm as (select user_id from memberships where tenant_id = ${p.tenantId} and user_id = any(${ids})),
    ins as (
      insert into channel_members (channel_id, tenant_id, user_id)
      select ch.id, ${p.tenantId}, tm.user_id from ch, tm
      where ${currentRole(p.tenantId, p.userId)} in ('admin', 'moderator')
        and (select count(*) from tm) = ${userIds.length}
      on conflict do nothing
      returning user_id),
    mark as (${upsertMarks(s, 'channel', sql`select ${streamId}::text where exists (select 1 from ins)`)}),
    audit as (${auditRow(s, {
      id: auditId,
      tenantId: p.tenantId,
      actorId: p.userId,
      action: 'channel.members_added',
      targetType: 'channel',
      targetId: streamId,
      details: sql`json_build_object('user_ids', (select array_agg(user_id) from ins))::text`,
      when: sql`exists (select 1 from ins)`,
    })})
    select ${currentRole(p.tenantId, p.userId)} as role, (select id from ch) as channel_id,
      (select array_agg(user_id::text) from tm) as members,
      (select array_agg(user_id::text) from ins) as inserted,
      (select json_agg(banned) from (
        select distinct on (b.user_id) b.user_id, ${banProjection(sql`b`)} as ban
        from bans b, ch
        where b.tenant_id = ${p.tenantId} and b.user_id in (select user_id from ins)
          and (b.channel_id is null or b.channel_id = ch.id)
          and (b.expires_at is null or b.expires_at > now())
        order by b.user_id, b.expires_at desc nulls first) banned) as bans,
      (select json_agg(mark) from mark) as marks`),
    () => notFound('A user left this tenant while being added; try again', 'user_not_found'),
  );
  const row = rows[0];
  assertCurrentRole(row?.role, EDITORS);
  if (!row?.channel_id) throw channelNotFound();
  const members = new Set(row.members ?? []);
  const outsiders = userIds.filter((id) => !members.has(id));
  if (outsiders.length > 0) {
    throw notFound(
      `These users are not members of this tenant: ${outsiders.join(', ')}`,
      'user_not_found',
    );
  }
  // Marks exist only if rows were inserted; those are what an undo removes.
  const marks = withJoins(toMarks(row.marks), userIds);
  const inserted = `{${(row.inserted ?? []).join(',')}}`;
  await pushOrUndo(
    s,
    marks,
    async () => {
      const client = await s.stream();
      await stream.addMembers(client, streamId, userIds);
      // A banned member joins banned: Stream refuses their sends even when our hook is not asked.
      const ref = { type: stream.CHANNEL_TYPE, id: streamId };
      await Promise.all((row.bans ?? []).map((b) => pushBan(client, ref, b.user_id, b.ban)));
    },
    undoUnlessNewer(
      s,
      marks,
      'addChannelMembers: remove rows',
      (unchanged) => sql`delete from channel_members
        where channel_id = ${row.channel_id} and user_id = any(${inserted}::uuid[])
          and ${unchanged} returning 1`,
      (undone) => sql`${forgetAudit(auditId)} and ${undone}`,
    ),
  );
  return userIds;
}
