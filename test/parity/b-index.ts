/**
 * parity-b's scenarios, by name, for the runners (Node: test/node/stream-emulator/parity-b.test.ts).
 */
import type { Scenario } from './b-support';
import {
  channelCustomEvent,
  channelCustomEventRefused,
  channelMuteAndUnmute,
  channelMuteExpires,
  channelMuteRefused,
  userCustomEvent,
} from './mutes-events';
import { uploadAndDelete, uploadLimits, uploadRefusedWithoutGrant } from './uploads';
import {
  bannedUsers,
  deactivateAndReactivate,
  deactivateUsersBatch,
  restoreSoftDeletedUser,
  unreadCounts,
} from './users-bans-unread';

export const PARITY_B_SCENARIOS: Record<string, Scenario> = {
  channelMuteAndUnmute,
  channelMuteExpires,
  channelMuteRefused,
  channelCustomEvent,
  channelCustomEventRefused,
  userCustomEvent,
  unreadCounts,
  bannedUsers,
  deactivateAndReactivate,
  deactivateUsersBatch,
  restoreSoftDeletedUser,
  uploadAndDelete,
  uploadRefusedWithoutGrant,
  uploadLimits,
};
