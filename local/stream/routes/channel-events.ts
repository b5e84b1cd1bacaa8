/**
 * Realtime calls on a channel (https://getstream.io/chat/docs/node/event_object/):
 *   POST /channels/{type}/{id}/event          SendEvent (typing.start/stop, custom events)
 *   POST /channels/{type}/{id}/read           MarkRead (with `thread_id`: ./thread-read.ts)
 *   POST /channels/{type}/{id}/unread         MarkUnread {message_id}
 *   POST /channels/{type}/{id}/stop-watching  StopWatching
 *   POST /channels/read                       MarkAllRead
 *   GET  /unread                              UnreadCounts
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { assertUserMay } from '../access';
import { actorId } from '../actor';
import { parseWith, readJsonBody } from '../body';
import { channelConfig } from '../channel-types';
import { nowTimestamp } from '../clock';
import type { EmulatorContext } from '../context';
import type { StreamEnv } from '../env';
import { channelNotFound, inputError, notAllowedError } from '../errors';
import { isBuiltInEventType } from '../event-types';
import { operation } from '../operation';
import { presentUser } from '../present';
import { markRead, markUnread, unreadMessages } from '../reads';
import type { ChannelRecord, StreamStore } from '../store';
import { unreadCounts } from '../unread-counts';
import { respond } from '../wire';
import { markReadAnswer } from './read-answer';
import { markThreadReadRoute } from './thread-read';

const sendEventSchema = z.looseObject({
  event: z.looseObject({
    type: z.string().min(1),
    parent_id: z.string().optional(),
    user_id: z.string().optional(),
    user: z.looseObject({ id: z.string() }).optional(),
  }),
});
const readSchema = z.looseObject({
  user_id: z.string().optional(),
  message_id: z.string().optional(),
  thread_id: z.string().optional(),
});
const unreadSchema = z.looseObject({ user_id: z.string().optional(), message_id: z.string() });

function liveChannel(store: StreamStore, type: string, id: string): ChannelRecord {
  const cid = `${type}:${id}`;
  const channel = store.liveChannel(cid);
  if (!channel) throw channelNotFound(cid);
  return channel;
}

export function registerChannelEventRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  const channelOf = (c: { req: { param(name: string): string } }) =>
    liveChannel(store, c.req.param('type'), c.req.param('id'));
  /** MarkRead/MarkUnread: the channel, and the reader (token user, or `user_id` server-side). */
  const reader = (c: Context<StreamEnv>, namedUserId: string | undefined) => {
    const channel = channelOf(c);
    const auth = c.get('auth');
    const userId = actorId(store, auth, namedUserId, 'read state');
    assertUserMay(store, auth, 'ReadChannel', { channel });
    return { channel, userId };
  };

  app.post('/channels/:type/:id/event', operation('SendEvent', deps), async (c) => {
    const { event } = parseWith(sendEventSchema, await readJsonBody(c));
    const channel = channelOf(c);
    const auth = c.get('auth');
    const userId = actorId(store, auth, event.user?.id ?? event.user_id, 'events');
    const config = channelConfig(store, channel.type);
    const typing = event.type === 'typing.start' || event.type === 'typing.stop';
    assertUserMay(store, auth, typing ? 'ReadChannel' : 'SendCustomEvent', { channel });
    if (typing) {
      if (!config.typing_events)
        throw notAllowedError(`typing events are disabled for channel type ${channel.type}`);
      const parentId = event.parent_id;
      store.emit({
        type: event.type as 'typing.start' | 'typing.stop',
        channel,
        actorId: userId,
        userId,
        ...(parentId ? { parentId } : {}),
      });
    } else {
      if (isBuiltInEventType(event.type)) {
        // Stream's own event types (message.new, ...) cannot be sent as custom events.
        throw inputError(`event type "${event.type}" cannot be sent with SendEvent`);
      }
      const { type: eventType, user: _u, user_id: _id, ...data } = event;
      store.emit({ type: 'custom', channel, actorId: userId, userId, eventType, data });
    }
    const user = store.users.get(userId);
    return respond(
      c,
      {
        event: {
          ...event,
          cid: channel.cid,
          channel_id: channel.id,
          channel_type: channel.type,
          user: user ? presentUser(store, user) : { id: userId },
          created_at: nowTimestamp(),
        },
      },
      201,
    );
  });

  app.post('/channels/:type/:id/read', operation('MarkRead', deps), async (c) => {
    const body = parseWith(readSchema, await readJsonBody(c));
    const { channel, userId } = reader(c, body.user_id);
    if (!channel.members.has(userId))
      throw inputError(`user "${userId}" is not a member of channel ${channel.cid}`);
    if (body.thread_id !== undefined)
      return markThreadReadRoute(c, store, channel, userId, body.thread_id);
    const read = markRead(store, channel, userId);
    return markReadAnswer(c, store, channel, userId, {
      created_at: read.last_read,
      ...(read.last_read_message_id ? { last_read_message_id: read.last_read_message_id } : {}),
    });
  });

  app.post('/channels/:type/:id/unread', operation('MarkUnread', deps), async (c) => {
    const body = parseWith(unreadSchema, await readJsonBody(c));
    const { channel, userId } = reader(c, body.user_id);
    const message = store.messages.get(body.message_id);
    if (!message || message.cid !== channel.cid || message.parent_id !== undefined) {
      throw inputError(`message "${body.message_id}" is not a message of channel ${channel.cid}`);
    }
    markUnread(store, channel, userId, message);
    return respond(c, {}, 201);
  });

  app.post('/channels/:type/:id/stop-watching', operation('StopWatching', deps), (c) => {
    const channel = channelOf(c);
    const connectionId = c.req.query('connection_id');
    if (connectionId) ctx.watches.stopWatching(connectionId, channel.cid);
    return respond(c, {}, 201);
  });

  app.post('/channels/read', operation('MarkAllRead', deps), async (c) => {
    const body = parseWith(readSchema, await readJsonBody(c));
    const userId = actorId(store, c.get('auth'), body.user_id, 'mark read');
    for (const channel of store.channels.values()) {
      if (
        !channel.deleted_at &&
        channel.members.has(userId) &&
        unreadMessages(store, channel, userId).length > 0
      ) {
        markRead(store, channel, userId);
      }
    }
    return respond(c, {}, 201);
  });

  app.get('/unread', operation('UnreadCounts', deps), (c) => {
    const userId = actorId(store, c.get('auth'), c.req.query('user_id'), 'unread counts');
    return respond(c, unreadCounts(store, userId));
  });
}
