/**
 * Messages live in Stream only; our database decides who may reach which channel.
 *
 * Round trips: send = 1 DB statement (the channel must be live in the caller's tenant and the
 * sender still a member of it; a first send also records their channel membership), then
 * Stream: the send and, on a first send, the Stream membership add run in parallel: 2 serial.
 * Read = 1 Stream call when this isolate already knows the channel's tenant, else 2 serial.
 *
 * Idempotency: with an Idempotency-Key the message id is an HMAC (server secret) of tenant,
 * user, channel and key, so nobody can compute another user's id and post it first. A retry
 * maps to the same id; Stream refuses the reused id and we answer the stored message if it is
 * the caller's with the same text (422 for other text, 409 if it is not theirs).
 */
import { and, eq, sql } from 'drizzle-orm';
import { ApiError, badRequest, conflict, notFound } from '../core/errors';
import type { TenantPrincipal } from '../core/types';
import { channels } from '../db/schema';
import type { RequestServices, Services } from '../runtime/services';
import { streamErrorCode } from '../stream/errors';
import * as stream from '../stream/gateway';
import { repairLater, settle, toMarks, upsertMarks } from '../sync/outbox';
import { knownChannelTenant, rememberChannelTenant } from './channel-directory';
import { notAMember } from './current-role';
import { messageIdFor } from './message-ids';

const channelNotFound = () => notFound('No such channel in this tenant', 'channel_not_found');

/** The stored message for a reused id: a replay if it is the caller's same message. */
async function replay(
  s: Services,
  p: TenantPrincipal,
  input: { streamId: string; text: string },
  id: string,
  original: unknown,
): Promise<stream.ChatMessage> {
  let stored: stream.ChatMessage | undefined;
  try {
    [stored] = await stream.listMessages(await s.stream(), input.streamId, { limit: 1, upTo: id });
  } catch (err) {
    // Code 4: the id is not a message of this channel.
    if (streamErrorCode(err) !== 4) throw err;
  }
  if (!stored) throw original;
  if (stored.id !== id || stored.user_id !== p.userId) {
    throw conflict(
      'A different message already uses this Idempotency-Key; send with a new key',
      'idempotency_conflict',
    );
  }
  if (stored.text !== input.text) {
    throw new ApiError(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was already used for a message with different text',
    );
  }
  return stored;
}

export async function sendMessage(
  s: RequestServices,
  p: TenantPrincipal,
  input: { streamId: string; text: string; idempotencyKey?: string },
): Promise<{ message: stream.ChatMessage; replayed: boolean }> {
  // One statement: the live channel, the sender's current tenant membership, and their channel
  // membership (recorded on a first send, with its marker).
  const { rows } = await s.db.execute<{
    member: boolean;
    channel_id: string | null;
    marks: unknown;
  }>(sql`
    with member as (
      select 1 from memberships where tenant_id = ${p.tenantId} and user_id = ${p.userId}),
    ch as (
      select id from channels
      where stream_id = ${input.streamId} and tenant_id = ${p.tenantId}
        and status = 'active' and archived_at is null and exists (select 1 from member)),
    joined as (
      insert into channel_members (channel_id, user_id) select id, ${p.userId} from ch
      on conflict do nothing returning 1),
    mark as (${upsertMarks(s, 'channel', sql`select ${input.streamId}::text where exists (select 1 from joined)`)})
    select exists (select 1 from member) as member, (select id from ch) as channel_id,
      (select json_agg(mark) from mark) as marks`);
  const row = rows[0];
  if (!row?.member) throw notAMember();
  if (!row.channel_id) throw channelNotFound();
  rememberChannelTenant(input.streamId, p.tenantId);
  const marks = toMarks(row.marks);

  const id = input.idempotencyKey
    ? await messageIdFor(s.config.jwt.secret, {
        tenantId: p.tenantId,
        userId: p.userId,
        streamId: input.streamId,
        key: input.idempotencyKey,
      })
    : crypto.randomUUID();
  const client = await s.stream();
  const [sent, joined] = await Promise.allSettled([
    stream.sendMessage(client, input.streamId, { id, text: input.text, userId: p.userId }),
    // First send: the sender joins the Stream channel so their frontend can watch it.
    marks.length > 0 ? stream.addMembers(client, input.streamId, [p.userId]) : undefined,
  ]);
  // A posted message must not be reported as failed (a retry would post it twice): a failed
  // join is left to the repair.
  if (joined.status === 'fulfilled') settle(s, marks);
  else repairLater(s, marks);
  if (sent.status === 'fulfilled') return { message: sent.value, replayed: false };
  const err: unknown = sent.reason;
  if (!input.idempotencyKey || !stream.isDuplicateMessage(err)) throw err;
  return { message: await replay(s, p, input, id, err), replayed: true };
}

/** The tenant check for reads: from the isolate's directory when known, else one DB read. */
async function assertReadable(s: Services, tenantId: string, streamId: string): Promise<void> {
  const known = knownChannelTenant(streamId);
  if (known !== undefined) {
    if (known !== tenantId) throw channelNotFound();
    return;
  }
  const [row] = await s.db
    .select({ tenantId: channels.tenantId })
    .from(channels)
    .where(and(eq(channels.streamId, streamId), eq(channels.status, 'active')))
    .limit(1);
  if (!row) throw channelNotFound();
  rememberChannelTenant(streamId, row.tenantId);
  if (row.tenantId !== tenantId) throw channelNotFound();
}

export async function listMessages(
  s: Services,
  tenantId: string,
  input: { streamId: string; limit: number; before?: string },
): Promise<{ messages: stream.ChatMessage[]; next_before: string | null }> {
  await assertReadable(s, tenantId, input.streamId);
  let messages: stream.ChatMessage[];
  try {
    messages = await stream.listMessages(await s.stream(), input.streamId, {
      limit: input.limit,
      before: input.before,
    });
  } catch (err) {
    // Stream refuses (code 4, input error) a `before` that is no message of the channel: that
    // is the client's input, so a 400, not a 502.
    if (input.before !== undefined && streamErrorCode(err) === 4) {
      throw badRequest('validation_failed', 'The request is invalid; see details', [
        { field: 'query.before', message: 'Not a message id of this channel (use next_before)' },
      ]);
    }
    throw err;
  }
  const full = messages.length === input.limit;
  return { messages, next_before: full ? (messages[0]?.id ?? null) : null };
}
