/**
 * The emulator's typed event bus: rule modules emit one event per state change, after
 * the change is stored; the WebSocket layer (`ws/events.ts`) subscribes and turns each
 * event into Stream's wire events for the right connections; persistence subscribes to
 * know when to save. Routes never emit and never see sockets.
 *
 * Events carry records, not wire payloads: what a recipient gets (notification vs channel
 * event, unread counts) depends on the recipient, so presenting is the subscriber's job.
 * Listeners run synchronously inside `emit`, so they see the state right after the change
 * (a hard-deleted channel is emitted before it is removed).
 */
import type {
  BanRecord,
  ChannelRecord,
  FlagRecord,
  MemberRecord,
  MessageRecord,
  ReactionRecord,
  UserRecord,
} from './records';

interface ChannelScoped {
  channel: ChannelRecord;
  /** Who caused it; absent for server-side calls that name nobody. */
  actorId?: string;
}

export type StreamEvent =
  | ({ type: 'channel.created' } & ChannelScoped)
  | ({ type: 'channel.updated' } & ChannelScoped)
  | ({ type: 'channel.deleted'; hard: boolean } & ChannelScoped)
  | ({ type: 'channel.truncated'; message?: MessageRecord } & ChannelScoped)
  | ({ type: 'channel.hidden' | 'channel.visible'; userId: string } & ChannelScoped)
  | ({
      type: 'member.added' | 'member.updated' | 'member.removed';
      member: MemberRecord;
    } & ChannelScoped)
  | ({ type: 'message.new' | 'message.updated'; message: MessageRecord } & ChannelScoped)
  | ({ type: 'message.deleted'; message: MessageRecord; hard: boolean } & ChannelScoped)
  /**
   * A thread's parent changed because of a reply (reply_count, thread_participants): watchers
   * get `message.updated` for the parent, participants `notification.thread_message_new` for a
   * new `reply`; no webhook (./ws/events.ts).
   */
  | ({
      type: 'thread.parent_changed';
      parent: MessageRecord;
      reply?: MessageRecord;
    } & ChannelScoped)
  /** MarkRead with `thread_id` (thread-reads.ts). */
  | ({ type: 'thread.read'; parent: MessageRecord; userId: string } & ChannelScoped)
  /** UpdateThreadPartial changed a thread's title or custom data. */
  | ({ type: 'thread.updated'; parent: MessageRecord } & ChannelScoped)
  | ({
      type: 'reaction.new' | 'reaction.updated' | 'reaction.deleted';
      message: MessageRecord;
      reaction: ReactionRecord;
    } & ChannelScoped)
  | ({ type: 'typing.start' | 'typing.stop'; userId: string; parentId?: string } & ChannelScoped)
  /** A custom event sent with SendEvent: relayed to watchers as sent. */
  | ({
      type: 'custom';
      userId: string;
      eventType: string;
      data: Record<string, unknown>;
    } & ChannelScoped)
  | ({ type: 'message.read'; userId: string; lastReadMessageId?: string } & ChannelScoped)
  | ({
      type: 'message.delivered';
      userId: string;
      lastDeliveredAt: string;
      lastDeliveredMessageId: string;
    } & ChannelScoped)
  | ({
      type: 'message.unread';
      userId: string;
      firstUnreadMessageId: string;
      lastReadAt: string;
      lastReadMessageId?: string;
      unreadMessages: number;
    } & ChannelScoped)
  /** Flag of a message (webhook only, no client event) or of a user; counts flags of the target. */
  | ({
      type: 'message.flagged';
      message: MessageRecord;
      flag: FlagRecord;
      totalFlags: number;
    } & ChannelScoped)
  | { type: 'user.flagged'; flag: FlagRecord; totalFlags: number }
  | { type: 'user.updated'; user: UserRecord }
  /** DeleteUser; emitted before a hard delete removes the user. */
  | { type: 'user.deleted'; user: UserRecord; hard: boolean; markMessagesDeleted: boolean }
  | {
      type: 'user.banned' | 'user.unbanned';
      userId: string;
      channel?: ChannelRecord;
      actorId?: string;
      /** The ban made (user.banned). */
      ban?: BanRecord;
    }
  /** MuteUser / UnmuteUser of `targetIds` by `userId`. */
  | { type: 'user.mutes.updated'; userId: string; targetIds: string[]; muted: boolean }
  /** MuteChannel / UnmuteChannel of `cids` by `userId`. */
  | { type: 'channel.mutes.updated'; userId: string; cids: string[]; muted: boolean }
  /** SendUserCustomEvent: `event` (type and custom fields) to every connection of `userId`. */
  | { type: 'user.custom'; userId: string; event: Record<string, unknown> & { type: string } }
  /** DeactivateUser(s) / ReactivateUser(s); `actorId` is `created_by_id` when given. */
  | { type: 'user.deactivated' | 'user.reactivated'; user: UserRecord; actorId?: string }
  | { type: 'user.presence.changed'; user: UserRecord; online: boolean }
  /**
   * A user's first connection started watching the channel, or their last one stopped
   * (ws/connections.ts); runtime state only, nothing stored changed.
   */
  | ({ type: 'user.watching.start' | 'user.watching.stop'; userId: string } & ChannelScoped)
  /** Something persisted changed that no client hears about (app settings, user upserts). */
  | { type: 'state.changed' };

export type StreamEventType = StreamEvent['type'];
export type StreamEventListener = (event: StreamEvent) => void;

export class StreamEventBus {
  private readonly listeners = new Set<StreamEventListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  /** Returns the unsubscribe function. */
  on(listener: StreamEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A failing listener (a socket that broke mid-send) must not fail the REST call. */
  emit(event: StreamEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
