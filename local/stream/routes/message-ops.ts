/**
 * Single-message operations (https://getstream.io/chat/docs/node/send_message/):
 *   GET    /messages/{id}            GetMessage (`show_deleted_message=true`, server-side: a
 *                                    soft-deleted message with its content)
 *   POST   /messages/{id}            UpdateMessage {message}: replaces text, attachments,
 *                                    mentions and custom data (shown to the before-send
 *                                    hook first, ../webhooks/message-hook.ts)
 *   PUT    /messages/{id}            UpdateMessagePartial {set, unset}
 *   DELETE /messages/{id}[?hard=true] DeleteMessage (soft: type "deleted"; hard: removed;
 *                                    `deleted_by`, server-side: who deleted it). A user token may
 *                                    hard-delete too: the client-side OpenAPI document lists
 *                                    `hard` (the 2021 API refused it: "hard delete messages is
 *                                    only allowed with server side auth").
 *   GET    /messages/{id}/replies    GetReplies (thread page, oldest first)
 * User tokens need read access to the channel, and UpdateMessage/DeleteMessage (own
 * messages via the `-owner` grants, moderators any).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { assertUserMay } from '../access';
import { isRecord, parseWith, readJsonBody } from '../body';
import type { EmulatorContext } from '../context';
import { actingUser, type StreamEnv } from '../env';
import { channelNotFound, inputError } from '../errors';
import {
  applyEdit,
  deleteMessage,
  editMessage,
  type MessageEdit,
  messageNotFound,
  visibleMessage,
} from '../message-changes';
import { assertClientMessageFields } from '../message-fields';
import { messageInputSchema, messagePaginationSchema, pageMessages } from '../messages';
import { operation } from '../operation';
import { presentMessage } from '../present';
import type { CustomData, MessageRecord } from '../store';
import { checkEdit } from '../webhooks/message-hook';
import { respond } from '../wire';

const updateSchema = z.looseObject({ message: messageInputSchema });
const partialSchema = z.looseObject({
  set: z.record(z.string(), z.unknown()).optional(),
  unset: z.array(z.string()).optional(),
  // Who makes the change, server-side (the SDK's `partialUpdateMessage(id, update, userId)`).
  user_id: z.string().optional(),
  user: z.looseObject({ id: z.string() }).optional(),
});
/** Fields of a message that neither update form may change. */
const FIXED_FIELDS = new Set([
  'id',
  'cid',
  'type',
  'user',
  'user_id',
  'parent_id',
  'created_at',
  'updated_at',
  'deleted_at',
  'reply_count',
  'latest_reactions',
  'own_reactions',
  'reaction_counts',
  'reaction_scores',
]);
/** The pin's fields (pinned_at and pinned_by are set by the emulator, never custom). */
const PIN_FIELDS = new Set(['pinned', 'pinned_at', 'pinned_by', 'pin_expires']);
const BUILT_IN_EDIT = new Set(['text', 'html', 'attachments', 'mentioned_users', ...PIN_FIELDS]);

function editFromSet(set: Record<string, unknown>, unset: string[]): MessageEdit {
  for (const key of [...Object.keys(set), ...unset]) {
    if (FIXED_FIELDS.has(key)) throw inputError(`message.${key} cannot be updated`);
  }
  const typed = parseWith(messageInputSchema, set);
  const setCustom: CustomData = {};
  for (const [key, value] of Object.entries(set)) {
    if (!BUILT_IN_EDIT.has(key) && !(key in messageInputSchema.shape)) setCustom[key] = value;
  }
  return {
    ...(typed.text !== undefined ? { text: typed.text } : {}),
    ...(typed.html !== undefined ? { html: typed.html } : {}),
    ...(typed.attachments !== undefined ? { attachments: typed.attachments } : {}),
    ...(typed.mentioned_users !== undefined ? { mentioned_user_ids: typed.mentioned_users } : {}),
    ...(typed.pinned !== undefined ? { pinned: typed.pinned } : {}),
    ...(typed.pin_expires !== undefined ? { pin_expires: typed.pin_expires } : {}),
    setCustom,
    unsetCustom: unset,
  };
}

export function registerMessageOpRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;

  app.get('/messages/:id', operation('GetMessage', deps), (c) => {
    const auth = c.get('auth');
    const { message, channel } = visibleMessage(store, c.req.param('id'));
    assertUserMay(store, auth, 'ReadChannel', { channel });
    // Server-side only (Stream's client-side OpenAPI document has no such parameter).
    const showDeleted = auth.kind === 'server' && c.req.query('show_deleted_message') === 'true';
    return respond(c, {
      message: presentMessage(store, message, actingUser(auth), { showDeleted }),
    });
  });

  app.post('/messages/:id', operation('UpdateMessage', deps), async (c) => {
    const auth = c.get('auth');
    const raw = await readJsonBody(c);
    if (!isRecord(raw.message)) throw inputError('message is a required field');
    const { message: input } = parseWith(updateSchema, raw);
    const { message, channel } = visibleMessage(store, c.req.param('id'));
    if (input.id !== undefined && input.id !== message.id)
      throw inputError('message.id cannot be changed');
    assertUserMay(store, auth, 'UpdateMessage', { channel, ownerId: message.user_id });
    assertClientMessageFields(store, auth, channel, raw.message, message.user_id, message.pinned);
    const custom: CustomData = {};
    for (const [key, value] of Object.entries(input)) {
      if (!(key in messageInputSchema.shape) && !FIXED_FIELDS.has(key)) custom[key] = value;
    }
    // A full update: fields not sent go back to empty, custom data is replaced.
    const edit: MessageEdit = {
      text: input.text ?? '',
      ...(input.html !== undefined ? { html: input.html } : {}),
      attachments: input.attachments ?? [],
      mentioned_user_ids: input.mentioned_users ?? [],
      ...(input.pinned !== undefined ? { pinned: input.pinned } : {}),
      custom,
    };
    const editorId = actingUser(auth) ?? input.user_id;
    const preview: MessageRecord = structuredClone(message);
    applyEdit(preview, structuredClone(edit), message.updated_at, editorId);
    const hooked = await checkEdit(
      ctx.hooks.beforeSend,
      {
        store,
        channel,
        userId: editorId ?? message.user_id,
        origin: auth.kind === 'server' ? 'server' : 'client',
      },
      preview,
      edit,
    );
    if (hooked.kind === 'rejected') return respond(c, { message: hooked.message }, 201);
    // The message or its channel may have gone while the hook answered.
    if (store.messages.get(message.id) !== message) throw messageNotFound(message.id);
    if (store.liveChannel(channel.cid) !== channel) throw channelNotFound(channel.cid);
    editMessage(store, channel, message, hooked.edit, editorId);
    return respond(c, { message: presentMessage(store, message, actingUser(auth)) }, 201);
  });

  app.put('/messages/:id', operation('UpdateMessagePartial', deps), async (c) => {
    const auth = c.get('auth');
    const body = parseWith(partialSchema, await readJsonBody(c));
    const set = body.set ?? {};
    const unset = body.unset ?? [];
    if (Object.keys(set).length === 0 && unset.length === 0) {
      throw inputError('set or unset should contain at least one field');
    }
    const { message, channel } = visibleMessage(store, c.req.param('id'));
    // Pinning or unpinning alone needs only pin-message ("Pinning a message requires the
    // PinMessage permission", https://getstream.io/chat/docs/javascript/pinned_messages/),
    // which assertClientMessageFields checks; so members may pin others' messages.
    const pinOnly = [...Object.keys(set), ...unset].every((key) => PIN_FIELDS.has(key));
    if (!pinOnly)
      assertUserMay(store, auth, 'UpdateMessage', { channel, ownerId: message.user_id });
    assertClientMessageFields(store, auth, channel, set, message.user_id, message.pinned);
    const editorId = actingUser(auth) ?? body.user_id ?? body.user?.id;
    editMessage(store, channel, message, editFromSet(set, unset), editorId);
    return respond(c, { message: presentMessage(store, message, actingUser(auth)) }, 201);
  });

  app.delete('/messages/:id', operation('DeleteMessage', deps), (c) => {
    const auth = c.get('auth');
    const { message, channel } = visibleMessage(store, c.req.param('id'));
    assertUserMay(store, auth, 'DeleteMessage', { channel, ownerId: message.user_id });
    if (c.req.query('delete_for_me') === 'true') {
      throw inputError('delete_for_me is not supported by the local Stream emulator');
    }
    const hard = c.req.query('hard') === 'true';
    const deletedBy = actingUser(auth) ?? c.req.query('deleted_by');
    if (deletedBy !== undefined && !store.users.has(deletedBy)) {
      throw inputError(`deleted_by user "${deletedBy}" does not exist`);
    }
    deleteMessage(store, channel, message, hard, deletedBy);
    return respond(c, { message: presentMessage(store, message, actingUser(auth)) });
  });

  app.get('/messages/:id/replies', operation('GetReplies', deps), (c) => {
    const auth = c.get('auth');
    const { message: parent, channel } = visibleMessage(store, c.req.param('id'));
    assertUserMay(store, auth, 'ReadChannel', { channel });
    const query = c.req.query();
    const params = parseWith(messagePaginationSchema, {
      ...query,
      ...(query.limit !== undefined ? { limit: Number(query.limit) } : {}),
      ...(query.offset !== undefined ? { offset: Number(query.offset) } : {}),
    });
    const replies = pageMessages(store, channel, params, (m) => m.parent_id === parent.id);
    return respond(c, { messages: replies.map((m) => presentMessage(store, m, actingUser(auth))) });
  });
}
