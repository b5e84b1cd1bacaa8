/**
 * MarkRead's answer, for a channel and for a thread (`thread_id`): the `message.read` event as
 * Stream returns it to the reader (201).
 */
import type { Context } from 'hono';
import type { StreamEnv } from '../env';
import { presentUser } from '../present';
import type { ChannelRecord, StreamStore } from '../store';
import { respond } from '../wire';

export function markReadAnswer(
  c: Context<StreamEnv>,
  store: StreamStore,
  channel: ChannelRecord,
  userId: string,
  fields: { created_at: string } & Record<string, unknown>,
): Response {
  const user = store.users.get(userId);
  const event = {
    type: 'message.read',
    cid: channel.cid,
    channel_id: channel.id,
    channel_type: channel.type,
    user: user ? presentUser(store, user) : { id: userId },
    ...fields,
  };
  return respond(c, { event }, 201);
}
