/**
 * Blocking users (https://getstream.io/chat/docs/node/block_user/): a user's private list of
 * users they blocked. Emulated: the list (BlockUsers, UnblockUsers, GetBlockedUsers) and the
 * connect payload's `me.blocked_user_ids`, which fills the SDK's `client.blockedUsers`. Not
 * emulated: what Stream does with it in distinct 1:1 channels (hiding the channel, dropping the
 * blocked user's events, push and unread counts there, skipping the blocker when the blocked user
 * adds them to a channel); group channels are unaffected on Stream as well.
 */
import { nowTimestamp } from './clock';
import { inputError } from './errors';
import type { BlockRecord, StreamStore, UserRecord } from './store';

/** Blocking someone already blocked keeps the first block [Unsure: Stream does not say]. */
export function blockUser(store: StreamStore, user: UserRecord, target: UserRecord): BlockRecord {
  if (target.id === user.id) throw inputError('a user cannot block themselves');
  const existing = user.blocks?.find((block) => block.blocked_user_id === target.id);
  if (existing) return existing;
  const block: BlockRecord = { blocked_user_id: target.id, created_at: nowTimestamp() };
  user.blocks = [...(user.blocks ?? []), block];
  store.emit({ type: 'state.changed' });
  return block;
}

/** Unblocking someone not blocked succeeds and changes nothing [Unsure]. */
export function unblockUser(store: StreamStore, user: UserRecord, targetId: string): void {
  const blocks = user.blocks ?? [];
  if (!blocks.some((block) => block.blocked_user_id === targetId)) return;
  user.blocks = blocks.filter((block) => block.blocked_user_id !== targetId);
  store.emit({ type: 'state.changed' });
}
