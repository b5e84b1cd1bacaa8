/**
 * `GET /search?payload={...}` — Search (https://getstream.io/chat/docs/node/search/), as
 * `client.search(filterConditions, query, options)` and `channel.search(query, options)` send
 * it, server-side or with a user token (then only channels the user may read, as QueryChannels):
 * the messages of the channels `filter_conditions` matches (required, not empty; the
 * query-channels filter language) that `message_filter_conditions` matches (fields `id`, `text`,
 * `type`, `user.id`, `created_at`, `updated_at`, with the same operators) or, for a string
 * `query`, whose text holds every word of it (case-insensitive; Stream's full-text ranking and
 * stemming are not emulated). Soft-deleted messages and channels, and messages of a channel's
 * earlier life, are left out. `sort` on `created_at`,
 * `updated_at` or `id` (default: `created_at` ascending, then id); `limit` 1–100 (default 20);
 * `offset` ≤ 1000, or `next`, the cursor an earlier page answered (never both). The answer:
 * `{results: [{message}], next?}`, `next` only when more results follow.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { parseWith, readQueryPayload } from '../body';
import type { EmulatorContext } from '../context';
import { actingUser, type StreamEnv } from '../env';
import { inputError } from '../errors';
import { matchesFilter, matchesRecord, type SortEntry, sortRecords } from '../filters';
import { operation } from '../operation';
import { canReadChannel } from '../permissions';
import { presentMessage } from '../present';
import type { MessageRecord } from '../store';
import { respond } from '../wire';

const LIMIT_DEFAULT = 20;
const LIMIT_MAX = 100;
const OFFSET_MAX = 1000;
const SORT_FIELDS = new Set(['created_at', 'updated_at', 'id']);

const payloadSchema = z.looseObject({
  filter_conditions: z.record(z.string(), z.unknown()),
  message_filter_conditions: z.record(z.string(), z.unknown()).optional(),
  query: z.string().optional(),
  sort: z
    .array(z.looseObject({ field: z.string(), direction: z.number() }))
    .optional()
    .nullable(),
  limit: z.number().int().optional(),
  offset: z.number().int().optional(),
  next: z.string().optional(),
});

function messageField(message: MessageRecord, field: string): unknown {
  switch (field) {
    case 'id':
    case 'text':
    case 'type':
    case 'created_at':
    case 'updated_at':
      return message[field];
    case 'user.id':
      return message.user_id;
    default:
      throw inputError(
        `message filter field ${field} is not supported by the local Stream emulator`,
      );
  }
}

/** The opaque cursor of the page after `offset` results (ours: the offset, encoded). */
const cursorFor = (offset: number) => btoa(JSON.stringify({ offset }));

function offsetOf(next: string): number {
  try {
    const { offset } = JSON.parse(atob(next)) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // Falls through to the error below.
  }
  throw inputError('next is not a valid cursor');
}

export function registerSearchRoute(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  app.get('/search', operation('Search', deps), (c) => {
    const payload = parseWith(payloadSchema, readQueryPayload(c.req.query('payload')));
    if (Object.keys(payload.filter_conditions).length === 0) {
      throw inputError('filter_conditions is required and cannot be empty');
    }
    const words = (payload.query ?? '')
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => w !== '');
    if (payload.offset && payload.next) throw inputError('cannot specify offset with next');
    const limit = payload.limit || LIMIT_DEFAULT;
    if (limit < 1 || limit > LIMIT_MAX) throw inputError(`limit must be ${LIMIT_MAX} or less`);
    const offset = payload.next ? offsetOf(payload.next) : (payload.offset ?? 0);
    if (offset < 0 || (!payload.next && offset > OFFSET_MAX)) {
      throw inputError(`offset must be ${OFFSET_MAX} or less`);
    }
    const sort: SortEntry[] =
      payload.sort && payload.sort.length > 0
        ? payload.sort
        : [{ field: 'created_at', direction: 1 }];
    for (const { field } of sort) {
      if (!SORT_FIELDS.has(field)) throw inputError(`sort field ${field} is not supported`);
    }
    const filter = payload.message_filter_conditions ?? {};
    const auth = c.get('auth');
    const channels = [...store.channels.values()].filter(
      (channel) =>
        !channel.deleted_at &&
        canReadChannel(store, auth, channel) &&
        matchesFilter(channel, payload.filter_conditions),
    );
    const hasWords = (message: MessageRecord) =>
      words.every((word) => message.text.toLowerCase().includes(word));
    const found: MessageRecord[] = [];
    for (const channel of channels) {
      for (const message of store.currentMessages(channel)) {
        if (message.deleted_at) continue;
        if (matchesRecord(message, filter, messageField) && hasWords(message)) found.push(message);
      }
    }
    const sorted = sortRecords(found, sort, messageField, (m) => m.id);
    const page = sorted.slice(offset, offset + limit);
    const more = offset + limit < sorted.length;
    return respond(c, {
      results: page.map((message) => ({
        message: presentMessage(store, message, actingUser(auth)),
      })),
      ...(more ? { next: cursorFor(offset + limit) } : {}),
    });
  });
}
