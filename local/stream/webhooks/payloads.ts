/**
 * Bus events (../events.ts) → the events Stream delivers to webhooks, with their payloads
 * (https://getstream.io/chat/docs/node/webhook_events/; field lists as in Stream's OpenAPI
 * `*Event` schemas). Built synchronously inside `emit`, so a payload shows the state right after
 * the change (a hard-deleted channel or user is still there).
 *
 * Common to all: `type`, `created_at`, `request_info: {type: "client" | "server"}` (which kind
 * of token made the change). Channel-scoped events add `cid`, `channel_id`, `channel_type`,
 * `channel_member_count`, `channel_custom`, `team` (when the channel has one) and `channel` (as
 * channel queries return it); message, reaction, member and channel events also carry
 * `members` (the first 50), whose `user` gets the read-state fields the docs list
 * (`total_unread_count`, `unread_channels`, `unread_count`, `channel_unread_count`,
 * `channel_last_read_at`), as does the event's `user`.
 *
 * Not delivered: typing, presence and the emulator's internal `state.changed`.
 */
import { nowTimestamp } from '../clock';
import type { StreamEvent } from '../events';
import { LIMITS } from '../limits';
import {
  presentChannel,
  presentMember,
  presentMessage,
  presentReaction,
  presentUser,
  type Wire,
} from '../present';
import { readOf, unreadMessages, unreadSummary } from '../reads';
import type { RequestOrigin } from '../request-origin';
import type { ChannelRecord, MemberRecord, MessageRecord, StreamStore } from '../store';

export interface WebhookEvent {
  type: string;
  /** Deliveries with the same key keep their order (a channel, or a user). */
  orderKey: string;
  cid?: string;
  /** A SendEvent with an own type (see settings.ts for who gets those). */
  custom: boolean;
  payload: Wire;
}

export interface PayloadContext {
  store: StreamStore;
  origin: RequestOrigin;
  watcherCount(cid: string): number;
}

/** The user with the read-state fields webhook payloads add ("when applicable"). */
function userWithReads(
  store: StreamStore,
  userId: string,
  channel: ChannelRecord | undefined,
): Wire {
  const user = store.users.get(userId);
  if (!user) return { id: userId };
  const wire: Wire = { ...presentUser(store, user), ...unreadSummary(store, userId) };
  if (channel?.members.has(userId)) {
    const read = readOf(store, channel, userId);
    wire.channel_unread_count = unreadMessages(store, channel, userId).length;
    if (read) wire.channel_last_read_at = read.last_read;
  }
  return wire;
}

function memberWire(store: StreamStore, channel: ChannelRecord, member: MemberRecord): Wire {
  return {
    ...presentMember(store, channel, member),
    user: userWithReads(store, member.user_id, channel),
  };
}

function channelWire(store: StreamStore, channel: ChannelRecord): Wire {
  return {
    ...presentChannel(store, channel),
    ...(channel.truncated_at ? { truncated_at: channel.truncated_at } : {}),
  };
}

export function webhookEvents(ctx: PayloadContext, event: StreamEvent): WebhookEvent[] {
  const { store } = ctx;
  const common = (type: string): Wire => ({
    type,
    created_at: nowTimestamp(),
    request_info: { type: ctx.origin },
  });
  const inChannel = (
    type: string,
    channel: ChannelRecord,
    fields: Wire,
    withMembers: boolean,
  ): WebhookEvent => ({
    type,
    orderKey: channel.cid,
    cid: channel.cid,
    custom: false,
    payload: {
      ...common(type),
      cid: channel.cid,
      channel_id: channel.id,
      channel_type: channel.type,
      channel_member_count: channel.members.size,
      channel_custom: { ...channel.custom },
      ...(channel.team !== undefined ? { team: channel.team } : {}),
      channel: channelWire(store, channel),
      ...(withMembers
        ? {
            members: [...channel.members.values()]
              .slice(0, LIMITS.webhookMembersMaxCount)
              .map((member) => memberWire(store, channel, member)),
          }
        : {}),
      ...fields,
    },
  });
  const userField = (userId: string | undefined, channel?: ChannelRecord): Wire =>
    userId === undefined ? {} : { user: userWithReads(store, userId, channel) };
  const aboutUser = (type: string, userId: string, fields: Wire): WebhookEvent => ({
    type,
    orderKey: `user:${userId}`,
    custom: false,
    payload: { ...common(type), ...fields },
  });

  /** An event about one message: the message, its id and who acted (`user`). */
  const aboutMessage = (
    type: string,
    channel: ChannelRecord,
    message: MessageRecord,
    actorId: string | undefined,
    fields: Wire,
  ) =>
    inChannel(
      type,
      channel,
      {
        message: presentMessage(store, message),
        message_id: message.id,
        ...userField(actorId, channel),
        ...fields,
      },
      true,
    );

  switch (event.type) {
    case 'channel.created': {
      const { channel } = event;
      // A server-side create names its creator; that is the event's user.
      const creator = event.actorId ?? channel.created_by_id;
      return [inChannel(event.type, channel, userField(creator, channel), true)];
    }
    case 'channel.updated':
    case 'channel.deleted':
      return [inChannel(event.type, event.channel, userField(event.actorId, event.channel), true)];
    case 'channel.truncated': {
      const { channel, message } = event;
      return [
        inChannel(
          event.type,
          channel,
          {
            ...userField(event.actorId, channel),
            ...(message ? { message: presentMessage(store, message), message_id: message.id } : {}),
          },
          true,
        ),
      ];
    }
    case 'channel.hidden':
    case 'channel.visible': {
      const fields = {
        ...userField(event.userId, event.channel),
        ...(event.type === 'channel.hidden' ? { clear_history: false } : {}),
      };
      return [inChannel(event.type, event.channel, fields, true)];
    }
    case 'member.added':
    case 'member.updated':
    case 'member.removed': {
      const { channel, member } = event;
      // `user` is the member the event is about, as in Stream's member events.
      return [
        inChannel(
          event.type,
          channel,
          { member: memberWire(store, channel, member), ...userField(member.user_id, channel) },
          true,
        ),
      ];
    }
    case 'message.new': {
      const { channel, message } = event;
      const parent = message.parent_id ? store.messages.get(message.parent_id) : undefined;
      return [
        aboutMessage(event.type, channel, message, message.user_id, {
          watcher_count: ctx.watcherCount(channel.cid),
          ...(parent
            ? {
                thread_participants: parent.thread_participant_ids.map((id) =>
                  userWithReads(store, id, undefined),
                ),
              }
            : {}),
        }),
      ];
    }
    case 'message.updated':
    case 'message.deleted': {
      const { channel, message } = event;
      return [
        aboutMessage(
          event.type,
          channel,
          message,
          event.actorId,
          event.type === 'message.deleted' ? { hard_delete: event.hard } : {},
        ),
      ];
    }
    case 'reaction.new':
    case 'reaction.updated':
    case 'reaction.deleted': {
      const { channel, message, reaction } = event;
      return [
        aboutMessage(event.type, channel, message, reaction.user_id, {
          reaction: presentReaction(store, reaction),
        }),
      ];
    }
    case 'message.read':
      return [
        inChannel(
          event.type,
          event.channel,
          {
            ...userField(event.userId, event.channel),
            ...(event.lastReadMessageId ? { last_read_message_id: event.lastReadMessageId } : {}),
          },
          false,
        ),
      ];
    case 'message.unread':
      return [
        inChannel(
          'notification.mark_unread',
          event.channel,
          {
            ...userField(event.userId, event.channel),
            ...unreadSummary(store, event.userId),
            first_unread_message_id: event.firstUnreadMessageId,
            last_read_at: event.lastReadAt,
            ...(event.lastReadMessageId ? { last_read_message_id: event.lastReadMessageId } : {}),
            unread_messages: event.unreadMessages,
          },
          false,
        ),
      ];
    case 'custom': {
      const base = inChannel(event.eventType, event.channel, {}, false);
      return [
        {
          ...base,
          custom: true,
          // The sender's fields first: the built-in ones cannot be overwritten.
          payload: { ...event.data, ...base.payload, ...userField(event.userId, event.channel) },
        },
      ];
    }
    case 'message.flagged': {
      const { channel, message, flag } = event;
      // `user` is who flagged (none for a blocklist's flag); the author is `message.user`.
      const automod = flag.created_by_automod === true;
      return [
        aboutMessage(event.type, channel, message, automod ? undefined : flag.user_id, {
          total_flags: event.totalFlags,
          ...(flag.reason ? { reason: flag.reason } : {}),
          flag: {
            target_message_id: message.id,
            created_by_automod: automod,
            ...(flag.reason ? { reason: flag.reason } : {}),
            custom: { ...flag.custom },
            created_at: flag.created_at,
            updated_at: flag.created_at,
          },
        }),
      ];
    }
    case 'user.flagged': {
      const { flag } = event;
      const target = flag.target_user_id ?? '';
      return [
        aboutUser(event.type, target, {
          ...userField(flag.user_id),
          target_user: userWithReads(store, target, undefined),
          total_flags: event.totalFlags,
          reason: flag.reason ?? '',
        }),
      ];
    }
    case 'user.updated':
      return [aboutUser(event.type, event.user.id, { user: presentUser(store, event.user) })];
    case 'user.deleted': {
      const { user, hard } = event;
      return [
        aboutUser(event.type, user.id, {
          user: presentUser(store, user),
          hard_delete: hard,
          delete_user: hard ? 'hard' : 'soft',
          delete_messages: hard ? 'hard' : event.markMessagesDeleted ? 'soft' : '',
          delete_conversation: '',
          delete_conversation_channels: false,
          mark_messages_deleted: event.markMessagesDeleted,
        }),
      ];
    }
    case 'user.banned':
    case 'user.unbanned': {
      const { channel, userId, ban } = event;
      const fields: Wire = {
        ...userField(userId, channel),
        ...(event.actorId ? { created_by: userWithReads(store, event.actorId, undefined) } : {}),
        shadow: false,
        ...(event.type === 'user.banned' && ban?.reason ? { reason: ban.reason } : {}),
        ...(event.type === 'user.banned' && ban?.expires ? { expiration: ban.expires } : {}),
      };
      return [
        channel
          ? inChannel(event.type, channel, fields, false)
          : aboutUser(event.type, userId, fields),
      ];
    }
    case 'user.mutes.updated': {
      const type = event.muted ? 'user.muted' : 'user.unmuted';
      const targets = event.targetIds.map((id) => userWithReads(store, id, undefined));
      return [
        aboutUser(type, event.userId, {
          ...userField(event.userId),
          ...(targets[0] ? { target_user: targets[0] } : {}),
          target_users: targets,
        }),
      ];
    }
    case 'channel.mutes.updated': {
      // MuteChannel "sends channel.muted" (Stream's OpenAPI); one event per channel.
      const type = event.muted ? 'channel.muted' : 'channel.unmuted';
      return event.cids.map((cid) =>
        aboutUser(type, event.userId, { ...userField(event.userId), cid }),
      );
    }
    case 'user.deactivated':
    case 'user.reactivated':
      return [
        aboutUser(event.type, event.user.id, {
          user: presentUser(store, event.user),
          ...(event.actorId ? { created_by: userWithReads(store, event.actorId, undefined) } : {}),
        }),
      ];
    case 'user.custom': {
      // "A copy of the event is sent via web-hooks" (https://getstream.io/chat/docs/node/custom_events/).
      const base = aboutUser(event.event.type, event.userId, {});
      return [
        {
          ...base,
          custom: true,
          payload: { ...event.event, ...base.payload, ...userField(event.userId) },
        },
      ];
    }
    default:
      return [];
  }
}
