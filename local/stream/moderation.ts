/**
 * Moderation state (bans, mutes) and channel visibility (hide/show, truncate): the rules
 * behind routes/moderation.ts and routes/channel-visibility.ts. Each change is stored, then
 * announced on the bus.
 */
import { nowTimestamp } from './clock';
import { inputError, notAllowedError } from './errors';
import { activeBan, channelBan } from './expiry';
import { createMessage, type MessageInput } from './messages';
import type {
  BanRecord,
  ChannelRecord,
  CustomData,
  FlagRecord,
  MessageRecord,
  StreamStore,
  UserRecord,
} from './store';

/**
 * Banned users (app-wide, or in this channel) cannot post with their own token: 403 code 17 with
 * the wording the real API answered in 2022
 * (https://github.com/GetStream/stream-chat-flutter/issues/888). Server-side sends in their name
 * still go through, as every server-side call skips the checks.
 */
export function assertNotBanned(store: StreamStore, channel: ChannelRecord, userId: string): void {
  if (activeBan(store.users.get(userId)?.ban) || channelBan(channel, userId)) {
    throw notAllowedError(
      'Sorry, you do not have access to this feature. Your account is currently suspended from chat.',
    );
  }
}

export interface BanInput {
  reason?: string;
  /** Minutes, as Stream's `timeout`. */
  timeout?: number;
  bannedById?: string;
}

function banRecord(input: BanInput): BanRecord {
  const at = nowTimestamp();
  return {
    created_at: at,
    ...(input.timeout
      ? { expires: new Date(Date.now() + input.timeout * 60_000).toISOString() }
      : {}),
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.bannedById ? { banned_by_id: input.bannedById } : {}),
  };
}

/**
 * Channel ban when `channel` is given, else app-wide. A channel ban needs no membership (Stream
 * bans watchers of livestreams the same way); banning again replaces the ban.
 */
export function ban(
  store: StreamStore,
  user: UserRecord,
  channel: ChannelRecord | undefined,
  input: BanInput,
): void {
  const record = banRecord(input);
  if (channel) channel.bans = { ...channel.bans, [user.id]: record };
  else user.ban = record;
  store.emit({
    type: 'user.banned',
    userId: user.id,
    ban: record,
    ...(channel ? { channel } : {}),
    ...(input.bannedById ? { actorId: input.bannedById } : {}),
  });
}

/** Lifting a ban that does not exist succeeds and changes nothing (no event). */
export function unban(
  store: StreamStore,
  user: UserRecord,
  channel?: ChannelRecord,
  actorId?: string,
): void {
  if (channel) {
    if (!channel.bans?.[user.id]) return;
    const { [user.id]: _lifted, ...rest } = channel.bans;
    channel.bans = rest;
  } else {
    if (!user.ban) return;
    delete user.ban;
  }
  store.emit({
    type: 'user.unbanned',
    userId: user.id,
    ...(channel ? { channel } : {}),
    ...(actorId ? { actorId } : {}),
  });
}

export function mute(store: StreamStore, user: UserRecord, targetIds: string[], timeout?: number) {
  const at = nowTimestamp();
  const expires = timeout ? new Date(Date.now() + timeout * 60_000).toISOString() : undefined;
  const mutes = (user.mutes ?? []).filter((m) => !targetIds.includes(m.target_id));
  for (const target_id of targetIds) {
    mutes.push({ target_id, created_at: at, ...(expires ? { expires } : {}) });
  }
  user.mutes = mutes;
  store.emit({ type: 'user.mutes.updated', userId: user.id, targetIds, muted: true });
}

export function unmute(store: StreamStore, user: UserRecord, targetIds: string[]): void {
  user.mutes = (user.mutes ?? []).filter((m) => !targetIds.includes(m.target_id));
  store.emit({ type: 'user.mutes.updated', userId: user.id, targetIds, muted: false });
}

/** HideChannel / ShowChannel for one member; a new message shows it again (messages.ts). */
export function setHidden(
  store: StreamStore,
  channel: ChannelRecord,
  userId: string,
  hidden: boolean,
): void {
  const member = channel.members.get(userId);
  if (!member) return;
  if (hidden) member.hidden = true;
  else delete member.hidden;
  store.emit({
    type: hidden ? 'channel.hidden' : 'channel.visible',
    channel,
    userId,
    actorId: userId,
  });
}

/**
 * TruncateChannel: messages up to now are hidden (hard: removed); an optional message is
 * posted after the cut and shown with the event.
 */
export function truncate(
  store: StreamStore,
  channel: ChannelRecord,
  options: { hard: boolean; message?: MessageInput; actorId?: string },
): void {
  const at = nowTimestamp();
  if (options.hard) {
    for (const message of store.currentMessages(channel)) store.removeMessage(message);
  }
  channel.truncated_at = at;
  channel.updated_at = at;
  delete channel.last_message_at;
  const message = options.message
    ? createMessage(store, channel, options.message, {
        defaultType: 'system',
        ...(options.actorId ? { actingUserId: options.actorId } : {}),
      })
    : undefined;
  store.emit({
    type: 'channel.truncated',
    channel,
    ...(message ? { message } : {}),
    ...(options.actorId ? { actorId: options.actorId } : {}),
  });
}

export interface FlagInput {
  userId: string;
  reason?: string;
  custom?: CustomData;
  /** A blocklist's flag: not a user's, so it never makes a user's own flag a second one. */
  automod?: boolean;
}

function storeFlag(
  store: StreamStore,
  target: Pick<FlagRecord, 'target_message_id' | 'target_user_id'>,
  input: FlagInput,
): { flag: FlagRecord; total: number } {
  const sameTarget = (f: FlagRecord) =>
    f.target_message_id === target.target_message_id && f.target_user_id === target.target_user_id;
  // Stream refuses a second flag of the same target by the same user (Stream's own tests:
  // "cannot flag twice"); the wording is ours, Stream's is not published.
  const byUser = (f: FlagRecord) => f.user_id === input.userId && !f.created_by_automod;
  if (!input.automod && store.flags.some((f) => sameTarget(f) && byUser(f))) {
    throw inputError(`${target.target_message_id ? 'message' : 'user'} has already been flagged`);
  }
  const flag: FlagRecord = {
    ...target,
    user_id: input.userId,
    ...(input.reason ? { reason: input.reason } : {}),
    custom: input.custom ?? {},
    created_at: nowTimestamp(),
    ...(input.automod ? { created_by_automod: true } : {}),
  };
  store.flags.push(flag);
  return { flag, total: store.flags.filter(sameTarget).length };
}

/**
 * Flag of a message: announced as message.flagged (a webhook event; clients hear nothing). An
 * automod flag (a blocklist matched) names no flagging user.
 */
export function flagMessage(
  store: StreamStore,
  channel: ChannelRecord,
  message: MessageRecord,
  input: FlagInput,
): FlagRecord {
  const { flag, total } = storeFlag(store, { target_message_id: message.id }, input);
  store.emit({
    type: 'message.flagged',
    channel,
    message,
    flag,
    totalFlags: total,
    ...(input.automod ? {} : { actorId: input.userId }),
  });
  return flag;
}

export function flagUser(store: StreamStore, target: UserRecord, input: FlagInput): FlagRecord {
  const { flag, total } = storeFlag(store, { target_user_id: target.id }, input);
  store.emit({ type: 'user.flagged', flag, totalFlags: total });
  return flag;
}
