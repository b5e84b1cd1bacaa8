/**
 * Blocks: a user hides another user's messages from themselves. Ours is the row: `GET /messages`
 * leaves the blocked authors' messages out for the blocker. Stream mirrors it as a mute
 * (https://getstream.io/chat/docs/node/moderation/#mutes): the blocker's `me.mutes` lists the
 * user, Stream sends no push notifications of their messages, and the SDKs' message lists hide
 * them. Stream's own "block user" feature acts on 1:1 (distinct) channels only, and ours are group
 * channels. A block, like a mute, is the user's own and spans their tenants; whom one may block is
 * scoped: a member of the tenant of the token.
 *
 * Round trips: block and unblock = 1 DB statement + 1 Stream call (a failed call undoes the row:
 * a 5xx means nothing changed); list = 1 DB statement.
 */
import { sql } from 'drizzle-orm';
import { badRequest, notFound } from '../core/errors';
import type { TenantPrincipal } from '../core/types';
import type { RequestServices, Services } from '../runtime/services';
import * as stream from '../stream/gateway';
import { pushOrUndo } from '../sync/push';
import { notAMember } from './current-role';

export type BlockView = { user_id: string; user_name: string; created_at: string };

const memberNotFound = () => notFound('No such member in this tenant', 'member_not_found');

/** `POST /me/blocks`: blocks a member of the tenant (again: nothing changes). */
export async function block(
  s: RequestServices,
  p: TenantPrincipal,
  userId: string,
): Promise<BlockView> {
  if (userId === p.userId) throw badRequest('cannot_block_self', 'You cannot block yourself');
  const { rows } = await s.db.execute<{
    member: boolean;
    target: { name: string } | null;
    created_at: string | null;
    inserted: boolean;
  }>(sql`
    with me as (select 1 from memberships where tenant_id = ${p.tenantId} and user_id = ${p.userId}),
    target as (select u.id, u.name from memberships m join users u on u.id = m.user_id
      where m.tenant_id = ${p.tenantId} and m.user_id = ${userId}),
    ins as (insert into blocks (user_id, blocked_id)
      select ${p.userId}, id from target where exists (select 1 from me)
      on conflict do nothing returning created_at)
    select exists (select 1 from me) as member,
      (select row_to_json(t) from (select name from target) t) as target,
      coalesce((select created_at from ins),
        (select created_at from blocks where user_id = ${p.userId} and blocked_id = ${userId}))
        as created_at,
      exists (select 1 from ins) as inserted`);
  const row = rows[0]!;
  if (!row.member) throw notAMember();
  if (!row.target) throw memberNotFound();
  const client = await s.stream();
  await pushOrUndo(s, [], () => stream.mute(client, p.userId, userId), {
    what: 'block',
    run: async () => {
      if (row.inserted) {
        await s.db.execute(
          sql`delete from blocks where user_id = ${p.userId} and blocked_id = ${userId}`,
        );
      }
    },
  });
  return {
    user_id: userId,
    user_name: row.target.name,
    created_at: new Date(row.created_at ?? Date.now()).toISOString(),
  };
}

/** `GET /me/blocks`: whom I block, newest first. */
export async function listBlocks(s: Services, userId: string): Promise<BlockView[]> {
  const { rows } = await s.db.execute<BlockView>(sql`
    select b.blocked_id as user_id, u.name as user_name, b.created_at
    from blocks b join users u on u.id = b.blocked_id
    where b.user_id = ${userId}
    order by b.created_at desc limit 1000`);
  return rows.map((r) => ({ ...r, created_at: new Date(r.created_at).toISOString() }));
}

/** `DELETE /me/blocks/{user_id}`: unblocks (404 when not blocked). */
export async function unblock(s: RequestServices, userId: string, blockedId: string) {
  const { rows } = await s.db.execute<{ created_at: string }>(sql`
    delete from blocks where user_id = ${userId} and blocked_id = ${blockedId}
    returning created_at`);
  const removed = rows[0];
  if (!removed) throw notFound('You do not block this user', 'block_not_found');
  const client = await s.stream();
  await pushOrUndo(s, [], () => stream.unmute(client, userId, blockedId), {
    what: 'unblock',
    run: () =>
      s.db.execute(sql`insert into blocks (user_id, blocked_id, created_at)
        values (${userId}, ${blockedId}, ${removed.created_at}) on conflict do nothing`),
  });
}
