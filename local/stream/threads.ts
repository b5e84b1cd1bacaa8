/**
 * Threads as Stream's thread endpoints return them (https://getstream.io/chat/docs/javascript/threads/,
 * OpenAPI `ThreadStateResponse` / `ThreadParticipant`): a thread is a parent message with at least
 * one reply; its id is the parent's id. Built from the messages the store already holds: the
 * parent, its replies of the channel's current life (`latest_replies`, oldest first), its
 * participants (the parent's author and every replier, in order of arrival), and the fields
 * UpdateThreadPartial set (`title`, custom data).
 *
 * `read` is the participants' thread read state (thread-reads.ts); `unread_threads` counts are
 * not emulated.
 */
import { ownCapabilities } from './capabilities';
import { presentChannel, presentMessage, presentUser, type Wire } from './present';
import type { ChannelRecord, MessageRecord, StreamStore } from './store';
import { threadLastRead } from './thread-reads';

export interface Thread {
  parent: MessageRecord;
  channel: ChannelRecord;
  replies: MessageRecord[];
}

/** The thread whose parent is `parent`, or undefined when it has no reply in the channel's life. */
export function threadOf(
  store: StreamStore,
  channel: ChannelRecord,
  parent: MessageRecord,
): Thread | undefined {
  const replies = store.currentMessages(channel).filter((m) => m.parent_id === parent.id);
  return replies.length > 0 && parent.parent_id === undefined
    ? { parent, channel, replies }
    : undefined;
}

/** Every thread of the channels `channels`. */
export function threadsIn(store: StreamStore, channels: ChannelRecord[]): Thread[] {
  const threads: Thread[] = [];
  for (const channel of channels) {
    const current = store.currentMessages(channel);
    for (const parent of current) {
      if (parent.parent_id !== undefined || parent.reply_count === 0) continue;
      const thread = threadOf(store, channel, parent);
      if (thread) threads.push(thread);
    }
  }
  return threads;
}

export const lastMessageAt = (thread: Thread) => thread.replies.at(-1)?.created_at;
export const threadCreatedAt = (thread: Thread) => thread.replies[0]?.created_at;
export const threadUpdatedAt = (thread: Thread) =>
  [lastMessageAt(thread), thread.parent.thread?.updated_at]
    .filter((at): at is string => at !== undefined)
    .sort()
    .at(-1);

export interface ThreadView {
  viewerId?: string;
  replyLimit: number;
  participantLimit: number;
}

function participants(store: StreamStore, thread: Thread, limit: number): Wire[] {
  const { parent, channel } = thread;
  return parent.thread_participant_ids.slice(0, limit).map((userId) => {
    const own = thread.replies.filter((m) => m.user_id === userId);
    const user = store.users.get(userId);
    return {
      channel_cid: channel.cid,
      thread_id: parent.id,
      user_id: userId,
      ...(user ? { user: presentUser(store, user) } : {}),
      created_at:
        userId === parent.user_id ? parent.created_at : (own[0]?.created_at ?? parent.created_at),
      last_read_at: threadLastRead(store, channel, parent, thread.replies, userId),
      ...(own.length > 0 ? { last_thread_message_at: own.at(-1)?.created_at } : {}),
      custom: {},
    };
  });
}

function readState(store: StreamStore, thread: Thread): Wire[] {
  return thread.parent.thread_participant_ids.flatMap((userId) => {
    const user = store.users.get(userId);
    if (!user || !thread.channel.members.has(userId)) return [];
    const lastRead = threadLastRead(store, thread.channel, thread.parent, thread.replies, userId);
    const unread = thread.replies.filter(
      (m) => m.user_id !== userId && m.created_at > lastRead && !m.deleted_at,
    ).length;
    return [{ user: presentUser(store, user), last_read: lastRead, unread_messages: unread }];
  });
}

/** ThreadStateResponse. */
export function presentThread(store: StreamStore, thread: Thread, view: ThreadView): Wire {
  const { parent, channel } = thread;
  const creator = store.users.get(parent.user_id);
  const fields = parent.thread;
  return {
    ...(fields?.custom ?? {}),
    channel_cid: channel.cid,
    channel: {
      ...presentChannel(store, channel),
      ...(view.viewerId !== undefined
        ? { own_capabilities: ownCapabilities(store, channel, view.viewerId) }
        : {}),
    },
    parent_message_id: parent.id,
    parent_message: presentMessage(store, parent, view.viewerId),
    created_by_user_id: parent.user_id,
    ...(creator ? { created_by: presentUser(store, creator) } : {}),
    reply_count: parent.reply_count,
    participant_count: parent.thread_participant_ids.length,
    active_participant_count: parent.thread_participant_ids.length,
    thread_participants: participants(store, thread, view.participantLimit),
    latest_replies: (view.replyLimit === 0 ? [] : thread.replies.slice(-view.replyLimit)).map((m) =>
      presentMessage(store, m, view.viewerId),
    ),
    read: readState(store, thread),
    title: fields?.title ?? '',
    custom: fields?.custom ?? {},
    created_at: threadCreatedAt(thread),
    updated_at: threadUpdatedAt(thread),
    last_message_at: lastMessageAt(thread),
    ...(parent.deleted_at ? { deleted_at: parent.deleted_at } : {}),
  };
}

/**
 * `unread_threads` of `me` and of thread notifications: threads of live channels the user is a
 * member of, in which they take part, with a reply by someone else after their thread read.
 */
export function unreadThreads(store: StreamStore, userId: string): number {
  const channels = [...store.channels.values()].filter(
    (channel) => !channel.deleted_at && channel.members.has(userId),
  );
  return threadsIn(store, channels).filter((thread) => {
    if (!thread.parent.thread_participant_ids.includes(userId)) return false;
    const lastRead = threadLastRead(store, thread.channel, thread.parent, thread.replies, userId);
    return thread.replies.some(
      (m) => m.user_id !== userId && m.created_at > lastRead && !m.deleted_at,
    );
  }).length;
}
