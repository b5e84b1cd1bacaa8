/**
 * Bans and mutes with a `timeout` end by themselves
 * (https://getstream.io/chat/docs/node/moderation/): a record stays until it is lifted, and these
 * tell whether it still applies. Expiry times are compared as instants.
 */
import type { BanRecord, ChannelRecord, MuteRecord, UserRecord } from './store';

/** A ban that has not expired yet (`timeout` minutes after it was made, or never). */
export function activeBan(ban: BanRecord | undefined): BanRecord | undefined {
  return ban !== undefined && (ban.expires === undefined || Date.parse(ban.expires) > Date.now())
    ? ban
    : undefined;
}

/** The user's ban in this channel, member or not. */
export function channelBan(channel: ChannelRecord, userId: string): BanRecord | undefined {
  return activeBan(channel.bans?.[userId]);
}

/** Mutes that have not expired (`timeout` minutes after they were made, or never). */
export function activeMutes(user: UserRecord): MuteRecord[] {
  const now = Date.now();
  return (user.mutes ?? []).filter((m) => m.expires === undefined || Date.parse(m.expires) > now);
}
