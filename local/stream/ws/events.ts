/**
 * From bus events to client events (https://getstream.io/chat/docs/node/event_object/; payloads as
 * stream-chat-js reads them, https://github.com/GetStream/stream-chat-js/blob/master/src/types.ts).
 *
 *  - Connections watching the channel get the channel event (message.new, member.added, ...).
 *  - Members whose connection does not watch it get the notification.* twin where Stream has
 *    one. "Not watching" is decided per connection (unsure: Stream does not say): a user with two
 *    tabs, one watching, gets message.new in one and notification.message_new in the other.
 *  - The affected user gets notification.added_to_channel / removed_from_channel on every
 *    connection; read/unread notifications go to the reader's own connections.
 * Unread counts are computed per recipient and ride on the events Stream puts them on. A
 * shadow-blocked message reads `shadowed: true` to everyone but its sender (the SDK drops it), and
 * notifies nobody else. Delivery receipts and thread events: ./thread-events.ts.
 */
import type { StreamEvent } from '../events';
import { presentMember, presentMessage, presentReaction } from '../present';
import type { MessageRecord, StreamStore } from '../store';
import type { ClientConnection, ConnectionRegistry } from './connections';
import { createFanout } from './fanout';
import { routeThreadEvent } from './thread-events';
import { routeUserEvent } from './user-events';

export function routeEvents(store: StreamStore, registry: ConnectionRegistry): () => void {
  const fanout = createFanout(store, registry);
  const { base, channelWire, send, watchers, membersNotWatching, userWire } = fanout;
  /** Events carrying a message: its sender sees a shadowed message as not shadowed. */
  const sendAbout = (
    message: MessageRecord,
    connections: ClientConnection[],
    wire: Record<string, unknown>,
    counts = false,
  ) => {
    if (!message.shadowed) return send(connections, wire, counts);
    const own = (c: ClientConnection) => c.userId === message.user_id;
    const ownWire = { ...wire, message: { ...(wire.message as object), shadowed: false } };
    send(connections.filter(own), ownWire, counts);
    send(
      connections.filter((c) => !own(c)),
      wire,
      counts,
    );
  };

  return store.events.on((event: StreamEvent) => {
    switch (event.type) {
      case 'message.new': {
        const { channel, message } = event;
        const wire = {
          ...base('message.new', channel),
          message: presentMessage(store, message),
          message_id: message.id,
          ...userWire(message.user_id),
        };
        sendAbout(message, watchers(channel.cid), wire, true);
        // Thread-only replies do not notify members who are not looking at the channel.
        if (message.parent_id === undefined || message.show_in_channel) {
          const notification = {
            ...wire,
            type: 'notification.message_new',
            channel: channelWire(channel),
          };
          const notified = membersNotWatching(channel).filter(
            (c) => !message.shadowed || c.userId === message.user_id,
          );
          sendAbout(message, notified, notification, true);
        }
        return;
      }
      case 'message.updated':
      case 'message.deleted': {
        const { channel, message } = event;
        sendAbout(message, watchers(channel.cid), {
          ...base(event.type, channel),
          message: presentMessage(store, message),
          message_id: message.id,
          ...userWire(event.actorId ?? message.user_id),
          ...(event.type === 'message.deleted' ? { hard_delete: event.hard } : {}),
        });
        return;
      }
      case 'reaction.new':
      case 'reaction.updated':
      case 'reaction.deleted': {
        const { channel, message, reaction } = event;
        sendAbout(message, watchers(channel.cid), {
          ...base(event.type, channel),
          message: presentMessage(store, message),
          reaction: presentReaction(store, reaction),
          ...userWire(reaction.user_id),
        });
        return;
      }
      case 'typing.start':
      case 'typing.stop': {
        send(watchers(event.channel.cid), {
          ...base(event.type, event.channel),
          ...userWire(event.userId),
          ...(event.parentId !== undefined ? { parent_id: event.parentId } : {}),
        });
        return;
      }
      case 'custom': {
        send(watchers(event.channel.cid), {
          ...event.data,
          ...base(event.eventType, event.channel),
          ...userWire(event.userId),
        });
        return;
      }
      case 'message.read': {
        const { channel, userId } = event;
        const read = {
          ...base('message.read', channel),
          ...userWire(userId),
          ...(event.lastReadMessageId ? { last_read_message_id: event.lastReadMessageId } : {}),
        };
        send(watchers(channel.cid), read);
        send(registry.forUser(userId), { ...read, type: 'notification.mark_read' }, true);
        return;
      }
      case 'message.unread': {
        const { channel, userId } = event;
        send(
          registry.forUser(userId),
          {
            ...base('notification.mark_unread', channel),
            ...userWire(userId),
            first_unread_message_id: event.firstUnreadMessageId,
            last_read_at: event.lastReadAt,
            ...(event.lastReadMessageId ? { last_read_message_id: event.lastReadMessageId } : {}),
            unread_messages: event.unreadMessages,
          },
          true,
        );
        return;
      }
      case 'channel.created': {
        // Stream tells the initial members (except the creator) they were added.
        const { channel } = event;
        for (const member of channel.members.values()) {
          if (member.user_id === event.actorId) continue;
          send(
            registry.forUser(member.user_id),
            {
              ...base('notification.added_to_channel', channel),
              channel: channelWire(channel),
              member: presentMember(store, channel, member),
            },
            true,
          );
        }
        return;
      }
      case 'member.added':
      case 'member.removed': {
        const { channel, member } = event;
        const wire = {
          ...base(event.type, channel),
          member: presentMember(store, channel, member),
          // For member.removed the SDK deletes members[user.id]: `user` is the member.
          ...userWire(member.user_id),
        };
        const notificationType =
          event.type === 'member.added'
            ? 'notification.added_to_channel'
            : 'notification.removed_from_channel';
        // The removed user stops watching first (emulator choice), so watchers excludes them.
        if (event.type === 'member.removed') registry.dropWatches(channel.cid, member.user_id);
        send(watchers(channel.cid), wire);
        send(
          registry.forUser(member.user_id),
          { ...wire, type: notificationType, channel: channelWire(channel) },
          true,
        );
        return;
      }
      case 'member.updated': {
        const { channel, member } = event;
        send(watchers(channel.cid), {
          ...base('member.updated', channel),
          member: presentMember(store, channel, member),
          ...userWire(member.user_id),
        });
        return;
      }
      case 'channel.updated': {
        const { channel } = event;
        send(watchers(channel.cid), {
          ...base('channel.updated', channel),
          channel: channelWire(channel),
          ...userWire(event.actorId),
        });
        return;
      }
      case 'channel.deleted':
      case 'channel.truncated': {
        const { channel } = event;
        const wire = {
          ...base(event.type, channel),
          channel: channelWire(channel),
          ...userWire(event.actorId),
          ...(event.type === 'channel.truncated' && event.message
            ? { message: presentMessage(store, event.message) }
            : {}),
        };
        const notified = membersNotWatching(channel);
        send(watchers(channel.cid), wire);
        send(notified, { ...wire, type: `notification.${event.type.replace('.', '_')}` }, true);
        if (event.type === 'channel.deleted') registry.dropWatches(channel.cid);
        return;
      }
      case 'channel.hidden':
      case 'channel.visible': {
        send(registry.forUser(event.userId), {
          ...base(event.type, event.channel),
          ...userWire(event.userId),
          channel: channelWire(event.channel),
        });
        return;
      }
      case 'message.delivered':
      case 'thread.parent_changed':
      case 'thread.read':
      case 'thread.updated':
        routeThreadEvent(event, store, registry, fanout, sendAbout);
        return;
      default:
        routeUserEvent(event, store, registry, fanout);
        return;
    }
  });
}
