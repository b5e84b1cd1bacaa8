/**
 * Thread read state (https://getstream.io/chat/docs/javascript/threads/, "Thread unread counts"):
 * the SDK's `thread.markAsRead()` is MarkRead with `thread_id`, which marks that thread read for
 * the user and leaves the channel's read state alone; watchers get `message.read` carrying the
 * `thread` (which the SDK's channel state skips and its Thread state takes). A participant who
 * never read a thread has read it up to when they joined it (the parent, or their first reply),
 * so every later reply by someone else is unread.
 */
import { nowTimestamp } from './clock';
import { readOf, setRead } from './reads';
import type { ChannelRecord, MessageRecord, StreamStore } from './store';

/** When `userId` last read the thread of `parent`. */
export function threadLastRead(
  store: StreamStore,
  channel: ChannelRecord,
  parent: MessageRecord,
  replies: readonly MessageRecord[],
  userId: string,
): string {
  const marked = readOf(store, channel, userId)?.thread_reads?.[parent.id];
  if (marked) return marked;
  if (userId === parent.user_id) return parent.created_at;
  return replies.find((m) => m.user_id === userId)?.created_at ?? parent.created_at;
}

export function markThreadRead(
  store: StreamStore,
  channel: ChannelRecord,
  parent: MessageRecord,
  userId: string,
): string {
  const read = readOf(store, channel, userId) ?? {
    incarnation: channel.incarnation,
    last_read: channel.created_at,
  };
  const at = nowTimestamp();
  setRead(store, channel, userId, {
    ...read,
    thread_reads: { ...(read.thread_reads ?? {}), [parent.id]: at },
  });
  store.emit({ type: 'thread.read', channel, parent, userId, actorId: userId });
  return at;
}
