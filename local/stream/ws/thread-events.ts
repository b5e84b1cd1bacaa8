/**
 * Events of delivery receipts and threads (../deliveries.ts, ../thread-reads.ts, ../threads.ts;
 * payloads as Stream's OpenAPI `MessageDeliveredEvent`, `NotificationThreadMessageNewEvent`,
 * `ThreadUpdatedEvent` and stream-chat-js read them):
 *  - message.delivered to the channel's watchers;
 *  - after a reply, message.updated for its parent to watchers (reply_count,
 *    thread_participants) and notification.thread_message_new to the thread's other
 *    participants on every connection, with their `unread_threads`;
 *  - a thread read: message.read with the `thread` to watchers, notification.mark_read to the
 *    reader's connections;
 *  - thread.updated to watchers.
 */
import type { StreamEvent } from '../events';
import { presentMessage } from '../present';
import type { MessageRecord, StreamStore } from '../store';
import { presentThread, threadOf, unreadThreads } from '../threads';
import type { ClientConnection, ConnectionRegistry } from './connections';
import type { Fanout } from './fanout';

type ThreadEvent = Extract<
  StreamEvent,
  { type: 'message.delivered' | 'thread.parent_changed' | 'thread.read' | 'thread.updated' }
>;

export function routeThreadEvent(
  event: ThreadEvent,
  store: StreamStore,
  registry: ConnectionRegistry,
  { base, channelWire, send, watchers, userWire }: Fanout,
  /** ws/events.ts: sends an event about a message, minding shadowed messages. */
  sendAbout: (
    message: MessageRecord,
    to: ClientConnection[],
    wire: Record<string, unknown>,
  ) => void,
): void {
  switch (event.type) {
    case 'message.delivered': {
      send(watchers(event.channel.cid), {
        ...base('message.delivered', event.channel),
        ...userWire(event.userId),
        last_delivered_at: event.lastDeliveredAt,
        last_delivered_message_id: event.lastDeliveredMessageId,
      });
      return;
    }
    case 'thread.parent_changed': {
      // A reply changes its parent's reply_count and thread_participants: Stream sends the
      // reply's message.new and then message.updated for the parent (as stream-chat-react
      // issue #1183 describes), which is how watchers' channel state learns the new count.
      const { channel, parent, reply } = event;
      sendAbout(parent, watchers(channel.cid), {
        ...base('message.updated', channel),
        message: presentMessage(store, parent),
        message_id: parent.id,
        ...userWire(parent.user_id),
      });
      // The thread's other participants hear of a new reply wherever they are connected
      // (the SDK's ThreadManager marks the thread unseen), unless it is shadowed.
      if (reply && !reply.shadowed) {
        const participants = new Set(parent.thread_participant_ids);
        participants.delete(reply.user_id);
        const notification = {
          ...base('notification.thread_message_new', channel),
          channel: channelWire(channel),
          message: presentMessage(store, reply),
          thread_id: parent.id,
          ...userWire(reply.user_id),
        };
        for (const connection of registry.all().filter((c) => participants.has(c.userId))) {
          send([connection], {
            ...notification,
            unread_threads: unreadThreads(store, connection.userId),
          });
        }
      }
      return;
    }
    case 'thread.read': {
      // Stream's thread read: message.read with the thread to watchers (the SDK's channel
      // state skips it, its Thread state takes it), notification.mark_read with the thread
      // and the new counts to the reader's connections.
      const thread = threadOf(store, event.channel, event.parent);
      if (!thread) return;
      const read = {
        ...base('message.read', event.channel),
        ...userWire(event.userId),
        thread_id: thread.parent.id,
        thread: presentThread(store, thread, { replyLimit: 0, participantLimit: 0 }),
        ...(thread.replies.at(-1) ? { last_read_message_id: thread.replies.at(-1)?.id } : {}),
      };
      send(watchers(event.channel.cid), read);
      send(
        registry.forUser(event.userId),
        {
          ...read,
          type: 'notification.mark_read',
          unread_threads: unreadThreads(store, event.userId),
        },
        true,
      );
      return;
    }
    case 'thread.updated': {
      const thread = threadOf(store, event.channel, event.parent);
      if (!thread) return;
      send(watchers(event.channel.cid), {
        ...base('thread.updated', event.channel),
        thread: presentThread(store, thread, { replyLimit: 0, participantLimit: 0 }),
      });
      return;
    }
  }
}
