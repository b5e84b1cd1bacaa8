/**
 * The shapes of what the emulator holds (store.ts): users, channels with members, messages,
 * reactions, read state, app settings and channel-type changes.
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
  /** Tokens issued before this time are refused (RevokeUserToken). */
  revoke_tokens_issued_before?: string;
  /** App-wide ban (BanUser without a channel). */
  ban?: BanRecord;
  mutes?: MuteRecord[];
  /** Channels this user muted (MuteChannel), oldest first. */
  channel_mutes?: ChannelMuteRecord[];
  /** Users this user blocked (BlockUsers), oldest first. */
  blocks?: BlockRecord[];
  last_active?: string;
  /** Set by a soft DeleteUser; the user and their memberships stay. */
  deleted_at?: string;
  /** Set by DeactivateUser(s): the user can neither connect nor call with their token. */
  deactivated_at?: string;
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

/** A channel mute (https://getstream.io/chat/docs/node/muting_channels/). */
export interface ChannelMuteRecord {
  cid: string;
  created_at: string;
  updated_at: string;
  expires?: string;
}

/** A block (https://getstream.io/chat/docs/node/block_user/): private to the blocker. */
export interface BlockRecord {
  blocked_user_id: string;
  created_at: string;
}

/** A flag (https://getstream.io/chat/docs/node/moderation/): a user reported a message or a user. */
export interface FlagRecord {
  /** Who flagged. */
  user_id: string;
  target_message_id?: string;
  target_user_id?: string;
  reason?: string;
  custom: CustomData;
  created_at: string;
  /** Raised by a blocklist with behavior `flag`, not by a user (`user_id` is the sender then). */
  created_by_automod?: boolean;
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
export interface ThreadFields {
  title?: string;
  custom: CustomData;
  updated_at: string;
}

export interface ReadRecord {
  incarnation: number;
  last_read: string;
  last_read_message_id?: string;
  /** Delivery receipts (deliveries.ts): the latest message a device of the user confirmed. */
  last_delivered_at?: string;
  last_delivered_message_id?: string;
  /** Thread reads (thread-reads.ts): when the user last read each thread, by parent id. */
  thread_reads?: Record<string, string>;
}

export interface MemberRecord {
  user_id: string;
  channel_role: string;
  custom: CustomData;
  created_at: string;
  updated_at: string;
  /** HideChannel: out of this member's query results until a new message or ShowChannel. */
  hidden?: boolean;
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
  /** Channel bans by user id (BanUser with a channel); members or not, as on Stream. */
  bans?: Record<string, BanRecord>;
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
  /** A thread parent's own fields (UpdateThreadPartial, threads.ts); absent until set. */
  thread?: ThreadFields;
  custom: CustomData;
  created_at: string;
  updated_at: string;
  /** Soft delete: the message stays, as type `deleted` with its text removed on the wire. */
  deleted_at?: string;
  /** A blocklist with behavior `shadow_block` matched: everyone but the sender sees `shadowed`. */
  shadowed?: boolean;
}

export interface AppSettings {
  multi_tenant_enabled: boolean;
  /** App-wide RevokeTokens: every token issued before this time is refused. */
  revoke_tokens_issued_before?: string;
  /** `.app` scope grants replaced by `PATCH /app {grants}`, per role (./grants.ts defaults). */
  grants?: Record<string, string[]>;
  /** Webhook and before-send hook settings (webhooks/settings.ts); absent = none set. */
  hooks?: HookSettings;
  /** Other settings sent with `PATCH /app`, kept and echoed back by `GET /app`. */
  extra: CustomData;
}

/** One entry of `event_hooks` (Stream's `EventHook`); only `hook_type: "webhook"` is emulated. */
export interface EventHookRecord {
  id: string;
  hook_type: 'webhook';
  enabled: boolean;
  webhook_url: string;
  /** Empty = every event type, current and future. */
  event_types: string[];
  product: string;
  should_send_custom_events: boolean;
  created_at: string;
  updated_at: string;
}

/** The app settings that make Stream call out (https://getstream.io/chat/docs/node/webhooks_overview/). */
export interface HookSettings {
  /** The legacy single webhook; "" = off. */
  webhook_url: string;
  /** Event types for `webhook_url`; empty = all. */
  webhook_events: string[];
  event_hooks: EventHookRecord[];
  /** "" = off. */
  before_message_send_hook_url: string;
  /** 0 = Stream's default (1500 ms); else 1..5000. */
  before_message_send_hook_attempt_timeout_ms: number;
  /** Bodies gzip'd (`Content-Encoding: gzip`); the signature stays over the plain JSON. */
  enable_hook_payload_compression: boolean;
}

/** What UpdateChannelType changed on a channel type; everything else keeps its default. */
export interface ChannelTypeState {
  /** Roles whose grant lists were replaced; other roles keep the defaults (./grants.ts). */
  grants: Record<string, string[]>;
  /** Channel-type flags that were set (typing_events, read_events, ...). */
  settings: Record<string, boolean>;
  /** Blocklists attached to the type (blocklists.ts). */
  moderation?: TypeBlocklists;
  updated_at: string;
}

export type BlocklistBehavior = 'flag' | 'block' | 'shadow_block';

/** UpdateChannelType's `blocklist` + `blocklist_behavior` and `blocklists` (by list name). */
export interface TypeBlocklists {
  blocklist?: string;
  blocklist_behavior?: BlocklistBehavior;
  blocklists?: { blocklist: string; behavior: BlocklistBehavior }[];
}

/** A word list (https://getstream.io/chat/docs/node/block_lists/), keyed by name and team. */
export interface BlocklistRecord {
  name: string;
  /** Only `word` lists are emulated. */
  type: 'word';
  team?: string;
  words: string[];
  created_at: string;
  updated_at: string;
}

/** An asynchronous task (tasks.ts); the emulator finishes each before answering. */
export interface TaskRecord {
  task_id: string;
  status: 'completed';
  created_at: string;
  updated_at: string;
  result: Record<string, unknown>;
}

/** A file uploaded with UploadChannelFile / UploadChannelImage (uploads.ts). */
export interface UploadRecord {
  /** Random, unguessable: part of the URL. */
  id: string;
  kind: 'file' | 'image';
  cid: string;
  user_id: string;
  name: string;
  mime_type: string;
  size: number;
  created_at: string;
}
