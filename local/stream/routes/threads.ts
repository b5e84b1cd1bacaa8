/**
 * Threads (https://getstream.io/chat/docs/javascript/threads/; Stream's OpenAPI `QueryThreads`,
 * `GetThread`, `UpdateThreadPartial`), as stream-chat's `queryThreads`, `getThread` and
 * `partialUpdateThread` send them:
 *   POST  /threads               {filter?, sort?, limit?, reply_limit?, participant_limit?,
 *                                 watch?, next?, user_id? (server)} → {threads, next?}
 *   GET   /threads/{message_id}  ?reply_limit&participant_limit&watch → {thread}
 *   PATCH /threads/{message_id}  {set?: {title?, custom…}, unset?: [...]} → {thread}
 * QueryThreads lists the threads the user takes part in (author of the parent or a replier), in
 * channels they may read; filter fields `channel_cid`, `parent_message_id`,
 * `created_by_user_id` (the query-channels operators); sort on `last_message_at` (default,
 * newest first), `created_at`, `updated_at`, `reply_count`, `participant_count`. `next` is a
 * cursor of ours (the offset). `watch` subscribes the caller's connection to the threads'
 * channels; without a connection (server-side) it is ignored. A message without replies is not a thread: 404/16. Presentation in
 * ../threads.ts; UpdateThreadPartial sends `thread.updated` to the channel's watchers. Not
 * emulated: per-thread read state, `member_limit`.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { assertUserMay } from '../access';
import { actorId } from '../actor';
import { parseWith, readJsonBody } from '../body';
import { nowTimestamp } from '../clock';
import { applyWatch, checkWatch, type EmulatorContext } from '../context';
import { cursorFor, offsetOf } from '../cursor';
import { actingUser, type StreamEnv } from '../env';
import { ErrorCode, inputError, StreamError } from '../errors';
import { matchesRecord, type SortEntry, sortRecords } from '../filters';
import { visibleMessage } from '../message-changes';
import { operation } from '../operation';
import { canReadChannel } from '../permissions';
import type { CustomData, StreamStore } from '../store';
import {
  lastMessageAt,
  presentThread,
  type Thread,
  threadCreatedAt,
  threadOf,
  threadsIn,
  threadUpdatedAt,
} from '../threads';
import { respond } from '../wire';

/** Defaults as the SDK sends them; the maxima are ours (Stream does not document them). */
const LIMIT_DEFAULT = 10;
const LIMIT_MAX = 100;
const REPLY_LIMIT_DEFAULT = 3;
const PARTICIPANT_LIMIT_MAX = 100;
const RESERVED = new Set([
  'channel_cid',
  'parent_message_id',
  'parent_message',
  'created_by_user_id',
  'created_by',
  'reply_count',
  'participant_count',
  'thread_participants',
  'latest_replies',
  'created_at',
  'updated_at',
  'last_message_at',
  'deleted_at',
  'channel',
  'custom',
  'read',
]);

const queryIntegerSchema = z.coerce.number().int().min(0);
const querySchema = z.looseObject({
  filter: z.record(z.string(), z.unknown()).optional(),
  sort: z
    .array(z.looseObject({ field: z.string(), direction: z.number() }))
    .optional()
    .nullable(),
  limit: z.number().int().min(0).max(LIMIT_MAX).optional(),
  reply_limit: z.number().int().min(0).optional(),
  participant_limit: z.number().int().min(0).optional(),
  watch: z.boolean().optional(),
  next: z.string().optional(),
  user_id: z.string().optional(),
  user: z.looseObject({ id: z.string() }).optional(),
});
const partialSchema = z.looseObject({
  set: z.record(z.string(), z.unknown()).optional(),
  unset: z.array(z.string()).optional(),
  user_id: z.string().optional(),
});

const threadNotFound = (id: string) =>
  new StreamError(404, ErrorCode.DoesNotExist, `Thread ${id} not found`);

function threadField(thread: Thread, field: string): unknown {
  switch (field) {
    case 'channel_cid':
      return thread.channel.cid;
    case 'parent_message_id':
      return thread.parent.id;
    case 'created_by_user_id':
      return thread.parent.user_id;
    case 'last_message_at':
      return lastMessageAt(thread);
    case 'created_at':
      return threadCreatedAt(thread);
    case 'updated_at':
      return threadUpdatedAt(thread);
    case 'reply_count':
      return thread.parent.reply_count;
    case 'participant_count':
    case 'active_participant_count':
      return thread.parent.thread_participant_ids.length;
    default:
      throw inputError(`thread field ${field} is not supported by the local Stream emulator`);
  }
}

/**
 * The SDK sends `watch: true` by default, server-side too; with no connection to subscribe the
 * threads' channels are simply not watched (unlike a channel query, which refuses it).
 */
function watchWithConnection(watch: boolean | undefined, c: Context<StreamEnv>) {
  return { watch: watch === true && c.req.query('connection_id') !== undefined };
}

function threadAt(store: StreamStore, c: Context<StreamEnv>): Thread {
  const id = c.req.param('message_id') ?? '';
  const { message, channel } = visibleMessage(store, id);
  assertUserMay(store, c.get('auth'), 'ReadChannel', { channel });
  const thread = threadOf(store, channel, message);
  if (!thread) throw threadNotFound(id);
  return thread;
}

export function registerThreadRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;

  app.post('/threads', operation('QueryThreads', deps), async (c) => {
    const body = parseWith(querySchema, await readJsonBody(c));
    const watch = watchWithConnection(body.watch, c);
    checkWatch(ctx, c, watch);
    const auth = c.get('auth');
    const userId = actorId(store, auth, body.user_id ?? body.user?.id, 'threads');
    const asUser = { kind: 'user', userId } as const;
    const channels = [...store.channels.values()].filter(
      (channel) => !channel.deleted_at && canReadChannel(store, asUser, channel),
    );
    const found = threadsIn(store, channels).filter(
      (thread) =>
        thread.parent.thread_participant_ids.includes(userId) &&
        matchesRecord(thread, body.filter ?? {}, threadField),
    );
    const sort: SortEntry[] =
      body.sort && body.sort.length > 0 ? body.sort : [{ field: 'last_message_at', direction: -1 }];
    const sorted = sortRecords(found, sort, threadField, (t) => t.parent.id);
    const limit = body.limit || LIMIT_DEFAULT;
    const offset = body.next ? offsetOf(body.next) : 0;
    const page = sorted.slice(offset, offset + limit);
    applyWatch(ctx, c, watch, [...new Set(page.map((t) => t.channel.cid))]);
    const view = {
      viewerId: userId,
      replyLimit: body.reply_limit ?? REPLY_LIMIT_DEFAULT,
      participantLimit: Math.min(
        body.participant_limit ?? PARTICIPANT_LIMIT_MAX,
        PARTICIPANT_LIMIT_MAX,
      ),
    };
    return respond(c, {
      threads: page.map((thread) => presentThread(store, thread, view)),
      ...(offset + limit < sorted.length ? { next: cursorFor(offset + limit) } : {}),
    });
  });

  app.get('/threads/:message_id', operation('GetThread', deps), (c) => {
    const query = c.req.query();
    const watch = watchWithConnection(query.watch === 'true', c);
    checkWatch(ctx, c, watch);
    const thread = threadAt(store, c);
    applyWatch(ctx, c, watch, [thread.channel.cid]);
    const viewerId = actingUser(c.get('auth'));
    const replyLimit =
      query.reply_limit !== undefined
        ? parseWith(queryIntegerSchema, query.reply_limit)
        : REPLY_LIMIT_DEFAULT;
    const participantLimit =
      query.participant_limit !== undefined
        ? Math.min(parseWith(queryIntegerSchema, query.participant_limit), PARTICIPANT_LIMIT_MAX)
        : PARTICIPANT_LIMIT_MAX;
    return respond(c, {
      thread: presentThread(store, thread, {
        ...(viewerId !== undefined ? { viewerId } : {}),
        replyLimit,
        participantLimit,
      }),
    });
  });

  app.patch('/threads/:message_id', operation('UpdateThreadPartial', deps), async (c) => {
    const body = parseWith(partialSchema, await readJsonBody(c));
    const set = body.set ?? {};
    const unset = body.unset ?? [];
    if (Object.keys(set).length === 0 && unset.length === 0) {
      throw inputError('set or unset should contain at least one field');
    }
    for (const key of [...Object.keys(set), ...unset]) {
      if (RESERVED.has(key)) throw inputError(`field ${key} cannot be updated`);
    }
    if (set.title !== undefined && typeof set.title !== 'string') {
      throw inputError('title must be a string');
    }
    const thread = threadAt(store, c);
    assertUserMay(store, c.get('auth'), 'UpdateThread', {
      channel: thread.channel,
      ownerId: thread.parent.user_id,
    });
    const before = thread.parent.thread;
    const custom: CustomData = { ...(before?.custom ?? {}) };
    let title = before?.title;
    for (const [key, value] of Object.entries(set)) {
      if (key === 'title') title = value as string;
      else custom[key] = value;
    }
    for (const key of unset) {
      if (key === 'title') title = undefined;
      else delete custom[key];
    }
    thread.parent.thread = {
      ...(title !== undefined ? { title } : {}),
      custom,
      updated_at: nowTimestamp(),
    };
    store.emit({ type: 'thread.updated', channel: thread.channel, parent: thread.parent });
    const viewerId = actingUser(c.get('auth'));
    return respond(c, {
      thread: presentThread(store, thread, {
        ...(viewerId !== undefined ? { viewerId } : {}),
        replyLimit: REPLY_LIMIT_DEFAULT,
        participantLimit: PARTICIPANT_LIMIT_MAX,
      }),
    });
  });
}
