/**
 * From bus events to client events (stream-realtime.md §4 routing, §5 payloads).
 *
 *  - Connections watching the channel get the channel event (message.new, member.added, ...).
 *  - Members whose connection does not watch it get the notification.* twin where Stream has
 *    one. "Not watching" is decided per connection ([Unsure] in the notes): a user with two
 *    tabs, one watching, gets message.new in one and notification.message_new in the other.
 *  - The affected user gets notification.added_to_channel / removed_from_channel on every
 *    connection; read/unread notifications go to the reader's own connections.
 * Unread counts are computed per recipient and ride on the events Stream puts them on.
 */
import { nowTimestamp } from '../clock';
import type { StreamEvent } from '../events';
import {
  presentChannel,
  presentMember,
  presentMessage,
  presentReaction,
  presentUser,
  type Wire,
} from '../present';
import { unreadSummary } from '../reads';
import type { ChannelRecord, StreamStore } from '../store';
import type { ClientConnection, ConnectionRegistry } from './connections';
import { presentMe } from './me';

function userWire(store: StreamStore, userId: string | undefined): Wire {
  if (userId === undefined) return {};
  const user = store.users.get(userId);
  return { user: user ? presentUser(user) : { id: userId } };
}

export function routeEvents(store: StreamStore, registry: ConnectionRegistry): () => void {
  const base = (type: string, channel: ChannelRecord): Wire => ({
    type,
    cid: channel.cid,
    channel_id: channel.id,
    channel_type: channel.type,
    channel_member_count: channel.members.size,
    ...(channel.team !== undefined ? { team: channel.team } : {}),
    watcher_count: registry.watcherCount(channel.cid),
    created_at: nowTimestamp(),
  });
  const channelWire = (channel: ChannelRecord): Wire => ({
    ...presentChannel(store, channel),
    ...(channel.truncated_at ? { truncated_at: channel.truncated_at } : {}),
  });
  const withCounts = (event: Wire, userId: string): Wire => ({
    ...event,
    ...unreadSummary(store, userId),
  });
  const watchers = (cid: string) => registry.all().filter((c) => c.watching.has(cid));
  const membersNotWatching = (channel: ChannelRecord) =>
    registry.all().filter((c) => !c.watching.has(channel.cid) && channel.members.has(c.userId));
  const send = (connections: ClientConnection[], event: Wire, counts = false) => {
    for (const connection of connections) {
      connection.send(counts ? withCounts(event, connection.userId) : event);
    }
  };

  return store.events.on((event: StreamEvent) => {
    switch (event.type) {
      case 'message.new': {
        const { channel, message } = event;
        const wire = {
          ...base('message.new', channel),
          message: presentMessage(store, message),
          message_id: message.id,
          ...userWire(store, message.user_id),
        };
        send(watchers(channel.cid), wire, true);
        // Thread-only replies do not notify members who are not looking at the channel.
        if (message.parent_id === undefined || message.show_in_channel) {
          const notification = {
            ...wire,
            type: 'notification.message_new',
            channel: channelWire(channel),
          };
          send(membersNotWatching(channel), notification, true);
        }
        return;
      }
      case 'message.updated':
      case 'message.deleted': {
        const { channel, message } = event;
        send(watchers(channel.cid), {
          ...base(event.type, channel),
          message: presentMessage(store, message),
          message_id: message.id,
          ...userWire(store, event.actorId ?? message.user_id),
          ...(event.type === 'message.deleted' ? { hard_delete: event.hard } : {}),
        });
        return;
      }
      case 'reaction.new':
      case 'reaction.updated':
      case 'reaction.deleted': {
        const { channel, message, reaction } = event;
        send(watchers(channel.cid), {
          ...base(event.type, channel),
          message: presentMessage(store, message),
          reaction: presentReaction(store, reaction),
          ...userWire(store, reaction.user_id),
        });
        return;
      }
      case 'typing.start':
      case 'typing.stop': {
        send(watchers(event.channel.cid), {
          ...base(event.type, event.channel),
          ...userWire(store, event.userId),
          ...(event.parentId !== undefined ? { parent_id: event.parentId } : {}),
        });
        return;
      }
      case 'custom': {
        send(watchers(event.channel.cid), {
          ...event.data,
          ...base(event.eventType, event.channel),
          ...userWire(store, event.userId),
        });
        return;
      }
      case 'message.read': {
        const { channel, userId } = event;
        const read = {
          ...base('message.read', channel),
          ...userWire(store, userId),
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
            ...userWire(store, userId),
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
          ...userWire(store, member.user_id),
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
      case 'channel.updated': {
        const { channel } = event;
        send(watchers(channel.cid), {
          ...base('channel.updated', channel),
          channel: channelWire(channel),
          ...userWire(store, event.actorId),
        });
        return;
      }
      case 'channel.deleted':
      case 'channel.truncated': {
        const { channel } = event;
        const wire = {
          ...base(event.type, channel),
          channel: channelWire(channel),
          ...userWire(store, event.actorId),
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
          ...userWire(store, event.userId),
          channel: channelWire(event.channel),
        });
        return;
      }
      case 'user.presence.changed': {
        const { user, online } = event;
        // Presence goes to whoever watches a channel the user is a member of.
        const interested = registry
          .all()
          .filter((c) =>
            [...c.watching].some((cid) => store.channels.get(cid)?.members.has(user.id)),
          );
        send(interested, {
          type: 'user.presence.changed',
          user: { ...presentUser(user), online },
          created_at: nowTimestamp(),
        });
        return;
      }
      case 'user.banned':
      case 'user.unbanned': {
        // Channel bans go to that channel's watchers; app bans to watchers of the user's channels.
        const user = store.users.get(event.userId);
        const channels = event.channel
          ? [event.channel]
          : [...store.channels.values()].filter((ch) => ch.members.has(event.userId));
        for (const channel of channels) {
          const ban = event.channel ? channel.members.get(event.userId)?.ban : user?.ban;
          send(watchers(channel.cid), {
            ...base(event.type, channel),
            ...userWire(store, event.userId),
            ...(ban?.expires ? { expiration: ban.expires } : {}),
            ...(ban?.reason ? { reason: ban.reason } : {}),
            ...(ban?.banned_by_id ? { created_by: userWire(store, ban.banned_by_id).user } : {}),
          });
        }
        return;
      }
      case 'user.mutes.updated': {
        const user = store.users.get(event.userId);
        if (!user) return;
        send(registry.forUser(event.userId), {
          type: 'notification.mutes_updated',
          me: presentMe(store, user),
          created_at: nowTimestamp(),
        });
        return;
      }
      default:
        // user.updated, bans and state.changed concern persistence (and REST reads) only.
        return;
    }
  });
}
