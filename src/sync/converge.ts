/**
 * One converge function per aggregate: read the database's state now and make Stream show it.
 * Each is idempotent (it recomputes, it does not replay), so repairs, retries and the sweep may
 * call it any number of times; it never writes the database except to finish a rollback that a
 * request began (an abandoned `pending` channel row). Each returns the users it added to a
 * Stream channel, which the repair checks again against the database once Stream has them.
 */
import { and, eq, sql } from 'drizzle-orm';
import { channels } from '../db/schema';
import type { Services } from '../runtime/services';
import { streamErrorCode } from '../stream/errors';
import * as stream from '../stream/gateway';
import { parseMembershipKey, type SyncKind } from './outbox';
import {
  type BanProjection,
  banProjection,
  pushBan,
  streamChannel,
  streamChannelData,
  streamUser,
} from './projection';

export interface Converged {
  outcome: 'updated' | 'created' | 'deleted';
  /** Users added to the Stream channel (channel aggregates only). */
  joins?: string[];
}

/**
 * What Stream must show for a user: their name, the plain `user` role, (multi-tenancy) their
 * tenants as teams, and the instant before which their Stream tokens are refused. The upsert
 * replaces the whole Stream user, so fields set from anywhere else (a rename through a user
 * token, custom fields) go too.
 */
export async function convergeUser(s: Services, userId: string): Promise<Converged> {
  const { rows } = await s.db.execute<{
    name: string;
    teams: string[];
    revoked_before: string | null;
  }>(sql`
    select u.name, u.stream_tokens_revoked_before as revoked_before,
      coalesce(array_agg(m.tenant_id::text order by m.tenant_id) filter (where m.tenant_id is not null), '{}') as teams
    from users u left join memberships m on m.user_id = u.id
    where u.id = ${userId} group by u.id`);
  const client = await s.stream();
  const row = rows[0];
  // No account (deleted, or a registration that was undone): no Stream user either, and their
  // messages as ACCOUNT_DELETION_MESSAGES says.
  if (!row) {
    await stream.deleteUser(client, userId, s.config.accountDeletionMessages);
    return { outcome: 'deleted' };
  }
  await stream.upsertUser(client, streamUser(s.config, { id: userId, ...row }));
  // After the upsert, which replaces the user: their old Stream tokens stay refused.
  if (row.revoked_before) {
    await stream.revokeUserTokens(client, userId, new Date(row.revoked_before));
  }
  return { outcome: 'updated' };
}

type ChannelState = {
  id: string;
  tenant_id: string;
  name: string;
  description: string;
  created_by: string;
  status: 'pending' | 'active';
  archived: boolean;
  members: string[];
};

/**
 * What Stream must show for a channel: nothing (no row, or a `pending` row whose request is long
 * gone), or the row's data, frozen when archived, with exactly the database's members.
 */
export async function convergeChannel(s: Services, streamId: string): Promise<Converged> {
  const { rows } = await s.db.execute<ChannelState>(sql`
    select c.id, c.tenant_id, c.name, c.description, c.status,
      -- Stream needs a creator for a channel it must create again: once the creator's account is
      -- gone, the tenant's longest-standing admin stands in.
      coalesce(c.created_by, (select m.user_id from memberships m
        where m.tenant_id = c.tenant_id and m.role = 'admin'
        order by m.created_at, m.user_id limit 1)) as created_by,
      c.archived_at is not null as archived,
      coalesce(array_agg(cm.user_id::text) filter (where cm.user_id is not null), '{}') as members
    from channels c left join channel_members cm on cm.channel_id = c.id
    where c.stream_id = ${streamId} group by c.id`);
  const row = rows[0];
  const client = await s.stream();
  if (!row || row.status === 'pending') {
    // Stream first: once the row is gone nothing would point the sweep at the channel.
    await stream.hardDeleteChannel(client, streamId);
    if (row) {
      await s.db
        .delete(channels)
        .where(and(eq(channels.id, row.id), eq(channels.status, 'pending')));
    }
    return { outcome: 'deleted' };
  }
  const projection = {
    streamId,
    tenantId: row.tenant_id,
    name: row.name,
    description: row.description,
    createdBy: row.created_by,
    archived: row.archived,
    members: row.members,
  };
  try {
    await stream.updateChannel(client, streamId, streamChannelData(s.config, projection));
  } catch (err) {
    if (streamErrorCode(err) !== 16) throw err;
    // Missing in Stream (a create that never landed): create it as the row says.
    await stream.createChannel(client, streamChannel(s.config, projection));
    if (row.archived) await stream.updateChannel(client, streamId, { frozen: true });
    return { outcome: 'created', joins: row.members };
  }
  const inStream = new Set(await stream.channelMemberIds(client, streamId));
  const wanted = new Set(row.members);
  const missing = row.members.filter((id) => !inStream.has(id));
  const extra = [...inStream].filter((id) => !wanted.has(id));
  await Promise.all([
    missing.length > 0 ? stream.addMembers(client, streamId, missing) : undefined,
    extra.length > 0 ? stream.removeMembers(client, streamId, extra) : undefined,
  ]);
  return { outcome: 'updated', joins: missing };
}

type MemberChannel = {
  stream_id: string;
  /** The active ban that covers this channel (the tenant's, or this channel's), if any. */
  ban: BanProjection | null;
};

/**
 * A user's place in one tenant: out of every Stream channel of the tenant, of any type, that the
 * database does not give them (their removal, or a membership made outside the API), and in the
 * others banned exactly where our bans say (for the time they have left) and unbanned elsewhere.
 */
export async function convergeMembership(s: Services, key: string): Promise<Converged> {
  const { tenantId, userId } = parseMembershipKey(key);
  const client = await s.stream();
  const [inStream, { rows }] = await Promise.all([
    stream.channelsWithMember(client, tenantId, userId),
    s.db.execute<MemberChannel>(sql`
      select c.stream_id, (
        select ${banProjection(sql`b`)}
        from bans b
        where b.tenant_id = cm.tenant_id and b.user_id = cm.user_id
          and (b.channel_id is null or b.channel_id = c.id)
          and (b.expires_at is null or b.expires_at > now())
        order by b.expires_at desc nulls first limit 1) as ban
      from channel_members cm join channels c on c.id = cm.channel_id
      where cm.tenant_id = ${tenantId} and cm.user_id = ${userId}`),
  ]);
  const allowed = new Map(rows.map((r) => [r.stream_id, r.ban]));
  await Promise.all(
    inStream.map((ch) => {
      if (ch.type !== stream.CHANNEL_TYPE || !allowed.has(ch.id)) {
        return stream.removeMembers(client, ch.id, [userId], ch.type);
      }
      const ban = allowed.get(ch.id);
      return ban ? pushBan(client, ch, userId, ban) : stream.unbanInChannel(client, ch, userId);
    }),
  );
  return { outcome: 'updated' };
}

/** What Stream must show for a deleted message: deleted as our row says (never undeleted). */
export async function convergeMessage(s: Services, messageId: string): Promise<Converged> {
  const { rows } = await s.db.execute<{ hard: boolean }>(
    sql`select hard from message_deletions where message_id = ${messageId}`,
  );
  const row = rows[0];
  if (row) await stream.deleteMessage(await s.stream(), messageId, row.hard);
  return { outcome: row ? 'deleted' : 'updated' };
}

/** An open report is a flag in Stream's moderation tools too (resolved ones stay as they are). */
export async function convergeReport(s: Services, reportId: string): Promise<Converged> {
  const { rows } = await s.db.execute<{
    reporter_id: string | null;
    message_id: string | null;
    user_id: string | null;
    reason: string;
  }>(sql`select reporter_id, message_id, user_id, reason from reports
    where id = ${reportId} and status = 'open' and source = 'api'`);
  const row = rows[0];
  if (row?.reporter_id) {
    const target = row.message_id ? { messageId: row.message_id } : { userId: row.user_id ?? '' };
    await stream.flag(await s.stream(), target, { userId: row.reporter_id, reason: row.reason });
  }
  return { outcome: 'updated' };
}

export function converge(s: Services, kind: SyncKind, key: string): Promise<Converged> {
  switch (kind) {
    case 'user':
      return convergeUser(s, key);
    case 'channel':
      return convergeChannel(s, key);
    case 'membership':
      return convergeMembership(s, key);
    case 'message':
      return convergeMessage(s, key);
    case 'report':
      return convergeReport(s, key);
  }
}
