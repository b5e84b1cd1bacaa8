/**
 * Channel and user state changes that clients hear about. Each function stores the change
 * and then emits its event on the store's bus (events.ts), so every route that changes a
 * channel produces the same events and routes never emit on their own.
 */
import { nowTimestamp } from './clock';
import type { ChannelRecord, MemberRecord, StreamStore, UserRecord } from './store';

/** Stores a new channel (or a new life of a soft-deleted cid) and announces it. */
export function storeNewChannel(
  store: StreamStore,
  channel: ChannelRecord,
  actorId?: string,
): void {
  store.channels.set(channel.cid, channel);
  store.reads.delete(channel.cid);
  store.emit({ type: 'channel.created', channel, ...(actorId ? { actorId } : {}) });
}

/** Adds members that are not members yet (adding an existing member is a no-op, as in Stream). */
export function addMembers(
  store: StreamStore,
  channel: ChannelRecord,
  members: MemberRecord[],
  actorId?: string,
): void {
  for (const member of members) {
    if (channel.members.has(member.user_id)) continue;
    channel.members.set(member.user_id, member);
    store.emit({ type: 'member.added', channel, member, ...(actorId ? { actorId } : {}) });
  }
}

export function removeMembers(
  store: StreamStore,
  channel: ChannelRecord,
  userIds: string[],
  actorId?: string,
): void {
  for (const userId of userIds) {
    const member = channel.members.get(userId);
    if (!member) continue;
    channel.members.delete(userId);
    store.reads.get(channel.cid)?.delete(userId);
    store.emit({ type: 'member.removed', channel, member, ...(actorId ? { actorId } : {}) });
  }
}

/** Changes a member's channel role (add_moderators, demote_moderators, assign_roles). */
export function setMemberRole(
  store: StreamStore,
  channel: ChannelRecord,
  userId: string,
  role: string,
  actorId?: string,
): void {
  const member = channel.members.get(userId);
  if (!member || member.channel_role === role) return;
  member.channel_role = role;
  member.updated_at = nowTimestamp();
  store.emit({ type: 'member.updated', channel, member, ...(actorId ? { actorId } : {}) });
}

/** Announces changes already applied to the channel record (data, team, frozen, roles). */
export function channelUpdated(store: StreamStore, channel: ChannelRecord, actorId?: string): void {
  channel.updated_at = nowTimestamp();
  store.emit({ type: 'channel.updated', channel, ...(actorId ? { actorId } : {}) });
}

/** Soft delete keeps the record (marked); hard delete removes channel, messages and reads. */
export function deleteChannel(
  store: StreamStore,
  channel: ChannelRecord,
  hard: boolean,
  actorId?: string,
): void {
  channel.deleted_at ??= nowTimestamp();
  // Emitted before a hard removal, so listeners can still present the channel.
  store.emit({ type: 'channel.deleted', channel, hard, ...(actorId ? { actorId } : {}) });
  if (hard) store.removeChannel(channel.cid);
}

export function storeUsers(store: StreamStore, users: UserRecord[]): void {
  for (const user of users) {
    store.users.set(user.id, user);
    store.emit({ type: 'user.updated', user });
  }
}

/**
 * DeleteUser: soft marks `deleted_at` and keeps the user and their memberships; hard removes
 * the user, their memberships and messages (after the event, so listeners can present them).
 * `mark_messages_deleted` on a soft delete marks each of the user's messages deleted (they show
 * as type `deleted`, without text, as after a soft DeleteMessage).
 */
export function deleteUser(
  store: StreamStore,
  user: UserRecord,
  options: { hard: boolean; markMessagesDeleted: boolean },
): void {
  const at = nowTimestamp();
  user.deleted_at ??= at;
  if (options.markMessagesDeleted && !options.hard) {
    for (const message of store.messages.values()) {
      if (message.user_id !== user.id || message.deleted_at) continue;
      message.deleted_at = at;
      message.updated_at = at;
    }
  }
  store.emit({ type: 'user.deleted', user, ...options });
  if (options.hard) store.removeUser(user.id);
}
