/**
 * Messages live in Stream only; our database decides who may reach which channel, and what
 * their names are.
 *
 * Round trips: send = 1 DB statement (the channel must be live in the caller's tenant and the
 * sender still a member of it; a first send also records their channel membership), then
 * Stream: the send and, on a first send, the Stream membership add run in parallel: 2 serial.
 * Read = Stream, then one DB statement that checks the channel's tenant and reads the authors'
 * names: 2 serial. The names shown are ours, never what a Stream user object says.
 *
 * Idempotency: with an Idempotency-Key the message id is an HMAC (server secret) of tenant,
 * user, channel and key, so nobody can compute another user's id and post it first. A retry
 * maps to the same id; Stream refuses the reused id and we answer the stored message if it is
 * the caller's with the same text (422 for other text, 409 if it is not theirs).
 */
import { sql } from 'drizzle-orm';
import { ApiError, badRequest, conflict, forbidden, notFound } from '../core/errors';
import type { TenantPrincipal } from '../core/types';
import { uuidArray } from '../db/arrays';
import { membershipRequired } from '../db/errors';
import type { RequestServices, Services } from '../runtime/services';
import { streamErrorCode } from '../stream/errors';
import * as stream from '../stream/gateway';
import { repairLater, settle, toMarks, upsertMarks, withJoins } from '../sync/outbox';
import { notAMember } from './current-role';
import { messageIdFor } from './message-ids';
import { banned, filtered } from './send-checks';

const channelNotFound = () => notFound('No such channel in this tenant', 'channel_not_found');

export const bannedHere = () => forbidden('You are banned from sending messages here', 'banned');

export const messageBlocked = () =>
  new ApiError(
    422,
    'message_blocked',
    "The message contains a word this tenant's filter does not allow",
  );

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
  // One statement: the live channel, the sender's current tenant membership, their bans and the
  // tenant's word filter, and their channel membership (recorded on a first send, with its
  // marker, only when the message may go). A removal from the tenant that commits first makes
  // the insert fail on its foreign key: the same answer as not a member.
  const { rows } = await membershipRequired(
    () =>
      s.db.execute<{
        member: boolean;
        name: string | null;
        channel_id: string | null;
        banned: boolean;
        filtered: boolean;
        marks: unknown;
      }>(sql`
    with member as (
      select u.name from memberships m join users u on u.id = m.user_id
      where m.tenant_id = ${p.tenantId} and m.user_id = ${p.userId}),
    live as (
      select id from channels
      where stream_id = ${input.streamId} and tenant_id = ${p.tenantId}
        and status = 'active' and archived_at is null and exists (select 1 from member)),
    refused as (
      select ${banned(p.tenantId, p.userId, sql`(select id from live)`)} as banned,
        ${filtered(p.tenantId, input.text)} as filtered),
    ch as (
      select id from live where not (select banned or filtered from refused)),
    joined as (
      insert into channel_members (channel_id, tenant_id, user_id)
      select id, ${p.tenantId}, ${p.userId} from ch
      on conflict do nothing returning 1),
    mark as (${upsertMarks(s, 'channel', sql`select ${input.streamId}::text where exists (select 1 from joined)`)})
    select exists (select 1 from member) as member, (select name from member) as name,
      (select id from live) as channel_id, (select banned from refused) as banned,
      (select filtered from refused) as filtered,
      (select json_agg(mark) from mark) as marks`),
    notAMember,
  );
  const row = rows[0];
  if (!row?.member) throw notAMember();
  if (!row.channel_id) throw channelNotFound();
  if (row.banned) throw bannedHere();
  if (row.filtered) throw messageBlocked();
  // The marker is settled only while the database still has the sender in the channel.
  const marks = withJoins(toMarks(row.marks), [p.userId]);

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
  const named = (m: stream.ChatMessage) => (row.name === null ? m : { ...m, user_name: row.name });
  if (sent.status === 'fulfilled') return { message: named(sent.value), replayed: false };
  const err: unknown = sent.reason;
  if (!input.idempotencyKey || !stream.isDuplicateMessage(err)) throw err;
  return { message: named(await replay(s, p, input, id, err)), replayed: true };
}

/**
 * The tenant check for reads, the names of `authors` and whom the reader blocks, in one
 * statement: null when the channel is not the tenant's (or does not exist).
 */
async function readableWithNames(
  s: Services,
  reader: TenantPrincipal,
  streamId: string,
  authors: string[],
): Promise<{ names: Map<string, string>; blocked: Set<string> } | null> {
  const { rows } = await s.db.execute<{
    names: Record<string, string> | null;
    blocked: string[] | null;
  }>(sql`
    select (select json_object_agg(u.id, u.name) from users u where u.id = any(${uuidArray(authors)})) as names,
      (select array_agg(b.blocked_id) from blocks b
        where b.user_id = ${reader.userId} and b.blocked_id = any(${uuidArray(authors)})) as blocked
    from channels c
    where c.stream_id = ${streamId} and c.tenant_id = ${reader.tenantId} and c.status = 'active'`);
  const row = rows[0];
  return row
    ? { names: new Map(Object.entries(row.names ?? {})), blocked: new Set(row.blocked ?? []) }
    : null;
}

/** Stream's page, or Stream's error once the channel is known to be the caller's. */
async function streamPage(
  s: Services,
  reader: TenantPrincipal,
  input: { streamId: string; limit: number; before?: string },
): Promise<stream.ChatMessage[]> {
  try {
    return await stream.listMessages(await s.stream(), input.streamId, {
      limit: input.limit,
      before: input.before,
    });
  } catch (err) {
    // Another tenant's channel, or no channel: 404, whatever Stream said about it.
    if (!(await readableWithNames(s, reader, input.streamId, []))) throw channelNotFound();
    // Stream refuses (code 4, input error) a `before` that is no message of the channel: that
    // is the client's input, so a 400, not a 502.
    if (input.before !== undefined && streamErrorCode(err) === 4) {
      throw badRequest('validation_failed', 'The request is invalid; see details', [
        { field: 'query.before', message: 'Not a message id of this channel (use next_before)' },
      ]);
    }
    throw err;
  }
}

/**
 * A page of a channel's messages with our names for their authors, without the messages of
 * authors the reader blocks, and without the text of deleted ones. Stream is read first and
 * nothing of it leaves before the tenant check, which reads the names in the same statement.
 */
export async function listMessages(
  s: Services,
  reader: TenantPrincipal,
  input: { streamId: string; limit: number; before?: string },
): Promise<{ messages: stream.ChatMessage[]; next_before: string | null }> {
  const page = await streamPage(s, reader, input);
  const authors = [...new Set(page.map((m) => m.user_id).filter(Boolean))];
  const readable = await readableWithNames(s, reader, input.streamId, authors);
  if (!readable) throw channelNotFound();
  const messages = page
    .filter((m) => !readable.blocked.has(m.user_id))
    .map(({ user_name: _streams, ...m }) => {
      const name = readable.names.get(m.user_id);
      const shown = m.type === 'deleted' ? { ...m, text: '' } : m;
      return name === undefined ? shown : { ...shown, user_name: name };
    });
  // Pages follow Stream's: a page whose messages are all hidden still leads to the next.
  const full = page.length === input.limit;
  return { messages, next_before: full ? (page[0]?.id ?? null) : null };
}
