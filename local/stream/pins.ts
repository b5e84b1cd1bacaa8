/**
 * Pinned messages (https://getstream.io/chat/docs/javascript/pinned_messages/): a pin lasts until
 * it is removed or its `pin_expires` passes ("Timestamp when the pin expires. Null means the
 * message does not expire"); an expired pin reads as not pinned everywhere. Channel state's
 * `pinned_messages` holds "the 10 most recent pinned messages" (same page).
 */
import { nowTimestamp } from './clock';
import type { ChannelRecord, MessageRecord, StreamStore } from './store';

export const CHANNEL_STATE_PINNED_COUNT = 10;

export function isPinned(message: MessageRecord, now = nowTimestamp()): boolean {
  return (
    message.pinned &&
    message.deleted_at === undefined &&
    (message.pin_expires === null || message.pin_expires === undefined || message.pin_expires > now)
  );
}

/** The channel's pinned messages (thread replies included), oldest pin first. */
export function pinnedMessages(store: StreamStore, channel: ChannelRecord): MessageRecord[] {
  const now = nowTimestamp();
  return store
    .currentMessages(channel)
    .filter((m) => isPinned(m, now))
    .sort((a, b) => {
      const order = (a.pinned_at ?? '').localeCompare(b.pinned_at ?? '');
      return order !== 0 ? order : a.id.localeCompare(b.id);
    });
}
