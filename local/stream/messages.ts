/**
 * Message rules: validation and creation (https://getstream.io/chat/docs/node/send_message/) and
 * channel message pagination (https://getstream.io/chat/docs/node/channel_pagination/). Used by
 * SendMessage and by the optional message of UpdateChannel.
 */
import { z } from 'zod';
import { nowTimestamp, timestampMicros } from './clock';
import { ErrorCode, inputError, StreamError } from './errors';
import { LIMITS } from './limits';
import { renderMarkdown } from './markdown';
import type { ChannelRecord, CustomData, MessageRecord, StreamStore } from './store';
import { implicitUser } from './users';

export const messageInputSchema = z.looseObject({
  id: z.string().optional(),
  text: z.string().optional(),
  html: z.string().optional(),
  type: z.string().optional(),
  user_id: z.string().optional(),
  user: z.looseObject({ id: z.string() }).optional(),
  attachments: z.array(z.unknown()).max(30).optional(),
  mentioned_users: z.array(z.string()).max(100).optional(),
  parent_id: z.string().optional(),
  show_in_channel: z.boolean().optional(),
  quoted_message_id: z.string().optional(),
  pinned: z.boolean().optional(),
  pin_expires: z.string().nullish(),
  silent: z.boolean().optional(),
  restricted_visibility: z.array(z.string()).optional(),
});
export type MessageInput = z.output<typeof messageInputSchema>;

/** Input keys with their own meaning (not custom data). */
const BUILT_IN_MESSAGE_KEYS = new Set(Object.keys(messageInputSchema.shape));
/** Response-only fields an app may echo back; ignored rather than stored as custom data. */
const READ_ONLY_MESSAGE_KEYS = new Set([
  'cid',
  'deleted_at',
  'reply_count',
  'deleted_reply_count',
  'latest_reactions',
  'own_reactions',
  'reaction_counts',
  'reaction_scores',
  'shadowed',
  'member',
  'mentioned_channel',
  'mentioned_here',
  'thread_participants',
  'pinned_at',
  'pinned_by',
  'mml',
]);
const RESERVED_MESSAGE_KEYS = ['created_at', 'updated_at'];

/** The reserved-field check runs on the raw object, before schema parsing. */
export function assertNoReservedMessageFields(raw: Record<string, unknown>): void {
  for (const key of RESERVED_MESSAGE_KEYS) {
    if (raw[key] !== undefined) throw inputError(`message.${key} is a reserved field`);
  }
}

export interface CreateMessageOptions {
  /** The user of a user token; the message is theirs and may not name anyone else. */
  actingUserId?: string;
  /** Default `type` when the input has none (UpdateChannel's message is a system message). */
  defaultType?: 'regular' | 'system';
}

/** Who sends the message: exactly one of `user` / `user_id` server-side, the token's user otherwise. */
function senderId(store: StreamStore, input: MessageInput, options: CreateMessageOptions): string {
  if (input.user && input.user_id !== undefined) {
    throw inputError('cannot set both message.user and message.user_id.');
  }
  const named = input.user?.id ?? input.user_id;
  if (options.actingUserId !== undefined) {
    if (named !== undefined && named !== options.actingUserId) {
      throw new StreamError(
        403,
        ErrorCode.NotAllowed,
        `message.user_id "${named}" does not match the authenticated user "${options.actingUserId}"`,
      );
    }
    return options.actingUserId;
  }
  if (named === undefined || named === '') {
    throw inputError(
      'either message.user or message.user_id must be provided when using server side auth.',
    );
  }
  if (input.user) {
    // Like Stream, a full `user` object creates that user when it does not exist yet.
    implicitUser(store, input.user);
  } else if (!store.users.has(named)) {
    throw inputError(`message.user_id "${named}" does not exist, please create the user first`);
  }
  return named;
}

function messageType(input: MessageInput, options: CreateMessageOptions): MessageRecord['type'] {
  const type = input.type ?? options.defaultType ?? 'regular';
  if (type !== 'regular' && type !== 'system') {
    throw inputError(
      `message.type "${type}" is not allowed, only "regular" and "system" can be sent`,
    );
  }
  return input.parent_id !== undefined && type === 'regular' ? 'reply' : type;
}

/**
 * Validates a message and builds its record; nothing is stored or announced yet (SendMessage
 * shows it to the before-send hook first). A `message.user` object naming an unknown user
 * creates that user here, as Stream does.
 */
export function prepareMessage(
  store: StreamStore,
  channel: ChannelRecord,
  input: MessageInput,
  options: CreateMessageOptions = {},
): MessageRecord {
  const userId = senderId(store, input, options);
  const type = messageType(input, options);

  if (input.id !== undefined) {
    if (input.id === '' || input.id.length > LIMITS.messageIdMaxChars) {
      throw inputError(`message.id must be between 1 and ${LIMITS.messageIdMaxChars} characters`);
    }
    assertNewMessageId(store, input.id);
  }
  const text = input.text ?? '';
  // Counted in code points, as Go counts runes.
  const length = [...text].length;
  if (length > LIMITS.messageTextMaxCharsDefault) {
    throw new StreamError(
      400,
      ErrorCode.MessageTooLong,
      `The message you are trying to send is larger than ${LIMITS.messageTextMaxCharsDefault} characters`,
    );
  }
  if (input.parent_id !== undefined) {
    const parent = store.messages.get(input.parent_id);
    if (!parent || parent.cid !== channel.cid || parent.incarnation !== channel.incarnation) {
      throw inputError(
        `parent message "${input.parent_id}" does not exist in channel ${channel.cid}`,
      );
    }
  }

  const custom: CustomData = {};
  for (const [key, value] of Object.entries(input)) {
    if (BUILT_IN_MESSAGE_KEYS.has(key) || READ_ONLY_MESSAGE_KEYS.has(key) || value === undefined) {
      continue;
    }
    custom[key] = value;
  }

  const at = nowTimestamp();
  const pinned = input.pinned ?? false;
  return {
    id: input.id ?? crypto.randomUUID(),
    cid: channel.cid,
    incarnation: channel.incarnation,
    user_id: userId,
    text,
    // `html` may be set server-side; otherwise Stream renders it from the text.
    html: input.html ?? renderMarkdown(text),
    type,
    attachments: input.attachments ?? [],
    mentioned_user_ids: input.mentioned_users ?? [],
    ...(input.parent_id !== undefined ? { parent_id: input.parent_id } : {}),
    ...(input.show_in_channel !== undefined ? { show_in_channel: input.show_in_channel } : {}),
    ...(input.quoted_message_id !== undefined
      ? { quoted_message_id: input.quoted_message_id }
      : {}),
    silent: input.silent ?? false,
    pinned,
    pinned_at: pinned ? at : null,
    pinned_by_id: pinned ? userId : null,
    pin_expires: pinned ? (input.pin_expires ?? null) : null,
    restricted_visibility: input.restricted_visibility ?? [],
    reply_count: 0,
    thread_participant_ids: [],
    custom,
    created_at: at,
    updated_at: at,
  };
}

function assertNewMessageId(store: StreamStore, id: string): void {
  if (store.messages.has(id)) throw inputError(`a message with ID ${id} already exists`);
}

/**
 * Stores a prepared message, applies the channel/thread side effects and announces it. The id
 * is checked again: another send may have taken it while the before-send hook answered.
 */
export function storeMessage(
  store: StreamStore,
  channel: ChannelRecord,
  message: MessageRecord,
  options: CreateMessageOptions = {},
): void {
  assertNewMessageId(store, message.id);
  store.addMessage(message);

  const parent = message.parent_id ? store.messages.get(message.parent_id) : undefined;
  if (parent) {
    parent.reply_count += 1;
    if (!parent.thread_participant_ids.includes(parent.user_id)) {
      parent.thread_participant_ids.push(parent.user_id);
    }
    if (!parent.thread_participant_ids.includes(message.user_id)) {
      parent.thread_participant_ids.push(message.user_id);
    }
  }
  if (isShownInChannel(message)) {
    channel.last_message_at = message.created_at;
    // A new message brings a hidden channel back for everyone who hid it (HideChannel).
    for (const member of channel.members.values()) delete member.hidden;
  }
  store.emit({
    type: 'message.new',
    channel,
    message,
    ...(options.actingUserId ? { actorId: options.actingUserId } : {}),
  });
  if (parent) store.emit({ type: 'thread.parent_changed', channel, parent, reply: message });
}

/** Validates and stores a message (UpdateChannel's and TruncateChannel's messages). */
export function createMessage(
  store: StreamStore,
  channel: ChannelRecord,
  input: MessageInput,
  options: CreateMessageOptions = {},
): MessageRecord {
  const message = prepareMessage(store, channel, input, options);
  storeMessage(store, channel, message, options);
  return message;
}

/** Thread replies appear in the channel's message list only with `show_in_channel`. */
export function isShownInChannel(message: MessageRecord): boolean {
  return message.parent_id === undefined || message.show_in_channel === true;
}

/**
 * The page size: explicit values are honoured (0 = no messages), values above the maximum
 * are capped silently (as Stream caps query-channels `limit` at 30 without an error).
 */
export function messagesLimit(requested: number | undefined): number {
  return Math.min(
    requested ?? LIMITS.channelMessagesPageDefaultCount,
    LIMITS.channelMessagesPageMaxCount,
  );
}

/** Stream's page of messages by position and id, shared by every message list it pages. */
export const idPaginationShape = {
  limit: z.number().int().min(0).optional(),
  offset: z.number().int().min(0).optional(),
  id_lt: z.string().optional(),
  id_lte: z.string().optional(),
  id_gt: z.string().optional(),
  id_gte: z.string().optional(),
  id_around: z.string().optional(),
};

export const messagePaginationSchema = z.looseObject({
  ...idPaginationShape,
  created_at_before: z.string().optional(),
  created_at_before_or_equal: z.string().optional(),
  created_at_after: z.string().optional(),
  created_at_after_or_equal: z.string().optional(),
  created_at_around: z.string().optional(),
});
export type MessagePagination = z.output<typeof messagePaginationSchema>;

/**
 * One page of the channel's messages, oldest first.
 *
 * Without a lower bound it is the latest `limit` messages (older than the upper bound, if
 * any): that is how Stream pages backwards with `id_lt`. With a lower bound (`id_gt`,
 * `created_at_after`, ...) it is the first `limit` messages after it, for paging forwards.
 */
export function pageMessages(
  store: StreamStore,
  channel: ChannelRecord,
  params: MessagePagination = {},
  /** Which messages the page is cut from: the channel list by default; GetReplies passes a thread. */
  select: (message: MessageRecord) => boolean = isShownInChannel,
): MessageRecord[] {
  for (const unsupported of ['id_around', 'created_at_around', 'offset'] as const) {
    if (params[unsupported] !== undefined) {
      throw inputError(`messages.${unsupported} is not supported by the local Stream emulator`);
    }
  }
  const current = store.currentMessages(channel);
  const micros = (m: MessageRecord) => timestampMicros(m.created_at) ?? 0;

  const cursorMicros = (field: keyof MessagePagination): number | undefined => {
    const value = params[field];
    if (typeof value !== 'string') return undefined;
    if (field.startsWith('id_')) {
      const ref = current.find((m) => m.id === value);
      if (!ref) {
        throw inputError(
          `message with id "${value}" not found in channel ${channel.cid} (messages.${field})`,
        );
      }
      return micros(ref);
    }
    const parsed = timestampMicros(value);
    if (parsed === undefined) {
      throw inputError(`expected date for field "messages.${field}" but got "${value}"`);
    }
    return parsed;
  };

  const bounds = {
    lt: [cursorMicros('id_lt'), cursorMicros('created_at_before')],
    lte: [cursorMicros('id_lte'), cursorMicros('created_at_before_or_equal')],
    gt: [cursorMicros('id_gt'), cursorMicros('created_at_after')],
    gte: [cursorMicros('id_gte'), cursorMicros('created_at_after_or_equal')],
  };
  const defined = (values: (number | undefined)[]) =>
    values.filter((v): v is number => v !== undefined);
  const hasLowerBound = defined([...bounds.gt, ...bounds.gte]).length > 0;

  const selected = current.filter((m) => {
    if (!select(m)) return false;
    const t = micros(m);
    return (
      defined(bounds.lt).every((b) => t < b) &&
      defined(bounds.lte).every((b) => t <= b) &&
      defined(bounds.gt).every((b) => t > b) &&
      defined(bounds.gte).every((b) => t >= b)
    );
  });

  const limit = messagesLimit(params.limit);
  return hasLowerBound
    ? selected.slice(0, limit)
    : selected.slice(Math.max(0, selected.length - limit));
}
