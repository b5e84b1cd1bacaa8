/**
 * Which event types SendEvent accepts as custom events (https://getstream.io/chat/docs/node/custom_events/).
 * Stream's page says users who can read a channel may send custom events and that "." is "a
 * character used" by built-in events; it does not list what it refuses on a channel. The emulator
 * refuses types in the namespaces of Stream's own events (the event names stream-chat-js knows,
 * https://github.com/GetStream/stream-chat-js/blob/master/src/events.ts: `message.new`,
 * `notification.*`, ...) so a client cannot forge them, and relays any other type, dotted or not
 * (`my.custom`, `friendship_request`; `ai_indicator.*`, which Stream's AI integrations send, too).
 * typing.start / typing.stop are handled apart (routes/channel-events.ts). [Unsure] the exact set
 * Stream refuses.
 */
const BUILT_IN_NAMESPACES = new Set([
  'capabilities',
  'channel',
  'channels',
  'connection',
  'draft',
  'health',
  'live_location_sharing',
  'member',
  'message',
  'notification',
  'offline_reactions',
  'poll',
  'reaction',
  'reminder',
  'thread',
  'transport',
  'user',
]);

/** Whether `type` names one of Stream's own events (refused as a custom event). */
export function isBuiltInEventType(type: string): boolean {
  const dot = type.indexOf('.');
  return dot > 0 && BUILT_IN_NAMESPACES.has(type.slice(0, dot));
}
