/**
 * Set-up that scenarios share, built on ./context.ts only.
 */
import type { Channel, StreamChat } from 'stream-chat';
import type { ParityContext } from './context';

export interface Watcher {
  client: StreamChat;
  /** `messaging:<id>` as `client` watches it. */
  channel: Channel;
}

/**
 * `userIds` as users and members of a new `messaging:<id>` (created by the first), each connected
 * in turn and then all watching it: one watcher per user, in order.
 */
export async function watchTogether<const T extends readonly string[]>(
  ctx: ParityContext,
  id: string,
  userIds: T,
): Promise<{ [K in keyof T]: Watcher }> {
  await ctx.users(...userIds);
  await ctx.channel(id, [...userIds]);
  const watchers: Watcher[] = [];
  for (const userId of userIds) {
    const client = await ctx.connect(userId);
    watchers.push({ client, channel: client.channel('messaging', id) });
  }
  await Promise.all(watchers.map(({ channel }) => channel.watch()));
  return watchers as { [K in keyof T]: Watcher };
}
