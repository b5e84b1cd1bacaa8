/**
 * Channels live in two stores: a row here (tenant, name, who) and a Stream channel (the chat).
 *
 * Creation uses the row as a journal, so no Stream channel can exist without a row:
 *   1. insert the row as `pending` (a duplicate name fails here, before Stream is touched);
 *   2. create the Stream channel;
 *   3. mark the row `active`.
 * Pending rows are invisible to the API. If step 2 or 3 fails, the request undoes what it did
 * (Stream hard delete, row delete) and answers 502/503/504; anything its undo could not reach is
 * rolled back by `reconcilePendingChannels` (the cron trigger), which only looks at rows older
 * than any request can live. Cost: 3 serial trips, on an admin-only route. When Stream never
 * answered (timeout, dropped connection) it may still apply the create later, so the undo runs
 * again one Stream timeout later, after the response (`Later`), before the pending row goes.
 *
 * Updates and archiving write the row first (its WHERE clause is also the tenant check), then
 * Stream; if Stream fails the row is restored (and, if Stream never answered, Stream is set back
 * from the row one Stream timeout later). 2 serial trips each.
 */
import { and, eq, getTableColumns, lt, or, type SQL, sql } from 'drizzle-orm';
import type { TenantPrincipal } from '../auth/middleware';
import { isUniqueViolation } from '../db/errors';
import { type ChannelRow, channels, memberships } from '../db/schema';
import { conflict, notFound, UpstreamError } from '../lib/errors';
import type { Services } from '../lib/types';
import { streamStatus } from '../stream/errors';
import * as stream from '../stream/gateway';
import { rememberChannelTenant } from './channel-directory';
import { compensate } from './compensate';

export interface Channel {
  id: string;
  stream_id: string;
  name: string;
  description: string;
  tenant_id: string;
  created_by: string;
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

/** The design document's id format: first 8 characters of the tenant id, "-", a new UUID. */
export const newStreamId = (tenantId: string) => `${tenantId.slice(0, 8)}-${crypto.randomUUID()}`;

const liveIn = (tenantId: string) =>
  and(
    eq(channels.tenantId, tenantId),
    eq(channels.status, 'active'),
    sql`${channels.archivedAt} is null`,
  );

/** Work to finish after the response (Workers: `ctx.waitUntil`). */
export type Later = (work: Promise<unknown>) => void;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stream never answered (timeout, dropped connection): the call may still be applied after we
 * gave up, so an undo done right away can be overtaken by the very call it undoes.
 */
const streamOutcomeUnknown = (err: unknown) => streamStatus(err) === undefined;

export async function createChannel(
  s: Services,
  p: TenantPrincipal,
  input: { name: string; description: string },
  later?: Later,
): Promise<Channel> {
  const id = crypto.randomUUID();
  const streamId = newStreamId(p.tenantId);
  try {
    await s.db.insert(channels).values({
      id,
      streamId,
      tenantId: p.tenantId,
      name: input.name,
      description: input.description,
      createdBy: p.userId,
      status: 'pending',
    });
  } catch (err) {
    if (isUniqueViolation(err, 'channels_tenant_name_key')) throw nameTaken();
    throw err;
  }
  // By id alone: an activation whose answer was lost may have committed, and this request is
  // reporting failure, so the row must go whatever its status.
  const undo = () => rollBackCreation(s, { id, streamId }, eq(channels.id, id));
  try {
    await stream.createChannel(await s.stream(), {
      streamId,
      createdById: p.userId,
      tenantId: p.tenantId,
      name: input.name,
      description: input.description,
      team: s.config.stream.multiTenant ? p.tenantId : undefined,
    });
  } catch (err) {
    if (!streamOutcomeUnknown(err)) {
      await undo();
      throw err;
    }
    // Stream may still create the channel after we gave up: delete what is there now, and
    // undo again once a late create would have landed. Until then the pending row keeps the
    // channel on record (if this isolate dies first, the reconciler finishes the job).
    await compensate('createChannel: delete Stream channel', async () =>
      stream.hardDeleteChannel(await s.stream(), streamId),
    );
    later?.(sleep(s.config.stream.timeoutMs).then(undo));
    throw err;
  }
  let row: ChannelRow | undefined;
  try {
    [row] = await s.db
      .update(channels)
      .set({ status: 'active' })
      .where(eq(channels.id, id))
      .returning();
  } catch (err) {
    await undo();
    throw err;
  }
  if (!row) {
    // The reconciler rolled the pending row back under us (it may have run before our Stream
    // create landed): remove the Stream channel too.
    await undo();
    throw new UpstreamError(
      'database',
      'unavailable',
      'The channel was rolled back while it was being created; try again',
    );
  }
  rememberChannelTenant(streamId, p.tenantId);
  return toChannel(row);
}

/**
 * Undoes a channel creation: the Stream channel first (once the row is gone nothing would remind
 * the reconciler of it), then the row matching `rowCondition`. True when both are gone.
 */
async function rollBackCreation(
  s: Services,
  channel: { id: string; streamId: string },
  rowCondition: SQL | undefined,
): Promise<boolean> {
  const client = await s.stream();
  return (
    (await compensate('channel rollback: delete Stream channel', () =>
      stream.hardDeleteChannel(client, channel.streamId),
    )) &&
    compensate('channel rollback: delete row', () => s.db.delete(channels).where(rowCondition))
  );
}

/** Rolls back channel creations that never finished (see the module comment). */
export async function reconcilePendingChannels(
  s: Services,
  olderThanMs = 10 * 60_000,
): Promise<{ rolledBack: number; failed: number }> {
  const cutoff = new Date(Date.now() - olderThanMs);
  const stale = await s.db
    .select({ id: channels.id, streamId: channels.streamId })
    .from(channels)
    .where(and(eq(channels.status, 'pending'), lt(channels.createdAt, cutoff)))
    .limit(100);
  const results = await Promise.all(
    stale.map((row) =>
      rollBackCreation(s, row, and(eq(channels.id, row.id), eq(channels.status, 'pending'))),
    ),
  );
  const rolledBack = results.filter(Boolean).length;
  return { rolledBack, failed: results.length - rolledBack };
}

export interface ChannelPage {
  channels: Channel[];
  next_cursor: string | null;
}

// Keyset pagination over (created_at, id), newest first; the cursor is opaque to clients.
// created_at travels as Postgres' own text, to the microsecond: a JS Date keeps milliseconds
// only, and a cursor cut to those skips the rows that share the boundary row's millisecond.
const cursorAt = sql<string>`to_char(${channels.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const encodeCursor = (row: { cursorAt: string; id: string }) =>
  btoa(JSON.stringify([row.cursorAt, row.id])).replace(/=+$/, '');

export interface ChannelCursor {
  /** ISO 8601 in UTC with up to 6 fraction digits. */
  createdAt: string;
  id: string;
}

export function decodeCursor(cursor: string): ChannelCursor | undefined {
  try {
    const [createdAt, id] = JSON.parse(atob(cursor)) as [unknown, unknown];
    if (
      typeof createdAt !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(createdAt) ||
      Number.isNaN(Date.parse(createdAt)) ||
      typeof id !== 'string' ||
      !/^[0-9a-f-]{36}$/.test(id)
    ) {
      return undefined;
    }
    return { createdAt, id };
  } catch {
    return undefined;
  }
}

export async function listChannels(
  s: Services,
  tenantId: string,
  page: { limit: number; cursor?: ChannelCursor },
): Promise<ChannelPage> {
  const after = page.cursor;
  const rows = await s.db
    .select({ ...getTableColumns(channels), cursorAt })
    .from(channels)
    .where(
      and(
        liveIn(tenantId),
        after
          ? or(
              sql`${channels.createdAt} < ${after.createdAt}::timestamptz`,
              and(
                sql`${channels.createdAt} = ${after.createdAt}::timestamptz`,
                lt(channels.id, after.id),
              ),
            )
          : undefined,
      ),
    )
    .orderBy(sql`${channels.createdAt} desc, ${channels.id} desc`)
    .limit(page.limit + 1);
  const more = rows.length > page.limit;
  const pageRows = more ? rows.slice(0, page.limit) : rows;
  return {
    channels: pageRows.map(toChannel),
    next_cursor: more ? encodeCursor(pageRows[pageRows.length - 1]!) : null,
  };
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
  rememberChannelTenant(streamId, tenantId);
  return toChannel(row);
}

type UpdatedRow = {
  id: string;
  stream_id: string;
  tenant_id: string;
  name: string;
  description: string;
  created_by: string;
  created_at: string;
  archived_at: string | null;
  old_name: string;
  old_description: string;
  old_archived_at: string | null;
};

const fromUpdatedRow = (r: UpdatedRow): Channel => ({
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
 * Updates a live channel of the tenant and returns it with its previous values (for undo).
 * The subquery is both the tenant check and a row lock.
 */
async function updateLive(
  s: Services,
  tenantId: string,
  streamId: string,
  set: { name?: string; description?: string; archive?: boolean },
): Promise<UpdatedRow> {
  let rows: UpdatedRow[];
  try {
    ({ rows } = await s.db.execute<UpdatedRow>(sql`
      update channels c set
        name = coalesce(${set.name ?? null}, c.name),
        description = coalesce(${set.description ?? null}, c.description),
        archived_at = case when ${set.archive ?? false} then now() else c.archived_at end
      from (select id, name, description, archived_at from channels
            where stream_id = ${streamId} and tenant_id = ${tenantId}
              and status = 'active' and archived_at is null
            for update) old
      where c.id = old.id
      returning c.id, c.stream_id, c.tenant_id, c.name, c.description, c.created_by, c.created_at,
        c.archived_at, old.name as old_name, old.description as old_description,
        old.archived_at as old_archived_at`));
  } catch (err) {
    if (isUniqueViolation(err, 'channels_tenant_name_key')) throw nameTaken();
    throw err;
  }
  if (!rows[0]) throw channelNotFound();
  return rows[0];
}

const restore = (s: Services, row: UpdatedRow) =>
  compensate('channel: restore row', () =>
    s.db
      .update(channels)
      .set({
        name: row.old_name,
        description: row.old_description,
        archivedAt: row.old_archived_at ? new Date(row.old_archived_at) : null,
      })
      .where(eq(channels.id, row.id)),
  );

/** Makes Stream show what the row holds now (name, description, frozen = archived). */
async function resyncStream(s: Services, id: string, streamId: string): Promise<void> {
  const [row] = await s.db.select().from(channels).where(eq(channels.id, id)).limit(1);
  if (!row) return;
  await stream.updateChannel(await s.stream(), streamId, {
    name: row.name,
    description: row.description,
    frozen: row.archivedAt !== null,
  });
}

async function updateBoth(
  s: Services,
  tenantId: string,
  streamId: string,
  set: { name?: string; description?: string; archive?: boolean },
  streamSet: Record<string, string | boolean>,
  later?: Later,
): Promise<Channel> {
  const row = await updateLive(s, tenantId, streamId, set);
  try {
    await stream.updateChannel(await s.stream(), streamId, streamSet);
  } catch (err) {
    await restore(s, row);
    if (streamOutcomeUnknown(err)) {
      // Stream may still apply the update after we gave up: once it would have, bring Stream
      // back in line with the (restored) row.
      later?.(
        sleep(s.config.stream.timeoutMs).then(() =>
          compensate('channel: resync Stream', () => resyncStream(s, row.id, streamId)),
        ),
      );
    }
    throw err;
  }
  return fromUpdatedRow(row);
}

export function updateChannel(
  s: Services,
  tenantId: string,
  streamId: string,
  input: { name?: string; description?: string },
  later?: Later,
): Promise<Channel> {
  const streamSet: Record<string, string> = {};
  if (input.name !== undefined) streamSet.name = input.name;
  if (input.description !== undefined) streamSet.description = input.description;
  return updateBoth(s, tenantId, streamId, input, streamSet, later);
}

/**
 * Archiving hides the channel from lists and stops new messages; its history stays readable
 * through our API. In Stream the channel is frozen (not deleted), which keeps its messages and
 * makes Stream itself refuse new messages from user clients too.
 */
export function archiveChannel(
  s: Services,
  tenantId: string,
  streamId: string,
  later?: Later,
): Promise<Channel> {
  return updateBoth(s, tenantId, streamId, { archive: true }, { frozen: true }, later);
}

/** Adds tenant members to a live channel's Stream membership. */
export async function addChannelMembers(
  s: Services,
  tenantId: string,
  streamId: string,
  userIds: string[],
): Promise<string[]> {
  // One query answers both questions: is the channel live here, and who of these is a member?
  const [row] = await s.db
    .select({
      id: channels.id,
      members: sql<string[]>`coalesce((select array_agg(m.user_id::text) from ${memberships} m
        where m.tenant_id = ${tenantId} and m.user_id::text = any(${`{${userIds.join(',')}}`}::text[])), '{}')`,
    })
    .from(channels)
    .where(and(eq(channels.streamId, streamId), liveIn(tenantId)));
  if (!row) throw channelNotFound();
  const outsiders = userIds.filter((id) => !row.members.includes(id));
  if (outsiders.length > 0) {
    throw notFound(
      `These users are not members of this tenant: ${outsiders.join(', ')}`,
      'user_not_found',
    );
  }
  await stream.addMembers(await s.stream(), streamId, userIds);
  return userIds;
}
