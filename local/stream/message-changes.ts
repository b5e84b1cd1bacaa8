/**
 * Changes to existing messages and their reactions
 * (https://getstream.io/chat/docs/node/send_message/,
 * https://getstream.io/chat/docs/node/send_reaction/). Each function stores the change, then emits
 * its event, like state-changes.ts does for channels; routes validate and check permissions first.
 */
import { nowTimestamp } from './clock';
import { ErrorCode, StreamError } from './errors';
import { renderMarkdown } from './markdown';
import type {
  ChannelRecord,
  CustomData,
  MessageRecord,
  ReactionRecord,
  StreamStore,
} from './store';

/**
 * An unknown (or hard-deleted) message id: the wording and the 400 status the real API answered
 * a DeleteMessage with in 2024 (https://github.com/GetStream/stream-chat-js/issues/1303); code 4
 * goes with a 400 in Stream's code table [Unsure: the code was not quoted].
 */
export const messageNotFound = (id: string) =>
  new StreamError(400, ErrorCode.Input, `Message with id ${id} doesn't exist`);

/**
 * A message that clients can see: its channel is live, it belongs to the channel's current
 * life and is not hidden by a truncate. Soft-deleted messages are still found (type deleted).
 */
export function visibleMessage(
  store: StreamStore,
  id: string,
): { message: MessageRecord; channel: ChannelRecord } {
  const message = store.messages.get(id);
  const channel = message ? store.liveChannel(message.cid) : undefined;
  if (!message || !channel || !store.currentMessages(channel).includes(message)) {
    throw messageNotFound(id);
  }
  return { message, channel };
}

export interface MessageEdit {
  text?: string;
  html?: string;
  attachments?: unknown[];
  mentioned_user_ids?: string[];
  pinned?: boolean;
  /** When the pin ends (null: never); applies to a message pinned by or before this edit. */
  pin_expires?: string | null;
  /** Replaces all custom fields (UpdateMessage) when present. */
  custom?: CustomData;
  /** Sets/unsets single custom fields (UpdateMessagePartial). */
  setCustom?: CustomData;
  unsetCustom?: string[];
}

/**
 * Applies an edit to a message record without announcing it: editMessage's first half, also
 * used on a copy to show UpdateMessage's result to the before-send hook.
 */
export function applyEdit(
  message: MessageRecord,
  edit: MessageEdit,
  at: string,
  actorId?: string,
): void {
  if (edit.text !== undefined) {
    message.text = edit.text;
    message.html = edit.html ?? renderMarkdown(edit.text);
  }
  if (edit.attachments !== undefined) message.attachments = edit.attachments;
  if (edit.mentioned_user_ids !== undefined) message.mentioned_user_ids = edit.mentioned_user_ids;
  if (edit.pinned !== undefined && edit.pinned !== message.pinned) {
    message.pinned = edit.pinned;
    message.pinned_at = edit.pinned ? at : null;
    message.pinned_by_id = edit.pinned ? (actorId ?? message.user_id) : null;
    if (!edit.pinned) message.pin_expires = null;
  }
  if (edit.pin_expires !== undefined && message.pinned) message.pin_expires = edit.pin_expires;
  if (edit.custom !== undefined) message.custom = edit.custom;
  Object.assign(message.custom, edit.setCustom ?? {});
  for (const key of edit.unsetCustom ?? []) delete message.custom[key];
  message.updated_at = at;
}

export function editMessage(
  store: StreamStore,
  channel: ChannelRecord,
  message: MessageRecord,
  edit: MessageEdit,
  actorId?: string,
): void {
  applyEdit(message, edit, nowTimestamp(), actorId);
  store.emit({ type: 'message.updated', channel, message, ...(actorId ? { actorId } : {}) });
}

/** Soft delete keeps the message as type `deleted`; hard delete removes it and its reactions. */
export function deleteMessage(
  store: StreamStore,
  channel: ChannelRecord,
  message: MessageRecord,
  hard: boolean,
  actorId?: string,
): void {
  message.deleted_at ??= nowTimestamp();
  message.updated_at = message.deleted_at;
  // Emitted before a hard removal so the event can still show the message.
  store.emit({ type: 'message.deleted', channel, message, hard, ...(actorId ? { actorId } : {}) });
  if (!hard) return;
  store.removeMessage(message);
  const parent = message.parent_id ? store.messages.get(message.parent_id) : undefined;
  if (!parent) return;
  parent.reply_count = Math.max(0, parent.reply_count - 1);
  store.emit({ type: 'thread.parent_changed', channel, parent });
}

export interface ReactionInput {
  type: string;
  score: number;
  custom: CustomData;
}

/**
 * Adds a reaction, or updates the user's reaction of the same type. `enforceUnique` first
 * removes the user's other reactions on the message (one reaction per user).
 */
export function sendReaction(
  store: StreamStore,
  channel: ChannelRecord,
  message: MessageRecord,
  userId: string,
  input: ReactionInput,
  enforceUnique: boolean,
): ReactionRecord {
  const at = nowTimestamp();
  let list = store.reactions.get(message.id) ?? [];
  if (enforceUnique) list = list.filter((r) => r.user_id !== userId || r.type === input.type);
  const existing = list.find((r) => r.user_id === userId && r.type === input.type);
  const reaction: ReactionRecord = existing ?? {
    message_id: message.id,
    user_id: userId,
    type: input.type,
    score: input.score,
    custom: input.custom,
    created_at: at,
    updated_at: at,
  };
  if (existing) {
    existing.score = input.score;
    existing.custom = input.custom;
    existing.updated_at = at;
  } else {
    list.push(reaction);
  }
  store.reactions.set(message.id, list);
  message.updated_at = at;
  store.emit({
    type: existing ? 'reaction.updated' : 'reaction.new',
    channel,
    message,
    reaction,
    actorId: userId,
  });
  return reaction;
}

export function removeReaction(
  store: StreamStore,
  channel: ChannelRecord,
  message: MessageRecord,
  reaction: ReactionRecord,
): void {
  const list = store.reactions.get(message.id) ?? [];
  store.reactions.set(
    message.id,
    list.filter((r) => r !== reaction),
  );
  message.updated_at = nowTimestamp();
  store.emit({ type: 'reaction.deleted', channel, message, reaction, actorId: reaction.user_id });
}
