/**
 * The operation → action table: which Stream actions a user-token call is checked against. Source:
 * Stream's User Permissions (https://getstream.io/chat/docs/node/chat_permission_policies/) and
 * Permissions Reference (https://getstream.io/chat/docs/node/permissions_reference/) pages; an
 * action's permission id is its kebab-case name (UpdateChannelMembers → `update-channel-members`).
 * Server tokens are never checked.
 */
export type Action =
  | 'CreateChannel'
  | 'ReadChannel'
  | 'ReadChannelMembers'
  | 'CreateMessage'
  | 'CreateSystemMessage'
  | 'UpdateChannel'
  | 'UpdateChannelMembers'
  | 'RemoveOwnChannelMembership'
  | 'UpdateChannelFrozen'
  | 'DeleteChannel'
  | 'UseFrozenChannel'
  // Frontend operations (a chat UI's calls).
  | 'UpdateMessage'
  | 'DeleteMessage'
  | 'CreateReaction'
  | 'DeleteReaction'
  | 'SendCustomEvent'
  | 'TruncateChannel'
  | 'BanChannelMember'
  | 'BanUser'
  | 'FlagMessage'
  | 'MuteChannel'
  | 'UploadAttachment'
  | 'DeleteAttachment'
  // Blocklists skip senders who hold it (./message-moderation.ts).
  | 'SkipMessageModeration'
  // Message fields that need a grant (./message-fields.ts).
  | 'PinMessage'
  | 'CreateRestrictedVisibilityMessage'
  | 'SendPoll'
  | 'CreateAttachment'
  | 'CreateMention'
  // Threads (routes/threads.ts).
  | 'UpdateThread';

/** `UpdateChannelMembers` → `update-channel-members`. */
export function permissionId(action: Action): string {
  return action.replace(/(?<!^)([A-Z])/g, '-$1').toLowerCase();
}

/**
 * Operations that accept a user token, with the actions each may check. Every other
 * operation is server-side only in the emulator (real Stream opens more of them, e.g. own-user
 * updates; this product's frontend does not use them).
 */
export const USER_TOKEN_OPERATIONS: Readonly<Record<string, readonly Action[]>> = {
  // An existing channel is a read; a missing one is a create, plus adding the other members
  // it names ("watch new channel → GetOrCreateChannel/CreateChannel").
  GetOrCreateChannel: ['ReadChannel', 'CreateChannel', 'UpdateChannelMembers'],
  // Not refused: the result holds only the channels the user may read (teams:
  // https://getstream.io/chat/docs/node/multi_tenant_chat/).
  QueryChannels: ['ReadChannel'],
  SendMessage: ['CreateMessage', 'UseFrozenChannel'],
  // add/remove members → UpdateChannelMembers, removing only oneself →
  // RemoveOwnChannelMembership, data → UpdateChannel, frozen → UpdateChannelFrozen,
  // a `message` → CreateSystemMessage.
  UpdateChannel: [
    'UpdateChannel',
    'UpdateChannelMembers',
    'RemoveOwnChannelMembership',
    'UpdateChannelFrozen',
    'CreateSystemMessage',
  ],
  UpdateChannelPartial: ['UpdateChannel', 'UpdateChannelFrozen'],
  DeleteChannel: ['DeleteChannel'],
  QueryMembers: ['ReadChannelMembers'],
  // The calls a chat frontend makes, checked through access.ts `assertUserMay`.
  // App scope (not grants): see access.ts.
  QueryUsers: [],
  UpdateUsersPartial: [],
  MuteUser: [],
  UnmuteUser: [],
  // Reading a channel's messages, reactions, read state, typing: ReadChannel (unsure for
  // typing).
  GetMessage: ['ReadChannel'],
  GetReplies: ['ReadChannel'],
  GetReactions: ['ReadChannel'],
  SendEvent: ['ReadChannel', 'SendCustomEvent'],
  MarkRead: ['ReadChannel'],
  MarkUnread: ['ReadChannel'],
  MarkAllRead: [],
  MarkDelivered: ['ReadChannel'],
  QueryThreads: ['ReadChannel'],
  GetThread: ['ReadChannel'],
  UpdateThreadPartial: ['UpdateThread'],
  GetManyMessages: ['ReadChannel'],
  GetPinnedMessages: ['ReadChannel'],
  QueryReactions: ['ReadChannel'],
  // Not refused: only channels the user may read are searched (routes/search.ts).
  Search: ['ReadChannel'],
  // The client-side subset of the app settings (client-app.ts).
  GetApp: [],
  UnreadCounts: [],
  StopWatching: [],
  UpdateMessage: ['UpdateMessage'],
  UpdateMessagePartial: ['UpdateMessage'],
  DeleteMessage: ['DeleteMessage'],
  SendReaction: ['CreateReaction'],
  DeleteReaction: ['DeleteReaction'],
  TruncateChannel: ['TruncateChannel'],
  HideChannel: ['ReadChannel'],
  ShowChannel: ['ReadChannel'],
  BanUser: ['BanChannelMember', 'BanUser'],
  UnbanUser: ['BanChannelMember', 'BanUser'],
  // A message: FlagMessage on its channel; a user: `flag-user` in the app scope (access.ts).
  Flag: ['FlagMessage'],
  // One's own block list: open to every user token (no grant in Stream's tables).
  BlockUsers: [],
  UnblockUsers: [],
  GetBlockedUsers: [],
  MuteChannel: ['MuteChannel'],
  UnmuteChannel: ['MuteChannel'],
  // Bans in channels the user may read, and app-wide bans (routes/banned-users.ts).
  QueryBannedUsers: ['ReadChannel'],
  UploadChannelFile: ['UploadAttachment'],
  UploadChannelImage: ['UploadAttachment'],
  // Another user's upload: DeleteAttachment, or its -owner form for one's own (routes/uploads.ts).
  DeleteChannelFile: ['DeleteAttachment'],
  DeleteChannelImage: ['DeleteAttachment'],
};
