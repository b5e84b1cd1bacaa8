/**
 * The emulator's in-memory state: users, channels (with members), messages, reactions, read
 * state, app settings and channel-type changes (grants). Every change is followed by an event
 * on `events` (see events.ts). The record shapes are in records.ts; they are re-exported here
 * so that a module working on the store imports from one place.
 */

import { type StreamEvent, StreamEventBus } from './events';
import type {
  AppSettings,
  BlocklistRecord,
  ChannelRecord,
  ChannelTypeState,
  FlagRecord,
  MessageRecord,
  ReactionRecord,
  ReadRecord,
  TaskRecord,
  UploadRecord,
  UserRecord,
} from './records';

export type {
  AppSettings,
  BanRecord,
  BlocklistBehavior,
  BlocklistRecord,
  BlockRecord,
  ChannelMuteRecord,
  ChannelRecord,
  ChannelTypeState,
  CustomData,
  EventHookRecord,
  FlagRecord,
  HookSettings,
  MemberRecord,
  MessageRecord,
  MuteRecord,
  ReactionRecord,
  ReadRecord,
  TaskRecord,
  ThreadFields,
  TypeBlocklists,
  UploadRecord,
  UserRecord,
} from './records';

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
  /** Flags of messages and users, oldest first (kept in memory only, not in `dataDir`). */
  flags: FlagRecord[] = [];
  app: AppSettings = { multi_tenant_enabled: false, extra: {} };
  /** Changed channel types by name (built-in types only; unchanged types are absent). */
  channelTypes = new Map<string, ChannelTypeState>();
  /** Custom blocklists by blocklists.ts `blocklistKey` (team and name). */
  blocklists = new Map<string, BlocklistRecord>();
  /** Asynchronous tasks by id (tasks.ts; in memory only). */
  tasks = new Map<string, TaskRecord>();
  /** Uploaded files by id (uploads.ts); their bytes are in the upload storage. */
  uploads = new Map<string, UploadRecord>();
  nextIncarnation = 1;
  readonly events: StreamEventBus;
  /**
   * Whether the user has an open WebSocket connection: runtime state from the connection
   * registry (server.ts wires it), never persisted; without connections nobody is.
   */
  isConnected: (userId: string) => boolean = () => false;

  constructor(onListenerError?: (error: unknown) => void) {
    this.events = new StreamEventBus(onListenerError);
  }

  /** Announces a change that has just been stored. */
  emit(event: StreamEvent): void {
    this.events.emit(event);
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
    this.flags = [];
    this.channelTypes.clear();
    this.blocklists.clear();
    this.tasks.clear();
    this.uploads.clear();
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
