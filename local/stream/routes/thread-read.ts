/**
 * MarkRead with `thread_id` (`POST /channels/{type}/{id}/read`, as the SDK's
 * `thread.markAsRead()` sends it): the thread is read, the channel's read state is left alone
 * (../thread-reads.ts). The thread must be one of the channel's (404/16 otherwise).
 */
import type { Context } from 'hono';
import type { StreamEnv } from '../env';
import { ErrorCode, StreamError } from '../errors';
import type { ChannelRecord, StreamStore } from '../store';
import { markThreadRead } from '../thread-reads';
import { threadOf } from '../threads';
import { markReadAnswer } from './read-answer';

export function markThreadReadRoute(
  c: Context<StreamEnv>,
  store: StreamStore,
  channel: ChannelRecord,
  userId: string,
  threadId: string,
): Response {
  const parent = store.messages.get(threadId);
  const thread =
    parent && parent.cid === channel.cid ? threadOf(store, channel, parent) : undefined;
  if (!parent || !thread) {
    throw new StreamError(404, ErrorCode.DoesNotExist, `Thread ${threadId} not found`);
  }
  const at = markThreadRead(store, channel, parent, userId);
  return markReadAnswer(c, store, channel, userId, { created_at: at, thread_id: threadId });
}
