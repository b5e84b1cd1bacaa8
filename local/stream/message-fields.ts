/**
 * What a user token may set on a message it sends or edits. Server tokens may set everything.
 *
 * - `html` and `mml`: server-side only ("can only be set when using server-side API", Stream's
 *   OpenAPI `MessageRequest`; the client-side schema has neither).
 * - `i18n`: reserved (observed: `message.i18n is a reserved field`).
 * - `type: "system"`: needs `create-system-message` ("Client-side users require the Create
 *   System Message permission", https://getstream.io/chat/docs/node/silent_messages/); refused
 *   with the observed wording `creating system messages not allowed`.
 * - `pinned: true` (or `pin_expires`): needs `pin-message` (https://getstream.io/chat/docs/node/pinned_messages/),
 *   as the owner of one's own message.
 * - `restricted_visibility`: needs `create-restricted-visibility-message`
 *   (https://getstream.io/chat/docs/node/private_messaging/); granted to nobody by default.
 * - `poll_id`: needs `send-poll` (https://getstream.io/chat/docs/node/polls_api/).
 * - `attachments`, `mentioned_users`: need `create-attachment`, `create-mention`.
 * Custom fields (say `verified: true`) are allowed, as on Stream: frontends must not trust them.
 * Refusals are 403/17 like every grant check; the input errors are 400/4.
 */
import type { Action } from './actions';
import type { Auth } from './env';
import { inputError, notAllowedError } from './errors';
import { authorize, isAllowed } from './permissions';
import type { ChannelRecord, StreamStore } from './store';

const SERVER_ONLY_FIELDS = ['html', 'mml'] as const;

const nonEmpty = (value: unknown) => Array.isArray(value) && value.length > 0;

export function assertClientMessageFields(
  store: StreamStore,
  auth: Auth,
  channel: ChannelRecord,
  /** The message as sent (before any parsing), or an update's `set`. */
  fields: Readonly<Record<string, unknown>>,
  /** The message's sender: the caller for a send, the author for an edit. */
  ownerId: string,
  /** An edit of a message already pinned: sending `pinned: true` back changes nothing. */
  alreadyPinned = false,
): void {
  if (auth.kind === 'server') return;
  for (const key of SERVER_ONLY_FIELDS) {
    if (fields[key] !== undefined) {
      throw inputError(`message.${key} can only be set when using server-side auth`);
    }
  }
  if (fields.i18n !== undefined) throw inputError('message.i18n is a reserved field');
  const target = { type: channel.type, channel, ownerId };
  if (fields.type === 'system' && !isAllowed(store, auth.userId, target, 'CreateSystemMessage')) {
    throw notAllowedError('creating system messages not allowed');
  }
  const needs: Action[] = [];
  const pins = fields.pinned === true || (fields.pin_expires ?? null) !== null;
  if (pins && !alreadyPinned) needs.push('PinMessage');
  if (nonEmpty(fields.restricted_visibility)) needs.push('CreateRestrictedVisibilityMessage');
  if (fields.poll_id !== undefined) needs.push('SendPoll');
  if (nonEmpty(fields.attachments)) needs.push('CreateAttachment');
  if (nonEmpty(fields.mentioned_users)) needs.push('CreateMention');
  for (const action of needs) authorize(store, auth, target, action);
}
