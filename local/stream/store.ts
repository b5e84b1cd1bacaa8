/**
 * The emulator's in-memory state: users, channels (with members), messages, reactions, read
 * state, app settings and channel-type changes (grants). Every change is followed by an event
 * on `events` (see events.ts).
 *
 * Records keep built-in fields typed and custom fields in a separate `custom` map, so that
 * presenters can flatten them onto the wire object the way Stream's v1 API does, and so that
 * "replace all custom data" updates do not have to know which keys are built in.
 */
import { type StreamEvent, StreamEventBus } from './events';

export type CustomData = Record<string, unknown>;

export interface UserRecord {
  id: string;
  role: string;
  teams: string[];
  teams_role?: Record<string, string>;
  name?: string;
  image?: string;
  language: string;
  invisible: boolean;
  custom: CustomData;
  created_at: string;
  updated_at: string;
  /** Tokens issued before this time are refused (RevokeUserToken). */
  revoke_tokens_issued_before?: string;
  /** App-wide ban (BanUser without a channel). */
  ban?: BanRecord;
  mutes?: MuteRecord[];
  last_active?: string;
  /** Set by a soft DeleteUser; the user and their memberships stay. */
  deleted_at?: string;
}

export interface BanRecord {
  created_at: string;
  expires?: string;
  reason?: string;
  banned_by_id?: string;
}

export interface MuteRecord {
  target_id: string;
  created_at: string;
  expires?: string;
}

export interface ReactionRecord {
  message_id: string;
  user_id: string;
  type: string;
  score: number;
  custom: CustomData;
  created_at: string;
  updated_at: string;
}

/** Where a member has read up to in one life (incarnation) of a channel. */
export interface ReadRecord {
  incarnation: number;
  last_read: string;
  last_read_message_id?: string;
}

export interface MemberRecord {
  user_id: string;
  channel_role: string;
  custom: CustomData;
  created_at: string;
  updated_at: string;
  /** HideChannel: out of this member's query results until a new message or ShowChannel. */
  hidden?: boolean;
  /** Channel-level ban (BanUser with a channel). */
  ban?: BanRecord;
}

export interface ChannelRecord {
  cid: string;
  type: string;
  id: string;
  /**
   * Which life of this cid the record is. A soft-deleted channel that is created again gets
   * a new incarnation; messages remember theirs, so the old ones stay hidden.
   */
  incarnation: number;
  created_by_id: string;
  team?: string;
  frozen: boolean;
  disabled: boolean;
  custom: CustomData;
  /** Insertion-ordered, so members list in the order they joined. */
  members: Map<string, MemberRecord>;
  created_at: string;
  updated_at: string;
  last_message_at?: string;
  deleted_at?: string;
  /** TruncateChannel: messages created before this are hidden. */
  truncated_at?: string;
}

export interface MessageRecord {
  id: string;
  cid: string;
  incarnation: number;
  user_id: string;
  text: string;
  html: string;
  type: 'regular' | 'system' | 'reply';
  attachments: unknown[];
  mentioned_user_ids: string[];
  parent_id?: string;
  show_in_channel?: boolean;
  quoted_message_id?: string;
  silent: boolean;
  pinned: boolean;
  pinned_at: string | null;
  pinned_by_id: string | null;
  pin_expires: string | null;
  restricted_visibility: string[];
  reply_count: number;
  thread_participant_ids: string[];
  custom: CustomData;
  created_at: string;
  updated_at: string;
  /** Soft delete: the message stays, as type `deleted` with its text removed on the wire. */
  deleted_at?: string;
}

export interface AppSettings {
  multi_tenant_enabled: boolean;
  /** App-wide RevokeTokens: every token issued before this time is refused. */
  revoke_tokens_issued_before?: string;
  /** Other settings sent with `PATCH /app`, kept and echoed back by `GET /app`. */
  extra: CustomData;
}

/** What UpdateChannelType changed on a channel type; everything else keeps its default. */
export interface ChannelTypeState {
  /** Roles whose grant lists were replaced; other roles keep the defaults (./grants.ts). */
  grants: Record<string, string[]>;
  /** Channel-type flags that were set (typing_events, read_events, ...). */
  settings: Record<string, boolean>;
  updated_at: string;
}

export class StreamStore {
  users = new Map<string, UserRecord>();
  channels = new Map<string, ChannelRecord>();
  /** Every stored message by id: Stream message ids are unique across the whole app. */
  messages = new Map<string, MessageRecord>();
  /** Messages of each cid in creation order (all incarnations). */
  channelMessages = new Map<string, MessageRecord[]>();
  /** Reactions of each message id, oldest first. */
  reactions = new Map<string, ReactionRecord[]>();
  /** Read state per cid, then per user id. */
  reads = new Map<string, Map<string, ReadRecord>>();
  app: AppSettings = { multi_tenant_enabled: false, extra: {} };
  /** Changed channel types by name (built-in types only; unchanged types are absent). */
  channelTypes = new Map<string, ChannelTypeState>();
  nextIncarnation = 1;
  readonly events: StreamEventBus;

  constructor(onListenerError?: (error: unknown) => void) {
    this.events = new StreamEventBus(onListenerError);
  }

  /** Announces a change that has just been stored. */
  emit(event: StreamEvent): void {
    this.events.emit(event, this);
  }

  /** App settings change only here, so the change is announced (and persisted). */
  updateApp(change: (app: AppSettings) => void): void {
    change(this.app);
    this.emit({ type: 'state.changed' });
  }

  setChannelType(name: string, state: ChannelTypeState): void {
    this.channelTypes.set(name, state);
    this.emit({ type: 'state.changed' });
  }

  reset(): void {
    this.users.clear();
    this.channels.clear();
    this.messages.clear();
    this.channelMessages.clear();
    this.reactions.clear();
    this.reads.clear();
    this.channelTypes.clear();
    this.app = { multi_tenant_enabled: false, extra: {} };
    this.emit({ type: 'state.changed' });
  }

  newIncarnation(): number {
    return this.nextIncarnation++;
  }

  /** The channel if it exists and is not soft-deleted. */
  liveChannel(cid: string): ChannelRecord | undefined {
    const channel = this.channels.get(cid);
    return channel && !channel.deleted_at ? channel : undefined;
  }

  addMessage(message: MessageRecord): void {
    this.messages.set(message.id, message);
    let list = this.channelMessages.get(message.cid);
    if (!list) {
      list = [];
      this.channelMessages.set(message.cid, list);
    }
    list.push(message);
  }

  /**
   * Messages of the channel's current incarnation, oldest first (thread replies included),
   * without those hidden by a truncate.
   */
  currentMessages(channel: ChannelRecord): MessageRecord[] {
    const truncatedAt = channel.truncated_at;
    return (this.channelMessages.get(channel.cid) ?? []).filter(
      (m) =>
        m.incarnation === channel.incarnation &&
        (truncatedAt === undefined || m.created_at > truncatedAt),
    );
  }

  /** Removes one message (hard delete) and its reactions. */
  removeMessage(message: MessageRecord): void {
    this.messages.delete(message.id);
    this.reactions.delete(message.id);
    const list = this.channelMessages.get(message.cid);
    if (list) {
      const index = list.indexOf(message);
      if (index >= 0) list.splice(index, 1);
    }
  }

  /**
   * Hard DeleteUser: the user, their memberships and their messages are gone (Stream's hard
   * delete removes the user's data; reply counts of other users' threads are not adjusted).
   */
  removeUser(userId: string): void {
    this.users.delete(userId);
    for (const channel of this.channels.values()) channel.members.delete(userId);
    for (const reads of this.reads.values()) reads.delete(userId);
    for (const [messageId, reactions] of this.reactions) {
      this.reactions.set(
        messageId,
        reactions.filter((reaction) => reaction.user_id !== userId),
      );
    }
    for (const [cid, list] of this.channelMessages) {
      const kept = list.filter((message) => message.user_id !== userId);
      this.channelMessages.set(cid, kept);
    }
    for (const [id, message] of this.messages) {
      if (message.user_id === userId) this.messages.delete(id);
    }
    this.emit({ type: 'state.changed' });
  }

  /** Hard delete: the channel and every message it ever had are gone, ids become free. */
  removeChannel(cid: string): void {
    this.channels.delete(cid);
    for (const message of this.channelMessages.get(cid) ?? []) {
      this.messages.delete(message.id);
      this.reactions.delete(message.id);
    }
    this.channelMessages.delete(cid);
    this.reads.delete(cid);
  }
}
