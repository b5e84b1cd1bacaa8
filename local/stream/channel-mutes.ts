/**
 * Channel mutes (https://getstream.io/chat/docs/node/muting_channels/): a user mutes a channel
 * for themself, forever or for `expiration` milliseconds. "Messages added to muted channels do not
 * increase the unread messages count": a muted channel is left out of the user's unread totals
 * (reads.ts). The list rides on the user's `me` as `channel_mutes` (ws/me.ts), which the SDK
 * keeps as `client.mutedChannels` and reads in `channel.muteStatus()`.
 */
import { nowTimestamp } from './clock';
import type { ChannelMuteRecord, ChannelRecord, StreamStore, UserRecord } from './store';

/** Mutes that have not expired. */
export function activeChannelMutes(user: UserRecord): ChannelMuteRecord[] {
  const now = Date.now();
  return (user.channel_mutes ?? []).filter(
    (mute) => mute.expires === undefined || Date.parse(mute.expires) > now,
  );
}

export function isChannelMuted(user: UserRecord | undefined, cid: string): boolean {
  return user !== undefined && activeChannelMutes(user).some((mute) => mute.cid === cid);
}

/** Mutes (or mutes again, replacing the expiry) each channel for `user`. */
export function muteChannels(
  store: StreamStore,
  user: UserRecord,
  channels: ChannelRecord[],
  expirationMs?: number,
): ChannelMuteRecord[] {
  const at = nowTimestamp();
  const expires =
    expirationMs === undefined ? undefined : new Date(Date.now() + expirationMs).toISOString();
  const cids = new Set(channels.map((channel) => channel.cid));
  const kept = (user.channel_mutes ?? []).filter((mute) => !cids.has(mute.cid));
  const made = [...cids].map((cid) => {
    const previous = user.channel_mutes?.find((mute) => mute.cid === cid);
    return {
      cid,
      created_at: previous?.created_at ?? at,
      updated_at: at,
      ...(expires ? { expires } : {}),
    };
  });
  user.channel_mutes = [...kept, ...made];
  store.emit({ type: 'channel.mutes.updated', userId: user.id, cids: [...cids], muted: true });
  return made;
}

/** Lifting a mute that does not exist succeeds (as for user mutes). */
export function unmuteChannels(store: StreamStore, user: UserRecord, cids: string[]): void {
  user.channel_mutes = (user.channel_mutes ?? []).filter((mute) => !cids.includes(mute.cid));
  store.emit({ type: 'channel.mutes.updated', userId: user.id, cids, muted: false });
}
