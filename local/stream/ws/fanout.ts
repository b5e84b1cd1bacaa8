/**
 * Helpers shared by the event routers (ws/events.ts, ws/user-events.ts): the common fields
 * of channel events, who watches what, and sending with per-recipient unread counts.
 */
import { ownCapabilities } from '../capabilities';
import { nowTimestamp } from '../clock';
import { presentChannel, presentUser, type Wire } from '../present';
import { unreadSummary } from '../reads';
import type { ChannelRecord, StreamStore } from '../store';
import type { ClientConnection, ConnectionRegistry } from './connections';

export type Fanout = ReturnType<typeof createFanout>;

export function createFanout(store: StreamStore, registry: ConnectionRegistry) {
  const userWire = (userId: string | undefined): Wire => {
    if (userId === undefined) return {};
    const user = store.users.get(userId);
    return { user: user ? presentUser(store, user) : { id: userId } };
  };
  /** Fields every channel event carries (as in Stream's OpenAPI document). */
  const base = (type: string, channel: ChannelRecord): Wire => ({
    type,
    cid: channel.cid,
    channel_id: channel.id,
    channel_type: channel.type,
    channel_member_count: channel.members.size,
    ...(channel.team !== undefined ? { team: channel.team } : {}),
    watcher_count: registry.watcherCount(channel.cid),
    created_at: nowTimestamp(),
  });
  const channelWire = (channel: ChannelRecord): Wire => ({
    ...presentChannel(store, channel),
    ...(channel.truncated_at ? { truncated_at: channel.truncated_at } : {}),
  });
  const watchers = (cid: string) => registry.all().filter((c) => c.watching.has(cid));
  const membersNotWatching = (channel: ChannelRecord) =>
    registry.all().filter((c) => !c.watching.has(channel.cid) && channel.members.has(c.userId));
  /** A `channel` object in an event carries the recipient's own `own_capabilities`. */
  const withCapabilities = (event: Wire, userId: string): Wire => {
    const channel = event.channel as Wire | undefined;
    const record = typeof channel?.cid === 'string' ? store.channels.get(channel.cid) : undefined;
    if (!channel || !record) return event;
    return {
      ...event,
      channel: { ...channel, own_capabilities: ownCapabilities(store, record, userId) },
    };
  };
  /** `counts`: add the recipient's unread counts (message.new, notification.*). */
  const send = (connections: ClientConnection[], event: Wire, counts = false) => {
    for (const connection of connections) {
      const wire = withCapabilities(event, connection.userId);
      connection.send(counts ? { ...wire, ...unreadSummary(store, connection.userId) } : wire);
    }
  };
  return { userWire, base, channelWire, watchers, membersNotWatching, send };
}
