/**
 * Reads of a channel's messages besides the channel query (Stream's OpenAPI):
 *   GET /channels/{type}/{id}/messages?ids=a,b         GetManyMessages → {messages}
 *     (`channel.getMessagesById`): the channel's messages among `ids`, oldest first; unknown ids
 *     and messages of other channels are left out.
 *   GET /channels/{type}/{id}/pinned_messages?payload=  GetPinnedMessages → {messages}
 *     (`channel.getPinnedMessages(options, sort)`,
 *     https://getstream.io/chat/docs/javascript/pinned_messages/): `limit` (default 10, at most
 *     100 — ours, undocumented), `offset`, `pinned_at_{before,after}[_or_equal]`,
 *     `id_{lt,lte,gt,gte}` (relative to that message's place among the pins); sort only on
 *     `pinned_at` (as Stream's SDKs say), default newest pin first. `*_around` are not emulated.
 * Both need read-channel for a user token.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { assertUserMay } from '../access';
import { parseWith, readQueryPayload } from '../body';
import type { EmulatorContext } from '../context';
import { actingUser, type StreamEnv } from '../env';
import { channelNotFound, inputError } from '../errors';
import { idPaginationShape } from '../messages';
import { notEmulated } from '../not-emulated';
import { operation } from '../operation';
import { pinnedMessages } from '../pins';
import { presentMessage } from '../present';
import type { ChannelRecord, StreamStore } from '../store';
import { respond } from '../wire';

const IDS_MAX = 100;
const PINNED_LIMIT_DEFAULT = 10;
const PINNED_LIMIT_MAX = 100;

const pinnedSchema = z.looseObject({
  ...idPaginationShape,
  pinned_at_before: z.string().optional(),
  pinned_at_before_or_equal: z.string().optional(),
  pinned_at_after: z.string().optional(),
  pinned_at_after_or_equal: z.string().optional(),
  pinned_at_around: z.string().optional(),
  sort: z
    .array(z.looseObject({ field: z.string(), direction: z.number() }))
    .optional()
    .nullable(),
});

function readableChannel(store: StreamStore, c: Context<StreamEnv>): ChannelRecord {
  const cid = `${c.req.param('type')}:${c.req.param('id')}`;
  const channel = store.liveChannel(cid);
  if (!channel) throw channelNotFound(cid);
  assertUserMay(store, c.get('auth'), 'ReadChannel', { channel });
  return channel;
}

export function registerChannelMessageRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;

  app.get('/channels/:type/:id/messages', operation('GetManyMessages', deps), (c) => {
    const channel = readableChannel(store, c);
    const ids = (c.req.query('ids') ?? '').split(',').filter((id) => id !== '');
    if (ids.length === 0) throw inputError('ids is a required field');
    if (ids.length > IDS_MAX) throw inputError(`ids must contain at most ${IDS_MAX} items`);
    const wanted = new Set(ids);
    const viewerId = actingUser(c.get('auth'));
    const messages = store.currentMessages(channel).filter((m) => wanted.has(m.id));
    return respond(c, { messages: messages.map((m) => presentMessage(store, m, viewerId)) });
  });

  app.get('/channels/:type/:id/pinned_messages', operation('GetPinnedMessages', deps), (c) => {
    const channel = readableChannel(store, c);
    const params = parseWith(pinnedSchema, readQueryPayload(c.req.query('payload')));
    if (params.id_around !== undefined || params.pinned_at_around !== undefined) {
      throw notEmulated('GetPinnedMessages with id_around or pinned_at_around');
    }
    const sort = params.sort ?? [];
    for (const { field } of sort) {
      if (field !== 'pinned_at') throw inputError(`sort field ${field} is not supported`);
    }
    const descending = (sort[0]?.direction ?? -1) === -1;
    const all = pinnedMessages(store, channel);
    const position = (id: string) => {
      const index = all.findIndex((m) => m.id === id);
      if (index < 0) throw inputError(`message "${id}" is not a pinned message of ${channel.cid}`);
      return index;
    };
    let selected = all.filter((m, index) => {
      const pinnedAt = m.pinned_at ?? '';
      return (
        (params.pinned_at_before === undefined || pinnedAt < params.pinned_at_before) &&
        (params.pinned_at_before_or_equal === undefined ||
          pinnedAt <= params.pinned_at_before_or_equal) &&
        (params.pinned_at_after === undefined || pinnedAt > params.pinned_at_after) &&
        (params.pinned_at_after_or_equal === undefined ||
          pinnedAt >= params.pinned_at_after_or_equal) &&
        (params.id_lt === undefined || index < position(params.id_lt)) &&
        (params.id_lte === undefined || index <= position(params.id_lte)) &&
        (params.id_gt === undefined || index > position(params.id_gt)) &&
        (params.id_gte === undefined || index >= position(params.id_gte))
      );
    });
    if (descending) selected = selected.reverse();
    const limit = Math.min(params.limit ?? PINNED_LIMIT_DEFAULT, PINNED_LIMIT_MAX);
    const offset = params.offset ?? 0;
    const viewerId = actingUser(c.get('auth'));
    return respond(c, {
      messages: selected
        .slice(offset, offset + limit)
        .map((m) => presentMessage(store, m, viewerId)),
    });
  });
}
