/**
 * `own_capabilities`: what the viewing user may do in a channel, on every channel payload of a
 * user-token call and on channel objects in events (per recipient). Names: Stream's Channel
 * Capabilities page (https://getstream.io/chat/docs/javascript/channel_capabilities/) and the
 * `ChannelOwnCapability` enum of its OpenAPI document
 * (https://github.com/GetStream/protocol, openapi/chat-openapi-clientside.json). "Capabilities
 * are affected by user permissions, channel type settings and channel-level settings" (same
 * page), so each capability here is the grant the emulator checks for the matching call
 * (permissions.ts, the channel type's grants for the user's roles, `-owner` grants for the
 * channel's creator, the team rule) and/or the channel-type `config` flag that enables the
 * feature. Which grant backs which capability is ours where the page is silent (each rule names
 * it). Left out: `notify-*` (user groups), `slow-mode` (cooldowns are not emulated), and the
 * poll and location ones while the type's `polls` / `shared_locations` flags are off (they are
 * off on every built-in type).
 */
import { channelConfig } from './channel-types';
import { holdsPermission, type Target } from './permissions';
import type { ChannelRecord, StreamStore } from './store';

interface Rule {
  name: string;
  /** Permission id the user must hold in the channel (the call's own check). */
  grant?: string;
  /** Check the grant as the owner of the resource (own messages: `-owner` grants apply). */
  asResourceOwner?: boolean;
  /** Channel-type config flag that must be on. */
  flag?: string;
  /** Only for members / only for non-members. */
  membership?: 'member' | 'not-member';
  /** Sending content: a frozen channel drops it unless the user holds use-frozen-channel. */
  sends?: boolean;
}

const RULES: readonly Rule[] = [
  { name: 'ban-channel-members', grant: 'ban-channel-member' },
  { name: 'cast-poll-vote', grant: 'cast-vote', flag: 'polls' },
  { name: 'connect-events', flag: 'connect_events' },
  { name: 'create-attachment', grant: 'create-attachment' },
  { name: 'create-mention', grant: 'create-mention' },
  { name: 'delete-any-message', grant: 'delete-message' },
  { name: 'delete-channel', grant: 'delete-channel' },
  { name: 'delete-own-message', grant: 'delete-message', asResourceOwner: true },
  { name: 'delivery-events', grant: 'read-channel', flag: 'delivery_events' },
  { name: 'flag-message', grant: 'flag-message' },
  { name: 'freeze-channel', grant: 'update-channel-frozen' },
  // Joining is adding oneself, which the emulator checks as update-channel-members.
  { name: 'join-channel', grant: 'update-channel-members', membership: 'not-member' },
  { name: 'leave-channel', grant: 'remove-own-channel-membership', membership: 'member' },
  { name: 'mute-channel', grant: 'mute-channel', flag: 'mutes' },
  { name: 'pin-message', grant: 'pin-message' },
  { name: 'query-poll-votes', grant: 'query-votes', flag: 'polls' },
  { name: 'quote-message', grant: 'create-message', flag: 'quotes', sends: true },
  { name: 'read-events', grant: 'read-channel', flag: 'read_events' },
  { name: 'search-messages', grant: 'read-channel', flag: 'search' },
  { name: 'send-custom-events', grant: 'send-custom-event', flag: 'custom_events' },
  { name: 'send-links', grant: 'add-links', sends: true },
  { name: 'send-message', grant: 'create-message', sends: true },
  { name: 'send-poll', grant: 'send-poll', flag: 'polls', sends: true },
  { name: 'send-reaction', grant: 'create-reaction', flag: 'reactions', sends: true },
  // A reply is a message (the emulator checks create-message for replies).
  { name: 'send-reply', grant: 'create-message', flag: 'replies', sends: true },
  {
    name: 'send-restricted-visibility-message',
    grant: 'create-restricted-visibility-message',
    sends: true,
  },
  // Typing events are checked as read-channel (actions.ts, SendEvent).
  { name: 'send-typing-events', grant: 'read-channel', flag: 'typing_events' },
  { name: 'set-channel-cooldown', grant: 'update-channel-cooldown' },
  { name: 'share-location', grant: 'create-message', flag: 'shared_locations', sends: true },
  { name: 'skip-slow-mode', grant: 'skip-channel-cooldown' },
  { name: 'typing-events', flag: 'typing_events' },
  { name: 'update-any-message', grant: 'update-message' },
  { name: 'update-channel', grant: 'update-channel' },
  { name: 'update-channel-members', grant: 'update-channel-members' },
  { name: 'update-own-message', grant: 'update-message', asResourceOwner: true },
  { name: 'update-thread', grant: 'update-thread', flag: 'replies' },
  { name: 'upload-file', grant: 'upload-attachment', flag: 'uploads', sends: true },
];

/** The capability names in Stream's order (alphabetical, as its answers list them). */
export function ownCapabilities(
  store: StreamStore,
  channel: ChannelRecord,
  userId: string,
): string[] {
  const config = channelConfig(store, channel.type);
  const member = channel.members.has(userId);
  const target: Target = { type: channel.type, channel };
  const frozenFor = channel.frozen && !holdsPermission(store, userId, target, 'use-frozen-channel');
  return RULES.filter((rule) => {
    if (rule.flag !== undefined && config[rule.flag] !== true) return false;
    if (rule.membership === 'member' && !member) return false;
    if (rule.membership === 'not-member' && member) return false;
    if (rule.sends && frozenFor) return false;
    if (rule.grant === undefined) return true;
    const at = rule.asResourceOwner ? { ...target, ownerId: userId } : target;
    return holdsPermission(store, userId, at, rule.grant);
  }).map((rule) => rule.name);
}
