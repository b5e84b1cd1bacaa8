/**
 * Messages live in Stream only; our database decides who may reach which channel.
 *
 * Round trips: send = 1 DB read (the channel must be live in the caller's tenant; archiving can
 * happen in any isolate, so this is not cached) then Stream, where the send and, the first time
 * this isolate sees the sender in the channel, the membership add run in parallel: 2 serial.
 * Read = 1 Stream call when this isolate already knows the channel's tenant, else 2 serial.
 *
 * Idempotency: with an Idempotency-Key the message id is derived from (user, channel, key), so a
 * retried send cannot post twice: Stream refuses the reused id and we return the stored message.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { TenantPrincipal } from '../auth/middleware';
import { channels } from '../db/schema';
import { badRequest, notFound } from '../lib/errors';
import type { Services } from '../lib/types';
import { streamErrorCode } from '../stream/errors';
import * as stream from '../stream/gateway';
import {
  isKnownChannelMember,
  knownChannelTenant,
  rememberChannelMember,
  rememberChannelTenant,
} from './channel-directory';

const channelNotFound = () => notFound('No such channel in this tenant', 'channel_not_found');

/** A UUID-shaped id from SHA-256 of the inputs: the same retry always maps to the same id. */
async function idempotentMessageId(...parts: string[]): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(parts.join('\u0000'))),
  );
  const hex = [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export async function sendMessage(
  s: Services,
  p: TenantPrincipal,
  input: { streamId: string; text: string; idempotencyKey?: string },
): Promise<{ message: stream.ChatMessage; replayed: boolean }> {
  const [live] = await s.db
    .select({ id: channels.id })
    .from(channels)
    .where(
      and(
        eq(channels.streamId, input.streamId),
        eq(channels.tenantId, p.tenantId),
        eq(channels.status, 'active'),
        sql`${channels.archivedAt} is null`,
      ),
    )
    .limit(1);
  if (!live) throw channelNotFound();
  rememberChannelTenant(input.streamId, p.tenantId);

  const id = input.idempotencyKey
    ? await idempotentMessageId(p.userId, input.streamId, input.idempotencyKey)
    : crypto.randomUUID();
  const client = await s.stream();
  const joinFirst = !isKnownChannelMember(input.streamId, p.userId);
  const [sent, joined] = await Promise.allSettled([
    stream.sendMessage(client, input.streamId, { id, text: input.text, userId: p.userId }),
    // The sender joins the channel so their frontend can watch it.
    joinFirst ? stream.addMembers(client, input.streamId, [p.userId]) : undefined,
  ]);
  if (joined.status === 'fulfilled') {
    if (joinFirst) rememberChannelMember(input.streamId, p.userId);
  } else {
    // A posted message must not be reported as failed (a retry would post it twice); the join
    // is not remembered, so the sender's next message tries it again.
    console.warn(
      JSON.stringify({
        level: 'warn',
        code: 'channel_join_failed',
        stream_id: input.streamId,
        message: joined.reason instanceof Error ? joined.reason.message : String(joined.reason),
      }),
    );
  }
  if (sent.status === 'fulfilled') return { message: sent.value, replayed: false };
  const err: unknown = sent.reason;
  if (!input.idempotencyKey || !stream.isDuplicateMessage(err)) throw err;
  const [stored] = await stream.listMessages(client, input.streamId, { limit: 1, upTo: id });
  if (stored?.id !== id) throw err;
  return { message: stored, replayed: true };
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
