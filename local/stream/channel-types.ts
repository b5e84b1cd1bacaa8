/**
 * Stream's built-in channel types and the channel config each one returns (`channel.config`).
 * Only `max_message_length` changes behaviour here; the rest is what the SDK and apps read.
 */

export const DEFAULT_MAX_MESSAGE_LENGTH = 5000;

interface TypeFlags {
  typing_events: boolean;
  read_events: boolean;
  connect_events: boolean;
  reactions: boolean;
  replies: boolean;
  mutes: boolean;
}

const BUILT_IN: Record<string, TypeFlags> = {
  messaging: all(true),
  team: all(true),
  gaming: { ...all(true), read_events: false, typing_events: false },
  commerce: { ...all(true), mutes: false, reactions: false },
  livestream: { ...all(true), read_events: false, typing_events: false, connect_events: true },
  ai: all(true),
};

function all(value: boolean): TypeFlags {
  return {
    typing_events: value,
    read_events: value,
    connect_events: value,
    reactions: value,
    replies: value,
    mutes: value,
  };
}

export function isKnownChannelType(type: string): boolean {
  return Object.hasOwn(BUILT_IN, type);
}

/** Fixed creation time so configs do not change between calls. */
const CONFIG_TIME = '2020-01-01T00:00:00.000000Z';

export function channelConfig(type: string): Record<string, unknown> {
  const flags = BUILT_IN[type] ?? all(true);
  return {
    name: type,
    ...flags,
    search: true,
    quotes: true,
    uploads: true,
    url_enrichment: true,
    custom_events: true,
    push_notifications: true,
    reminders: false,
    polls: false,
    shared_locations: false,
    message_retention: 'infinite',
    max_message_length: DEFAULT_MAX_MESSAGE_LENGTH,
    automod: 'disabled',
    automod_behavior: 'flag',
    blocklist_behavior: 'flag',
    commands: [
      {
        name: 'giphy',
        description: 'Post a random gif to the channel',
        args: '[text]',
        set: 'fun_set',
      },
    ],
    created_at: CONFIG_TIME,
    updated_at: CONFIG_TIME,
  };
}

export function allChannelConfigs(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.keys(BUILT_IN).map((type) => [type, channelConfig(type)]));
}
