/**
 * Operations added for frontends (branch realtime) that accept a user token, with the
 * actions each checks through access.ts `assertUserMay`. Spread into actions.ts
 * `USER_TOKEN_OPERATIONS`, so `operation()` lets them through.
 */
import type { Action } from './actions';

export const REALTIME_USER_OPERATIONS: Readonly<Record<string, readonly Action[]>> = {
  // App scope (not grants): see access.ts.
  QueryUsers: [],
  UpdateUsersPartial: [],
  MuteUser: [],
  UnmuteUser: [],
  // Reading a channel's messages, reactions, read state, typing: ReadChannel ([Unsure] for
  // typing, stream-permissions.md §1).
  GetMessage: ['ReadChannel'],
  GetReplies: ['ReadChannel'],
  GetReactions: ['ReadChannel'],
  SendEvent: ['ReadChannel', 'SendCustomEvent'],
  MarkRead: ['ReadChannel'],
  MarkUnread: ['ReadChannel'],
  MarkAllRead: [],
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
};
