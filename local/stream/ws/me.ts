/**
 * The `me` object of health.check (and of mutes notifications): the connected user plus the fields
 * stream-chat-js reads on connect
 * (https://github.com/GetStream/stream-chat-js/blob/master/src/connection.ts). `mutes` and
 * `channel_mutes` must be arrays: the SDK reads `.length` on every message.new. Expired mutes
 * are left out; `channel_mutes` fills the SDK's `client.mutedChannels` (what
 * `channel.muteStatus()` reads) and `blocked_user_ids` its `client.blockedUsers`.
 */
import { activeChannelMutes } from '../channel-mutes';
import { activeMutes } from '../expiry';
import { presentChannel, presentUser, type Wire } from '../present';
import { unreadSummary } from '../reads';
import type { StreamStore, UserRecord } from '../store';
import { unreadThreads } from '../threads';

/** Stream's `ChannelMute`s of the user: unexpired, of channels that still exist. */
export function presentChannelMutes(store: StreamStore, user: UserRecord): Wire[] {
  return activeChannelMutes(user).flatMap((mute) => {
    const channel = store.liveChannel(mute.cid);
    if (!channel) return [];
    return [
      {
        user: presentUser(store, user),
        channel: presentChannel(store, channel),
        created_at: mute.created_at,
        updated_at: mute.updated_at,
        ...(mute.expires ? { expires: mute.expires } : {}),
      },
    ];
  });
}

export function presentMe(store: StreamStore, user: UserRecord): Wire {
  const mutes = activeMutes(user).map((mute) => {
    const target = store.users.get(mute.target_id);
    return {
      user: presentUser(store, user),
      target: target ? presentUser(store, target) : { id: mute.target_id },
      created_at: mute.created_at,
      updated_at: mute.created_at,
      ...(mute.expires ? { expires: mute.expires } : {}),
    };
  });
  return {
    ...presentUser(store, user),
    online: true,
    blocked_user_ids: (user.blocks ?? []).map((block) => block.blocked_user_id),
    mutes,
    channel_mutes: presentChannelMutes(store, user),
    devices: [],
    privacy_settings: { typing_indicators: { enabled: true }, read_receipts: { enabled: true } },
    ...unreadSummary(store, user.id),
    unread_threads: unreadThreads(store, user.id),
  };
}
