/**
 * Delivery receipts (https://getstream.io/chat/docs/javascript/message_delivery_and_read_status/,
 * Stream's OpenAPI `MarkDelivered` and `MessageDeliveredEvent`): a user's devices confirm the
 * latest message they received per channel; the member's read state then carries
 * `last_delivered_at` / `last_delivered_message_id` and watchers get `message.delivered`.
 * A confirmation never moves delivery back to an older message. With the channel type's
 * `delivery_events` off, the state is kept but no event is sent (the SDK does not report
 * deliveries for such channels).
 */
import { channelConfig } from './channel-types';
import { nowTimestamp } from './clock';
import { readOf, setRead } from './reads';
import type { ChannelRecord, MessageRecord, StreamStore } from './store';

export function markDelivered(
  store: StreamStore,
  channel: ChannelRecord,
  userId: string,
  message: MessageRecord,
): void {
  const read = readOf(store, channel, userId);
  if (!read) return;
  const previous = read.last_delivered_message_id
    ? store.messages.get(read.last_delivered_message_id)
    : undefined;
  if (previous && previous.created_at >= message.created_at) return;
  const at = nowTimestamp();
  setRead(store, channel, userId, {
    ...read,
    last_delivered_at: at,
    last_delivered_message_id: message.id,
  });
  if (channelConfig(store, channel.type).delivery_events !== true) {
    store.emit({ type: 'state.changed' });
    return;
  }
  store.emit({
    type: 'message.delivered',
    channel,
    actorId: userId,
    userId,
    lastDeliveredAt: at,
    lastDeliveredMessageId: message.id,
  });
}
