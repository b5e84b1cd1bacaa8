/**
 * The emulator's in-memory state: users, channels (with members), messages, app settings and
 * channel-type changes (grants).
 *
 * Records keep built-in fields typed and custom fields in a separate `custom` map, so that
 * presenters can flatten them onto the wire object the way Stream's v1 API does, and so that
 * "replace all custom data" updates do not have to know which keys are built in.
 */

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
  /** Set by a soft DeleteUser; the user and their memberships stay. */
  deleted_at?: string;
}

export interface MemberRecord {
  user_id: string;
  channel_role: string;
  custom: CustomData;
  created_at: string;
  updated_at: string;
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
}

export interface AppSettings {
  multi_tenant_enabled: boolean;
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
  app: AppSettings = { multi_tenant_enabled: false, extra: {} };
  /** Changed channel types by name (built-in types only; unchanged types are absent). */
  channelTypes = new Map<string, ChannelTypeState>();
  private nextIncarnation = 1;

  reset(): void {
    this.users.clear();
    this.channels.clear();
    this.messages.clear();
    this.channelMessages.clear();
    this.channelTypes.clear();
    this.app = { multi_tenant_enabled: false, extra: {} };
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

  /** Messages of the channel's current incarnation, oldest first (thread replies included). */
  currentMessages(channel: ChannelRecord): MessageRecord[] {
    return (this.channelMessages.get(channel.cid) ?? []).filter(
      (m) => m.incarnation === channel.incarnation,
    );
  }

  /**
   * Hard DeleteUser: the user, their memberships and their messages are gone (Stream's hard
   * delete removes the user's data; reply counts of other users' threads are not adjusted).
   */
  removeUser(userId: string): void {
    this.users.delete(userId);
    for (const channel of this.channels.values()) channel.members.delete(userId);
    for (const [cid, list] of this.channelMessages) {
      const kept = list.filter((message) => message.user_id !== userId);
      this.channelMessages.set(cid, kept);
    }
    for (const [id, message] of this.messages) {
      if (message.user_id === userId) this.messages.delete(id);
    }
  }

  /** Hard delete: the channel and every message it ever had are gone, ids become free. */
  removeChannel(cid: string): void {
    this.channels.delete(cid);
    for (const message of this.channelMessages.get(cid) ?? []) this.messages.delete(message.id);
    this.channelMessages.delete(cid);
  }
}
