/**
 * Stream's built-in channel types and the channel config each one returns (`channel.config`,
 * `GET /app` channel_configs, `GET /channeltypes/{name}`). Only `max_message_length`, the
 * grants (./permissions.ts) and the blocklists (./blocklists.ts) change behaviour here; the rest
 * is what the SDK and apps read.
 */

import { LIMITS } from './limits';
import type { StreamStore } from './store';

/** The boolean flags UpdateChannelType may change here (others are not emulated). */
export const TYPE_FLAG_NAMES = [
  'typing_events',
  'read_events',
  'connect_events',
  'delivery_events',
  'custom_events',
  'reactions',
  'replies',
  'quotes',
  'mutes',
  'uploads',
  'url_enrichment',
  'search',
  'push_notifications',
] as const;

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

export function channelConfig(store: StreamStore, type: string): Record<string, unknown> {
  const flags = BUILT_IN[type] ?? all(true);
  const state = store.channelTypes.get(type);
  const moderation = state?.moderation;
  return {
    name: type,
    ...flags,
    search: true,
    quotes: true,
    uploads: true,
    url_enrichment: true,
    custom_events: true,
    delivery_events: true,
    push_notifications: true,
    reminders: false,
    polls: false,
    shared_locations: false,
    mark_messages_pending: false,
    user_message_reminders: false,
    count_messages: false,
    skip_last_msg_update_for_system_msgs: false,
    message_retention: 'infinite',
    max_message_length: LIMITS.messageTextMaxCharsDefault,
    automod: 'disabled',
    automod_behavior: 'flag',
    blocklist_behavior: moderation?.blocklist_behavior ?? 'flag',
    ...(moderation?.blocklist ? { blocklist: moderation.blocklist } : {}),
    ...(moderation?.blocklists ? { blocklists: structuredClone(moderation.blocklists) } : {}),
    commands: [
      {
        name: 'giphy',
        description: 'Post a random gif to the channel',
        args: '[text]',
        set: 'fun_set',
      },
    ],
    created_at: CONFIG_TIME,
    ...state?.settings,
    updated_at: state?.updated_at ?? CONFIG_TIME,
  };
}

export function builtInTypes(): string[] {
  return Object.keys(BUILT_IN);
}

export function allChannelConfigs(store: StreamStore): Record<string, Record<string, unknown>> {
  return Object.fromEntries(builtInTypes().map((type) => [type, channelConfig(store, type)]));
}
