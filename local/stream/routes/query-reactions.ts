/**
 * `POST /messages/{id}/reactions` — QueryReactions (Stream's OpenAPI `QueryReactionsRequest`;
 * the SDK's `client.queryReactions(messageId, filter, sort, options)`): the message's reactions
 * that `filter` matches (fields `type`, `user_id`, `created_at`; the query-channels operators),
 * sorted on `created_at` (default newest first) or `score`; `limit` default 25, at most 100, and
 * `next` (a cursor of ours). Answer `{reactions, next?}`. A user token needs read-channel.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { assertUserMay } from '../access';
import { parseWith, readJsonBody } from '../body';
import type { EmulatorContext } from '../context';
import { cursorFor, offsetOf } from '../cursor';
import type { StreamEnv } from '../env';
import { inputError } from '../errors';
import { matchesRecord, type SortEntry, sortRecords } from '../filters';
import { visibleMessage } from '../message-changes';
import { operation } from '../operation';
import { presentReaction } from '../present';
import type { ReactionRecord } from '../store';
import { respond } from '../wire';

const LIMIT_DEFAULT = 25;
const LIMIT_MAX = 100;

const schema = z.looseObject({
  filter: z.record(z.string(), z.unknown()).optional().nullable(),
  sort: z
    .array(z.looseObject({ field: z.string(), direction: z.number() }))
    .optional()
    .nullable(),
  limit: z.number().int().min(0).max(LIMIT_MAX).optional(),
  next: z.string().optional(),
});

function reactionField(reaction: ReactionRecord, field: string): unknown {
  switch (field) {
    case 'type':
    case 'user_id':
    case 'created_at':
    case 'score':
      return reaction[field];
    default:
      throw inputError(`reaction field ${field} is not supported by the local Stream emulator`);
  }
}

export function registerQueryReactionsRoute(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  app.post('/messages/:id/reactions', operation('QueryReactions', deps), async (c) => {
    const body = parseWith(schema, await readJsonBody(c));
    const { message, channel } = visibleMessage(store, c.req.param('id'));
    assertUserMay(store, c.get('auth'), 'ReadChannel', { channel });
    const found = (store.reactions.get(message.id) ?? []).filter((reaction) =>
      matchesRecord(reaction, body.filter ?? {}, reactionField),
    );
    const sort: SortEntry[] =
      body.sort && body.sort.length > 0 ? body.sort : [{ field: 'created_at', direction: -1 }];
    const sorted = sortRecords(found, sort, reactionField, (r) => `${r.user_id}:${r.type}`);
    const limit = body.limit || LIMIT_DEFAULT;
    const offset = body.next ? offsetOf(body.next) : 0;
    return respond(c, {
      reactions: sorted.slice(offset, offset + limit).map((r) => presentReaction(store, r)),
      ...(offset + limit < sorted.length ? { next: cursorFor(offset + limit) } : {}),
    });
  });
}
