/**
 * Read state (https://getstream.io/chat/docs/node/unread/): where each member has read up to,
 * the unread counts that ride on events and `GET /unread`, and the `read[]` list of channel
 * state.
 *
 * A member who never marked a channel read has read up to the moment they joined, so old
 * history does not count as unread. Unread = messages of the current life of the channel
 * shown in the channel, from someone else, not deleted, not silent, not shadowed, not system
 * messages, created after that point.
 */
import { isChannelMuted } from './channel-mutes';
import { nowTimestamp } from './clock';
import type { ChannelRecord, MessageRecord, ReadRecord, StreamStore } from './store';

export function readOf(
  store: StreamStore,
  channel: ChannelRecord,
  userId: string,
): ReadRecord | undefined {
  const read = store.reads.get(channel.cid)?.get(userId);
  if (read && read.incarnation === channel.incarnation) return read;
  const member = channel.members.get(userId);
  return member ? { incarnation: channel.incarnation, last_read: member.created_at } : undefined;
}

function countsAsUnread(message: MessageRecord, userId: string, after: string): boolean {
  return (
    message.created_at > after &&
    message.user_id !== userId &&
    message.deleted_at === undefined &&
    !message.silent &&
    !message.shadowed &&
    message.type !== 'system' &&
    (message.parent_id === undefined || message.show_in_channel === true)
  );
}

export function unreadMessages(store: StreamStore, channel: ChannelRecord, userId: string) {
  const read = readOf(store, channel, userId);
  if (!read) return [];
  return store.currentMessages(channel).filter((m) => countsAsUnread(m, userId, read.last_read));
}

export interface UnreadSummary {
  total_unread_count: number;
  unread_channels: number;
  /** Legacy name of total_unread_count, still read by the SDK. */
  unread_count: number;
}

/**
 * The live channels whose unread messages count toward the user's totals: those they are a member
 * of and have not muted ("Messages added to muted channels do not increase the unread messages
 * count", https://getstream.io/chat/docs/node/muting_channels/).
 */
export function countedChannels(store: StreamStore, userId: string): ChannelRecord[] {
  const user = store.users.get(userId);
  return [...store.channels.values()].filter(
    (channel) =>
      !channel.deleted_at && channel.members.has(userId) && !isChannelMuted(user, channel.cid),
  );
}

/** Per-user counts over the channels of `countedChannels`. */
export function unreadSummary(store: StreamStore, userId: string): UnreadSummary {
  let total = 0;
  let channels = 0;
  for (const channel of countedChannels(store, userId)) {
    const count = unreadMessages(store, channel, userId).length;
    total += count;
    if (count > 0) channels += 1;
  }
  return { total_unread_count: total, unread_channels: channels, unread_count: total };
}

/** Stores `read`; delivery receipts and thread reads of the same life of the channel are kept. */
export function setRead(
  store: StreamStore,
  channel: ChannelRecord,
  userId: string,
  read: ReadRecord,
) {
  let reads = store.reads.get(channel.cid);
  if (!reads) {
    reads = new Map();
    store.reads.set(channel.cid, reads);
  }
  const before = reads.get(userId);
  const sameLife = before?.incarnation === read.incarnation;
  const kept = {
    ...(sameLife && before.last_delivered_message_id
      ? {
          last_delivered_at: before.last_delivered_at,
          last_delivered_message_id: before.last_delivered_message_id,
        }
      : {}),
    ...(sameLife && before.thread_reads ? { thread_reads: before.thread_reads } : {}),
  };
  reads.set(userId, { ...kept, ...read });
}

/** MarkRead: everything up to now (or up to `messageId`) is read. */
export function markRead(store: StreamStore, channel: ChannelRecord, userId: string): ReadRecord {
  const shown = store.currentMessages(channel).filter((m) => m.parent_id === undefined);
  const last = shown.at(-1);
  const read: ReadRecord = {
    incarnation: channel.incarnation,
    last_read: nowTimestamp(),
    ...(last ? { last_read_message_id: last.id } : {}),
  };
  setRead(store, channel, userId, read);
  store.emit({
    type: 'message.read',
    channel,
    actorId: userId,
    userId,
    ...(last ? { lastReadMessageId: last.id } : {}),
  });
  return read;
}

/** MarkUnread: `message` and everything after it become unread again. */
export function markUnread(
  store: StreamStore,
  channel: ChannelRecord,
  userId: string,
  message: MessageRecord,
): void {
  const messages = store.currentMessages(channel).filter((m) => m.parent_id === undefined);
  const index = messages.indexOf(message);
  const previous = index > 0 ? messages[index - 1] : undefined;
  // Just before the message: its own created_at minus nothing would count it as read.
  const lastReadAt = previous?.created_at ?? channel.created_at;
  setRead(store, channel, userId, {
    incarnation: channel.incarnation,
    last_read: lastReadAt,
    ...(previous ? { last_read_message_id: previous.id } : {}),
  });
  store.emit({
    type: 'message.unread',
    channel,
    actorId: userId,
    userId,
    firstUnreadMessageId: message.id,
    lastReadAt,
    ...(previous ? { lastReadMessageId: previous.id } : {}),
    unreadMessages: unreadMessages(store, channel, userId).length,
  });
}
