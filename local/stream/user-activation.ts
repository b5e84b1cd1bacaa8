/**
 * Deactivation, reactivation and restoring soft-deleted users
 * (https://getstream.io/chat/docs/node/update_users/, "Deactivate a user"; Stream's OpenAPI
 * DeactivateUser / ReactivateUser / RestoreUsers): "Deactivated users cannot connect to Stream
 * Chat or send/receive messages" (https://getstream.github.io/stream-cli/stream-cli_chat_deactivate-user.html).
 *
 * - Deactivating sets `deactivated_at`, closes the user's connections (ws/user-events.ts) and, with
 *   `mark_messages_deleted`, marks their messages deleted at that same instant. Their tokens are
 *   then refused, REST and WebSocket (`assertUsable`).
 * - Reactivating clears it; `restore_messages` undeletes exactly the messages the deactivation
 *   marked (those deleted at `deactivated_at`), `name` renames the user.
 * - Restoring clears `deleted_at` of a soft-deleted user (hard-deleted users are gone).
 *
 * Wording of the refusals is ours (Stream's is not published): a deactivated user's token 403/17
 * `user "<id>" is deactivated`; a soft-deleted user connecting 404/16 `the user <id> was deleted`
 * (observed: https://github.com/GetStream/stream-chat-react-native/issues/3034).
 */
import { nowTimestamp } from './clock';
import { ErrorCode, inputError, StreamError } from './errors';
import type { StreamStore, UserRecord } from './store';

export const deactivatedError = (id: string) =>
  new StreamError(403, ErrorCode.NotAllowed, `user "${id}" is deactivated`);

/** A user token may act only for a user who is not deactivated. */
export function assertNotDeactivated(store: StreamStore, userId: string | undefined): void {
  if (userId !== undefined && store.users.get(userId)?.deactivated_at !== undefined) {
    throw deactivatedError(userId);
  }
}

/** Connecting also needs a user who is not soft-deleted. */
export function assertMayConnect(store: StreamStore, userId: string): void {
  assertNotDeactivated(store, userId);
  if (store.users.get(userId)?.deleted_at !== undefined) {
    throw new StreamError(404, ErrorCode.DoesNotExist, `the user ${userId} was deleted`);
  }
}

export interface DeactivateOptions {
  markMessagesDeleted: boolean;
  createdById?: string;
}

export function deactivate(store: StreamStore, user: UserRecord, options: DeactivateOptions) {
  if (user.deactivated_at !== undefined) {
    throw inputError(`user "${user.id}" is already deactivated`);
  }
  const at = nowTimestamp();
  user.deactivated_at = at;
  if (options.markMessagesDeleted) {
    for (const message of store.messages.values()) {
      if (message.user_id !== user.id || message.deleted_at) continue;
      message.deleted_at = at;
      message.updated_at = at;
    }
  }
  store.emit({
    type: 'user.deactivated',
    user,
    ...(options.createdById ? { actorId: options.createdById } : {}),
  });
}

export interface ReactivateOptions {
  restoreMessages: boolean;
  name?: string;
  createdById?: string;
}

export function reactivate(store: StreamStore, user: UserRecord, options: ReactivateOptions) {
  const since = user.deactivated_at;
  if (since === undefined) throw inputError(`user "${user.id}" is not deactivated`);
  delete user.deactivated_at;
  const at = nowTimestamp();
  if (options.restoreMessages) {
    for (const message of store.messages.values()) {
      if (message.user_id !== user.id || message.deleted_at !== since) continue;
      delete message.deleted_at;
      message.updated_at = at;
    }
  }
  if (options.name !== undefined) user.name = options.name;
  user.updated_at = at;
  store.emit({
    type: 'user.reactivated',
    user,
    ...(options.createdById ? { actorId: options.createdById } : {}),
  });
}

/** RestoreUsers: soft-deleted users come back; others are left as they are. */
export function restore(store: StreamStore, users: UserRecord[]): void {
  for (const user of users) {
    if (user.deleted_at === undefined) continue;
    delete user.deleted_at;
    user.updated_at = nowTimestamp();
    store.emit({ type: 'user.updated', user });
  }
}
