/**
 * Wire shapes (https://github.com/GetStream/protocol/blob/main/openapi/chat-openapi.json): turns
 * store records into the JSON Stream returns, with custom fields flattened next to the built-in
 * ones as the v1 API used by stream-chat-js does.
 */
import { channelConfig } from './channel-types';
import { activeBan, channelBan } from './expiry';
import { isPinned } from './pins';
import type {
  ChannelRecord,
  MemberRecord,
  MessageRecord,
  ReactionRecord,
  StreamStore,
  UserRecord,
} from './store';

/** Stream returns this many reactions in `latest_reactions`. */
const LATEST_REACTIONS = 10;

export type Wire = Record<string, unknown>;

/**
 * Whether others see the user online: an open WebSocket connection (the store's runtime
 * `isConnected`, never persisted), unless the user is `invisible`
 * (https://getstream.io/chat/docs/javascript/presence_format/: invisible users appear offline).
 */
export function isUserOnline(store: StreamStore, user: UserRecord): boolean {
  return !user.invisible && store.isConnected(user.id);
}

export function presentUser(store: StreamStore, user: UserRecord): Wire {
  const ban = activeBan(user.ban);
  return {
    ...user.custom,
    id: user.id,
    role: user.role,
    teams: [...user.teams],
    ...(user.teams_role ? { teams_role: { ...user.teams_role } } : {}),
    ...(user.name !== undefined ? { name: user.name } : {}),
    ...(user.image !== undefined ? { image: user.image } : {}),
    language: user.language,
    created_at: user.created_at,
    updated_at: user.updated_at,
    banned: ban !== undefined,
    ...(ban?.expires ? { ban_expires: ban.expires } : {}),
    online: isUserOnline(store, user),
    ...(user.last_active ? { last_active: user.last_active } : {}),
    // Whom a user blocked is theirs to know: filled in their own `me` (ws/me.ts) only.
    blocked_user_ids: [],
    shadow_banned: false,
    invisible: user.invisible,
    ...(user.deleted_at ? { deleted_at: user.deleted_at } : {}),
    ...(user.deactivated_at ? { deactivated_at: user.deactivated_at } : {}),
  };
}

/** Users referenced by records always exist (creation checks it); `{id}` is a safety net. */
function userById(store: StreamStore, id: string): Wire {
  const user = store.users.get(id);
  return user ? presentUser(store, user) : { id };
}

/** Legacy `role` field: owner (creator), admin (global admin), moderator, member. */
function legacyMemberRole(
  store: StreamStore,
  channel: ChannelRecord,
  member: MemberRecord,
): string {
  if (member.user_id === channel.created_by_id) return 'owner';
  if (store.users.get(member.user_id)?.role === 'admin') return 'admin';
  if (member.channel_role === 'channel_moderator') return 'moderator';
  return 'member';
}

export function presentMember(
  store: StreamStore,
  channel: ChannelRecord,
  member: MemberRecord,
): Wire {
  const ban = channelBan(channel, member.user_id);
  return {
    ...member.custom,
    user_id: member.user_id,
    user: userById(store, member.user_id),
    status: 'member',
    created_at: member.created_at,
    updated_at: member.updated_at,
    banned: ban !== undefined,
    ...(ban?.expires ? { ban_expires: ban.expires } : {}),
    shadow_banned: false,
    role: legacyMemberRole(store, channel, member),
    channel_role: member.channel_role,
    ...(member.channel_role === 'channel_moderator' ? { is_moderator: true } : {}),
    notifications_muted: false,
  };
}

export function presentChannel(store: StreamStore, channel: ChannelRecord): Wire {
  return {
    ...channel.custom,
    id: channel.id,
    type: channel.type,
    cid: channel.cid,
    created_at: channel.created_at,
    updated_at: channel.updated_at,
    created_by: userById(store, channel.created_by_id),
    frozen: channel.frozen,
    disabled: channel.disabled,
    member_count: channel.members.size,
    config: channelConfig(store, channel.type),
    ...(channel.last_message_at ? { last_message_at: channel.last_message_at } : {}),
    ...(channel.team !== undefined ? { team: channel.team } : {}),
    ...(channel.deleted_at ? { deleted_at: channel.deleted_at } : {}),
  };
}

export function presentReaction(store: StreamStore, reaction: ReactionRecord): Wire {
  return {
    ...reaction.custom,
    message_id: reaction.message_id,
    user_id: reaction.user_id,
    user: userById(store, reaction.user_id),
    type: reaction.type,
    score: reaction.score,
    created_at: reaction.created_at,
    updated_at: reaction.updated_at,
  };
}

/** latest/own reactions and the per-type aggregates the SDK shows. */
function reactionFields(store: StreamStore, message: MessageRecord, viewerId?: string): Wire {
  const reactions = store.reactions.get(message.id) ?? [];
  const counts: Record<string, number> = {};
  const scores: Record<string, number> = {};
  const groups: Record<string, Wire> = {};
  for (const reaction of reactions) {
    counts[reaction.type] = (counts[reaction.type] ?? 0) + 1;
    scores[reaction.type] = (scores[reaction.type] ?? 0) + reaction.score;
    const group = groups[reaction.type];
    groups[reaction.type] = {
      count: counts[reaction.type],
      sum_scores: scores[reaction.type],
      first_reaction_at: group?.first_reaction_at ?? reaction.created_at,
      last_reaction_at: reaction.created_at,
    };
  }
  return {
    latest_reactions: reactions
      .slice(-LATEST_REACTIONS)
      .reverse()
      .map((r) => presentReaction(store, r)),
    own_reactions:
      viewerId === undefined
        ? []
        : reactions.filter((r) => r.user_id === viewerId).map((r) => presentReaction(store, r)),
    reaction_counts: counts,
    reaction_scores: scores,
    reaction_groups: groups,
  };
}

export interface MessageView {
  /** Show a soft-deleted message's content (GetMessage `show_deleted_message`, server-side). */
  showDeleted?: boolean;
}

/**
 * A message as Stream returns it. `viewerId` (the user of a user token, or the recipient of an
 * event) fills `own_reactions` (events leave it empty, as Stream does) and decides `shadowed`:
 * a shadow-blocked message is `shadowed: true` for everyone but its sender, and the SDK drops
 * shadowed messages (stream-chat-js `ChannelState.addMessagesSorted`). A soft-deleted message
 * loses its text and attachments on the wire: Stream returns the original only to a server-side
 * GetMessage with `show_deleted_message` (https://getstream.io/chat/docs/node/send_message/,
 * "Get a Message") [Unsure for other reads].
 */
export function presentMessage(
  store: StreamStore,
  message: MessageRecord,
  viewerId?: string,
  view: MessageView = {},
): Wire {
  const channel = store.channels.get(message.cid);
  const member = channel?.members.get(message.user_id);
  const hidden = message.deleted_at !== undefined && !view.showDeleted;
  return {
    ...message.custom,
    id: message.id,
    text: hidden ? '' : message.text,
    html: hidden ? '' : message.html,
    type: message.deleted_at ? 'deleted' : message.type,
    ...(message.deleted_at ? { deleted_at: message.deleted_at } : {}),
    user: userById(store, message.user_id),
    ...(member
      ? { member: { channel_role: member.channel_role, notifications_muted: false } }
      : {}),
    attachments: hidden ? [] : message.attachments,
    ...reactionFields(store, message, viewerId),
    reply_count: message.reply_count,
    deleted_reply_count: 0,
    cid: message.cid,
    created_at: message.created_at,
    updated_at: message.updated_at,
    shadowed: message.shadowed === true && viewerId !== message.user_id,
    mentioned_users: message.mentioned_user_ids
      .filter((id) => store.users.has(id))
      .map((id) => userById(store, id)),
    silent: message.silent,
    // An expired pin reads as no pin (pins.ts).
    ...(isPinned(message) || !message.pinned
      ? {
          pinned: message.pinned,
          pinned_at: message.pinned_at,
          pinned_by: message.pinned_by_id ? userById(store, message.pinned_by_id) : null,
          pin_expires: message.pin_expires,
        }
      : { pinned: false, pinned_at: null, pinned_by: null, pin_expires: null }),
    restricted_visibility: message.restricted_visibility,
    ...(message.parent_id !== undefined ? { parent_id: message.parent_id } : {}),
    ...(message.show_in_channel !== undefined ? { show_in_channel: message.show_in_channel } : {}),
    ...(message.quoted_message_id !== undefined
      ? { quoted_message_id: message.quoted_message_id }
      : {}),
    ...(message.thread_participant_ids.length > 0
      ? { thread_participants: message.thread_participant_ids.map((id) => userById(store, id)) }
      : {}),
  };
}

/**
 * The members page of a channel: join order, `offset`/`limit` applied by the caller's rules.
 */
export function presentMembers(
  store: StreamStore,
  channel: ChannelRecord,
  limit: number,
  offset = 0,
): Wire[] {
  return [...channel.members.values()]
    .slice(offset, offset + limit)
    .map((member) => presentMember(store, channel, member));
}
