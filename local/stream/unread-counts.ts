/**
 * The body of UnreadCounts (`GET /unread`) for one user, also each entry of UnreadCountsBatch's
 * `counts_by_user` (Stream's OpenAPI `UnreadCountsResponse`,
 * https://github.com/GetStream/protocol/blob/main/openapi/chat-openapi.json): the channels with
 * unread messages (muted ones left out, reads.ts `countedChannels`), totals per channel type and
 * overall. Thread unread counts are not kept: `threads` is empty.
 */
import { countedChannels, readOf, unreadMessages } from './reads';
import type { StreamStore } from './store';

export function unreadCounts(store: StreamStore, userId: string) {
  const channels = [];
  const byType = new Map<string, { channel_count: number; unread_count: number }>();
  let total = 0;
  for (const channel of countedChannels(store, userId)) {
    const count = unreadMessages(store, channel, userId).length;
    if (count === 0) continue;
    total += count;
    channels.push({
      channel_id: channel.cid,
      last_read: readOf(store, channel, userId)?.last_read,
      unread_count: count,
    });
    const entry = byType.get(channel.type) ?? { channel_count: 0, unread_count: 0 };
    entry.channel_count += 1;
    entry.unread_count += count;
    byType.set(channel.type, entry);
  }
  return {
    total_unread_count: total,
    total_unread_threads_count: 0,
    channels,
    channel_type: [...byType].map(([channel_type, entry]) => ({ channel_type, ...entry })),
    threads: [],
  };
}
