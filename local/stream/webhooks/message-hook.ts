/**
 * The before-send hook around SendMessage and UpdateMessage: what the hook is shown, and what
 * its verdict does to the message (see before-send.ts for the verdicts).
 *
 * The hook sees the message as Stream's documented request shows it
 * (https://getstream.io/chat/docs/node/before_message_send_webhook/): a new message's `id` is
 * the one the sender chose or "" and its `html` is "" unless the server set it (Stream renders
 * html after the hook); an edited message is shown with the edit applied, with its id.
 */
import { renderMarkdown } from '../markdown';
import type { MessageEdit } from '../message-changes';
import type { MessageInput } from '../messages';
import { presentChannel, presentMessage, presentUser, type Wire } from '../present';
import type { RequestOrigin } from '../request-origin';
import type { ChannelRecord, MessageRecord, StreamStore } from '../store';
import type { BeforeSendHook, MessageRewrite } from './before-send';

export interface HookedMessage {
  store: StreamStore;
  channel: ChannelRecord;
  /** The user the hook is told about: the sender, or who edits. */
  userId: string;
  origin: RequestOrigin;
}

/** What a rejected message looks like to its sender: the hook's text, type `error`. */
function errorMessage(store: StreamStore, message: MessageRecord, text: string): Wire {
  return {
    ...presentMessage(store, { ...message, text, html: renderMarkdown(text) }),
    type: 'error',
  };
}

function hookPayload(at: HookedMessage, message: Wire) {
  const user = at.store.users.get(at.userId);
  return {
    message,
    user: user ? presentUser(at.store, user) : { id: at.userId },
    channel: presentChannel(at.store, at.channel),
    origin: at.origin,
  };
}

/** A thread reply stays a reply; only `regular` and `system` are types a hook may set. */
function rewrittenType(message: MessageRecord, type: string): MessageRecord['type'] | undefined {
  if (type === 'system') return 'system';
  if (type === 'regular' || type === 'reply') {
    return message.parent_id !== undefined ? 'reply' : 'regular';
  }
  return undefined;
}

function applyRewrite(message: MessageRecord, rewrite: MessageRewrite, htmlGiven: boolean) {
  if (rewrite.text !== undefined) {
    message.text = rewrite.text;
    if (!htmlGiven) message.html = renderMarkdown(rewrite.text);
  }
  if (rewrite.attachments !== undefined) message.attachments = rewrite.attachments;
  if (rewrite.silent !== undefined) message.silent = rewrite.silent;
  if (rewrite.show_in_channel !== undefined) message.show_in_channel = rewrite.show_in_channel;
  const type = rewrite.type !== undefined ? rewrittenType(message, rewrite.type) : undefined;
  if (type) message.type = type;
  if (rewrite.i18n !== undefined) message.custom.i18n = rewrite.i18n;
  Object.assign(message.custom, rewrite.custom);
}

/**
 * Shows a new message to the hook. `store`: the (possibly rewritten) draft is to be stored;
 * `rejected`: the sender gets `message` and nothing is stored.
 */
export async function checkNewMessage(
  hook: BeforeSendHook,
  at: HookedMessage,
  draft: MessageRecord,
  input: MessageInput,
): Promise<{ kind: 'store' } | { kind: 'rejected'; message: Wire }> {
  if (!hook.active()) return { kind: 'store' };
  const shown = {
    ...presentMessage(at.store, draft),
    id: input.id ?? '',
    html: input.html ?? '',
  };
  const verdict = await hook.call({ operation: 'SendMessage', ...hookPayload(at, shown) });
  if (verdict.kind === 'rejected') {
    return { kind: 'rejected', message: errorMessage(at.store, draft, verdict.text) };
  }
  if (verdict.kind === 'accepted') applyRewrite(draft, verdict.rewrite, input.html !== undefined);
  return { kind: 'store' };
}

/**
 * Shows an edit (applied to `preview`, a copy of the message) to the hook. `apply`: the edit
 * to make, with the hook's rewrite folded in; `rejected`: nothing changes.
 */
export async function checkEdit(
  hook: BeforeSendHook,
  at: HookedMessage,
  preview: MessageRecord,
  edit: MessageEdit,
): Promise<{ kind: 'apply'; edit: MessageEdit } | { kind: 'rejected'; message: Wire }> {
  if (!hook.active()) return { kind: 'apply', edit };
  const verdict = await hook.call({
    operation: 'UpdateMessage',
    ...hookPayload(at, presentMessage(at.store, preview)),
  });
  if (verdict.kind === 'rejected') {
    return { kind: 'rejected', message: errorMessage(at.store, preview, verdict.text) };
  }
  if (verdict.kind !== 'accepted') return { kind: 'apply', edit };
  // An edit changes text, attachments and custom data; silent, type and show_in_channel stay.
  const { rewrite } = verdict;
  const custom = {
    ...(edit.custom ?? {}),
    ...(rewrite.i18n !== undefined ? { i18n: rewrite.i18n } : {}),
    ...rewrite.custom,
  };
  return {
    kind: 'apply',
    edit: {
      ...edit,
      ...(rewrite.text !== undefined ? { text: rewrite.text } : {}),
      ...(rewrite.attachments !== undefined ? { attachments: rewrite.attachments } : {}),
      ...(edit.custom !== undefined || Object.keys(custom).length > 0 ? { custom } : {}),
    },
  };
}
