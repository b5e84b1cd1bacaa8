/**
 * `DELETE /messages/{message_id}`: authors delete their own messages; moderators and admins any
 * message of the tenant; only admins hard-delete (Stream removes the message, its reactions and
 * replies). The deletion is a row in `message_deletions`, written with its marker (and, when it is
 * a moderator's or admin's deletion of another's message, its audit row) in one statement; Stream
 * follows. A deletion is never undone: when Stream fails, the answer is the 5xx, the row stands
 * and the repair deletes the message in Stream; a retry is safe and writes no second audit row.
 *
 * Round trips: Stream (read the message: its channel and author), one DB statement, Stream (the
 * delete): 3 serial.
 */
import { type SQL, sql } from 'drizzle-orm';
import { forbidden, notFound } from '../core/errors';
import type { Role, TenantPrincipal } from '../core/types';
import type { RequestServices } from '../runtime/services';
import * as stream from '../stream/gateway';
import { toMarks, upsertMarks } from '../sync/outbox';
import { pushOrUndo } from '../sync/push';
import { auditRow } from './audit';
import { currentRole, notAMember } from './current-role';

export const messageNotFound = () =>
  notFound('No such message in this tenant', 'message_not_found');

/** The message from Stream, when it is in a channel of our type (the tenant check is the caller's). */
export async function streamMessage(
  s: RequestServices,
  messageId: string,
): Promise<stream.StoredMessage> {
  const message = await stream.getMessage(await s.stream(), messageId);
  if (!message || message.channelType !== stream.CHANNEL_TYPE) throw messageNotFound();
  return message;
}

/**
 * The insert of a message's deletion, when `when` holds; a hard deletion upgrades a soft one
 * (nothing else changes a deletion, so a retry inserts nothing). Returns a row when it wrote.
 */
export function deletionInsert(d: {
  messageId: string | SQL;
  tenantId: string;
  hard: boolean;
  by: string;
  when: SQL;
}): SQL {
  return sql`insert into message_deletions (message_id, tenant_id, hard, deleted_by)
    select ${d.messageId}, ${d.tenantId}, ${d.hard}, ${d.by} where ${d.when}
    on conflict (message_id) do update set hard = true, deleted_by = excluded.deleted_by,
      created_at = now()
      where excluded.hard and not message_deletions.hard
        and message_deletions.tenant_id = excluded.tenant_id
    returning 1`;
}

/** Who may delete: the author their own; moderators and admins any; hard deletion admins only. */
export function assertMayDelete(role: Role, isAuthor: boolean, hard: boolean): void {
  if (hard && role !== 'admin') {
    throw forbidden('Only an admin can hard-delete a message', 'insufficient_role');
  }
  if (!isAuthor && role === 'member') {
    throw forbidden('Only moderators and admins can delete the messages of others', 'not_author');
  }
}

/**
 * Deletes `messageId` for `p` (soft, or hard with `hard`). `found` is the message when the caller
 * already read it (a report's resolution), to spare the Stream read.
 */
export async function deleteMessage(
  s: RequestServices,
  p: TenantPrincipal,
  messageId: string,
  options: { hard: boolean; found?: stream.StoredMessage },
): Promise<void> {
  const message = options.found ?? (await streamMessage(s, messageId));
  const isAuthor = message.userId === p.userId;
  const { rows } = await s.db.execute<{
    ours: boolean;
    role: Role | null;
    marks: unknown;
  }>(sql`
    with caller as (select ${currentRole(p.tenantId, p.userId)} as role),
    ours as (select 1 from channels where stream_id = ${message.streamId}
      and tenant_id = ${p.tenantId}),
    allowed as (
      select 1 from caller, ours
      where caller.role is not null
        and (${isAuthor} or caller.role in ('admin', 'moderator'))
        and (not ${options.hard} or caller.role = 'admin')),
    ins as (${deletionInsert({
      messageId,
      tenantId: p.tenantId,
      hard: options.hard,
      by: p.userId,
      when: sql`exists (select 1 from allowed)`,
    })}),
    mark as (${upsertMarks(s, 'message', sql`select ${messageId}::text where exists (select 1 from allowed)`)}),
    audit as (${auditRow(s, {
      tenantId: p.tenantId,
      actorId: p.userId,
      action: 'message.deleted',
      targetType: 'message',
      targetId: messageId,
      details: {
        channel_stream_id: message.streamId,
        author_id: message.userId,
        hard: options.hard,
      },
      when: sql`${!isAuthor} and exists (select 1 from ins)`,
    })})
    select exists (select 1 from ours) as ours, (select role from caller) as role,
      (select json_agg(mark) from mark) as marks`);
  const row = rows[0]!;
  if (!row.ours) throw messageNotFound();
  if (!row.role) throw notAMember();
  assertMayDelete(row.role, isAuthor, options.hard);
  const client = await s.stream();
  await pushOrUndo(s, toMarks(row.marks), () =>
    stream.deleteMessage(client, messageId, options.hard),
  );
}
