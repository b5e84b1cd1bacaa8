/**
 * The one user-token permission check of the operations added for frontends (messages,
 * reactions, read state, typing, moderation). Server tokens pass. For user tokens this
 * follows Stream's default `messaging` grants (stream-permissions.md §2) in a few rules;
 * when the grants model lands (branch `grants`), this function delegates to it, so callers
 * do not change.
 */
import type { Auth } from './env';
import { actionNotAllowed, canAccessChannel } from './permissions';
import type { ChannelRecord, StreamStore } from './store';

/**
 * member: any member of the channel (CreateReaction, ReadChannel, SendTypingEvent, ...).
 * owner: the owner of the resource (message sender, reactor), or a moderator.
 * moderator: app admin/moderator, or channel_moderator of that channel.
 * channel-owner: the channel's creator, or an app admin.
 * app-moderator: app admin/moderator only (app-wide bans).
 * anyone: any user (SearchUser, MuteUser: `.app` scope grants of role `user`).
 */
type Rule = 'member' | 'owner' | 'moderator' | 'channel-owner' | 'app-moderator' | 'anyone';

const RULES: Record<string, Rule> = {
  ReadChannel: 'member',
  CreateReaction: 'member',
  SendTypingEvents: 'member',
  MarkRead: 'member',
  UpdateMessage: 'owner',
  DeleteMessage: 'owner',
  DeleteReaction: 'owner',
  BanChannelMember: 'moderator',
  TruncateChannel: 'channel-owner',
  BanUser: 'app-moderator',
  SearchUser: 'anyone',
  MuteUser: 'anyone',
};

export interface AccessTarget {
  /** The channel in scope; absent for app-scope actions. */
  channel?: ChannelRecord;
  /** Owner of the resource acted on (message sender, reaction author). */
  ownerId?: string;
}

export function assertUserMay(
  store: StreamStore,
  auth: Auth,
  action: keyof typeof RULES,
  target: AccessTarget = {},
): void {
  if (auth.kind === 'server') return;
  const { userId } = auth;
  const role = store.users.get(userId)?.role ?? 'user';
  const appModerator = role === 'admin' || role === 'moderator';
  const { channel } = target;
  const scope = channel?.type ?? '.app';
  if (channel && !canAccessChannel(store, auth, channel) && role !== 'admin') {
    throw actionNotAllowed(store, userId, action === 'ReadChannel' ? action : 'ReadChannel', scope);
  }
  const channelModerator = channel?.members.get(userId)?.channel_role === 'channel_moderator';
  const allowed = ((): boolean => {
    switch (RULES[action]) {
      case 'member':
      case 'anyone':
        return true;
      case 'owner':
        return target.ownerId === userId || appModerator || channelModerator;
      case 'moderator':
        return appModerator || channelModerator;
      case 'channel-owner':
        return channel?.created_by_id === userId || role === 'admin';
      case 'app-moderator':
        return appModerator;
      default:
        return false;
    }
  })();
  if (!allowed) throw actionNotAllowed(store, userId, action, scope);
}
