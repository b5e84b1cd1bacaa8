/**
 * Operations added for frontends that accept user tokens; `operation()` lets them through
 * (permissions.ts) and each checks the caller with `assertUserMay` (access.ts). A module of
 * its own so that permissions.ts and access.ts do not import each other.
 */
export const REALTIME_USER_OPERATIONS = [
  'QueryUsers',
  'UpdateUsersPartial',
  'GetMessage',
  'UpdateMessage',
  'UpdateMessagePartial',
  'DeleteMessage',
  'GetReplies',
  'SendReaction',
  'DeleteReaction',
  'GetReactions',
  'SendEvent',
  'MarkRead',
  'MarkUnread',
  'MarkAllRead',
  'UnreadCounts',
  'StopWatching',
  'TruncateChannel',
  'HideChannel',
  'ShowChannel',
  'BanUser',
  'UnbanUser',
  'MuteUser',
  'UnmuteUser',
];
