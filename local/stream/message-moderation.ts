/**
 * Blocklists applied to a new message (https://getstream.io/chat/docs/node/block_lists/): which
 * sends are checked, how text matches, and what each behavior does (blocklists.ts keeps the lists).
 *
 * Checked: SendMessage with a user token, and with the server token only when the request sets
 * `force_moderation: true` ("If you are using the SendMessage API from server side, then by
 * default messages will be skipped for moderation",
 * https://getstream.io/moderation/docs/node/integrations/stream-chat/). A user token's
 * `force_moderation` changes nothing (its sends are always checked; the client-side OpenAPI
 * document has no such field). Not checked: a sender holding `skip-message-moderation` on the
 * channel (channel_moderator, moderator and admin by default,
 * https://getstream.io/moderation/docs/guides/bypass-user-from-moderation/), whichever token
 * sends; message edits, UpdateChannel's and TruncateChannel's messages [Unsure: Stream does not say].
 *
 * Matching: "case insensitive word match (no prefix, post-fix support)", the message "split into
 * words using white spaces and hyphens". Punctuation at either end of a word is ignored here
 * ("sugar!" matches "sugar") [Unsure]; both sides are compared in Unicode NFC.
 *
 * Behaviors (when lists with different behaviors match, block wins over shadow_block over flag):
 * - block: the sender gets a `type: "error"` message, text "Message was blocked by moderation
 *   policies" (https://getstream.io/chat/docs/sdk/react-native/guides/moderation/), with
 *   `moderation` (action `remove`, the lists matched); nothing is stored, nobody else hears of it,
 *   the before-send hook is not called. An answer, not an HTTP error.
 * - flag: stored as sent, then flagged by automod (a message.flagged webhook whose flag has
 *   `created_by_automod: true` and no flagging user).
 * - shadow_block: stored with `shadowed: true` for everyone but the sender; the SDK drops shadowed
 *   messages, others get no notification and no unread count [Unsure: the docs list the value only].
 */

import { attachedBlocklists } from './blocklists';
import type { Auth } from './env';
import { isAllowed } from './permissions';
import { presentMessage, type Wire } from './present';
import type { BlocklistBehavior, ChannelRecord, MessageRecord, StreamStore } from './store';

export const BLOCKED_TEXT = 'Message was blocked by moderation policies';

const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** The words of a text as blocklists see them: lower case, NFC, split at spaces and hyphens. */
export function blocklistWords(text: string): Set<string> {
  const words = text
    .normalize('NFC')
    .toLowerCase()
    .split(/[\s-]+/u)
    .map((word) => word.replace(EDGE_PUNCTUATION, ''))
    .filter((word) => word !== '');
  return new Set(words);
}

export type Verdict = { kind: 'pass' } | { kind: BlocklistBehavior; lists: string[] };

const STRENGTH: Record<BlocklistBehavior, number> = { flag: 1, shadow_block: 2, block: 3 };

/** Whether this send goes through the blocklists at all (see the module comment). */
export function isModerated(
  store: StreamStore,
  auth: Auth,
  channel: ChannelRecord,
  senderId: string,
  forceModeration: boolean,
): boolean {
  if (auth.kind === 'server' && !forceModeration) return false;
  return !isAllowed(store, senderId, { type: channel.type, channel }, 'SkipMessageModeration');
}

/** The channel type's blocklists against the message text. */
export function checkBlocklists(
  store: StreamStore,
  channel: ChannelRecord,
  message: MessageRecord,
): Verdict {
  const words = blocklistWords(message.text);
  let kind: BlocklistBehavior | undefined;
  const lists: string[] = [];
  for (const { list, behavior } of attachedBlocklists(store, channel.type)) {
    if (!list.words.some((word) => words.has(word.normalize('NFC')))) continue;
    if (!lists.includes(list.name)) lists.push(list.name);
    if (kind === undefined || STRENGTH[behavior] > STRENGTH[kind]) kind = behavior;
  }
  return kind === undefined ? { kind: 'pass' } : { kind, lists };
}

/** What the sender of a blocked message gets back (Stream's ModerationV2Response in `moderation`). */
export function blockedMessage(store: StreamStore, message: MessageRecord, lists: string[]): Wire {
  return {
    ...presentMessage(store, { ...message, text: BLOCKED_TEXT, html: '' }, message.user_id),
    type: 'error',
    moderation: {
      action: 'remove',
      original_text: message.text,
      blocklist_matched: lists[0],
      blocklists_matched: lists,
    },
  };
}
