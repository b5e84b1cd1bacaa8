/**
 * The Stream operations this product performs, on the server client. Each function is one
 * Stream call (one network trip); services decide what runs in parallel.
 */
import type { MessageResponse, StreamChat } from 'stream-chat';
import './custom-data';
import { streamErrorCode } from './errors';

/** The channel type of every channel this API creates. */
export const CHANNEL_TYPE = 'messaging';

/** A Stream channel of any type (the sweep and repairs also meet channels made outside the API). */
export interface ChannelRef {
  type: string;
  id: string;
}

export interface StreamUser {
  id: string;
  name: string;
  /** Always the plain app role: our roles live in the database, per tenant. */
  role: 'user';
  /** Stream multi-tenancy: the tenants (teams) whose channels the user may see. */
  teams?: string[];
  /** Stream refuses this user's tokens issued before this instant (ISO 8601). */
  revoke_tokens_issued_before?: string;
}

export async function upsertUser(client: StreamChat, user: StreamUser): Promise<void> {
  await client.upsertUsers([user]);
}

/** Up to 100 users in one call (Stream's limit per upsert). */
export async function upsertUsers(client: StreamChat, users: StreamUser[]): Promise<void> {
  if (users.length > 0) await client.upsertUsers(users);
}

/** Stream refuses the user's tokens issued before `before` (a session ended, a removal). */
export async function revokeUserTokens(
  client: StreamChat,
  userId: string,
  before: Date,
): Promise<void> {
  await client.revokeUserToken(userId, before);
}

/**
 * Deletes a Stream user (https://getstream.io/chat/docs/node/update_users/, "Deleting users");
 * one that is already gone counts as deleted. `messages` says what their messages become:
 * `hard` removes the user and everything they wrote (`hard_delete`); `soft` and `keep` cannot
 * hard-delete the user (Stream's hard delete takes the messages with it), so the user is first
 * replaced by an anonymous one (an upsert replaces the whole user: no name, no teams; its
 * tokens refused) and then soft-deleted, with their messages
 * marked deleted (`mark_messages_deleted`) or left as they are.
 */
export async function deleteUser(
  client: StreamChat,
  userId: string,
  messages: 'keep' | 'soft' | 'hard' = 'hard',
): Promise<void> {
  try {
    if (messages !== 'hard') {
      // The replacement refuses every token issued until now (Stream compares whole seconds).
      const revoked = new Date((Math.floor(Date.now() / 1000) + 1) * 1000).toISOString();
      await client.upsertUsers([
        { id: userId, name: 'Deleted user', role: 'user', revoke_tokens_issued_before: revoked },
      ]);
    }
    await client.deleteUser(userId, {
      hard_delete: messages === 'hard',
      mark_messages_deleted: messages !== 'keep',
    });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

export interface NewStreamChannel {
  streamId: string;
  createdById: string;
  /** Initial members; the creator when absent. */
  members?: string[];
  tenantId: string;
  name: string;
  description: string;
  /** Set when Stream multi-tenancy is enabled: the tenant becomes the channel's team. */
  team?: string;
}

export async function createChannel(client: StreamChat, ch: NewStreamChannel): Promise<void> {
  await client
    .channel(CHANNEL_TYPE, ch.streamId, {
      created_by_id: ch.createdById,
      members: ch.members ?? [ch.createdById],
      tenant_id: ch.tenantId,
      name: ch.name,
      description: ch.description,
      ...(ch.team ? { team: ch.team } : {}),
    })
    .create();
}

const isNotFound = (err: unknown) => streamErrorCode(err) === 16;

/** Removes a channel for good; a channel that is already gone counts as removed. */
export async function hardDeleteChannel(
  client: StreamChat,
  streamId: string,
  type = CHANNEL_TYPE,
): Promise<void> {
  try {
    await client.channel(type, streamId).delete({ hard_delete: true });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

export async function updateChannel(
  client: StreamChat,
  streamId: string,
  set: Record<string, string | boolean>,
): Promise<void> {
  await client.channel(CHANNEL_TYPE, streamId).updatePartial({ set });
}

export async function addMembers(client: StreamChat, streamId: string, userIds: string[]) {
  await client.channel(CHANNEL_TYPE, streamId).addMembers(userIds);
}

export async function removeMembers(
  client: StreamChat,
  streamId: string,
  userIds: string[],
  type = CHANNEL_TYPE,
) {
  await client.channel(type, streamId).removeMembers(userIds);
}

const PAGE = 100;

/** Every member's user id (paged by 100). */
export async function channelMemberIds(client: StreamChat, streamId: string): Promise<string[]> {
  const ids: string[] = [];
  const channel = client.channel(CHANNEL_TYPE, streamId);
  for (let offset = 0; ; offset += PAGE) {
    const { members } = await channel.queryMembers({}, [{ created_at: 1 }], {
      limit: PAGE,
      offset,
    });
    ids.push(...members.map((m) => m.user_id ?? m.user?.id ?? '').filter(Boolean));
    if (members.length < PAGE) return ids;
  }
}

/** The channels of any type a filter matches, oldest first (30 per page, up to `max`). */
async function channelRefs(
  client: StreamChat,
  filter: Record<string, unknown>,
  max = Number.POSITIVE_INFINITY,
): Promise<ChannelRef[]> {
  const refs: ChannelRef[] = [];
  for (let offset = 0; offset < max; offset += 30) {
    const page = await client.queryChannels(filter, [{ created_at: 1 }], {
      limit: 30,
      offset,
      state: false,
      message_limit: 0,
    });
    for (const ch of page) if (ch.id) refs.push({ type: ch.type, id: ch.id });
    if (page.length < 30) break;
  }
  return refs;
}

/** A tenant's channels, of any type, that the user is a member of. */
export function channelsWithMember(
  client: StreamChat,
  tenantId: string,
  userId: string,
): Promise<ChannelRef[]> {
  return channelRefs(client, { tenant_id: tenantId, members: { $in: [userId] } });
}

/** Every channel of any type tagged with the tenant (its own, and any made outside the API). */
export function tenantChannels(client: StreamChat, tenantId: string): Promise<ChannelRef[]> {
  return channelRefs(client, { tenant_id: tenantId });
}

/** Tenant-tagged channels of any type created in [from, to), at most `max`. */
export function tenantChannelsCreated(
  client: StreamChat,
  window: { from: Date; to: Date },
  max: number,
): Promise<ChannelRef[]> {
  return channelRefs(
    client,
    {
      tenant_id: { $exists: true },
      created_at: { $gte: window.from.toISOString(), $lt: window.to.toISOString() },
    },
    max,
  );
}

export interface ChatMessage {
  id: string;
  stream_id: string;
  text: string;
  type: string;
  user_id: string;
  /** The author's name in our database (added by the service; never Stream's user object). */
  user_name?: string;
  created_at: string;
  updated_at: string;
}

export function toChatMessage(streamId: string, m: MessageResponse): ChatMessage {
  return {
    id: m.id,
    stream_id: streamId,
    text: m.text ?? '',
    type: m.type ?? 'regular',
    user_id: m.user?.id ?? '',
    created_at: String(m.created_at ?? ''),
    updated_at: String(m.updated_at ?? m.created_at ?? ''),
  };
}

export async function sendMessage(
  client: StreamChat,
  streamId: string,
  message: { id: string; text: string; userId: string },
): Promise<ChatMessage> {
  // Stream skips moderation for server-side sends unless asked: its AutoMod, where an app
  // enables it, applies to ours too.
  const res = await client
    .channel(CHANNEL_TYPE, streamId)
    .sendMessage(
      { id: message.id, text: message.text, user_id: message.userId },
      { force_moderation: true },
    );
  return toChatMessage(streamId, res.message);
}

/** Messages oldest first: the latest `limit`, or the `limit` just before message `before`. */
export async function listMessages(
  client: StreamChat,
  streamId: string,
  page: { limit: number; before?: string; upTo?: string },
): Promise<ChatMessage[]> {
  const res = await client.channel(CHANNEL_TYPE, streamId).query({
    state: true,
    watch: false,
    presence: false,
    messages: { limit: page.limit, id_lt: page.before, id_lte: page.upTo },
  });
  return res.messages.map((m) => toChatMessage(streamId, m));
}

/** Stream's answer to a reused message id: "a message with ID <id> already exists" (code 4). */
export function isDuplicateMessage(err: unknown): boolean {
  return streamErrorCode(err) === 4 && err instanceof Error && /already exists/.test(err.message);
}

/** A message as our moderation needs it: where it is, who wrote it, what it says. */
export interface StoredMessage {
  id: string;
  channelType: string;
  streamId: string;
  userId: string;
  text: string;
  type: string;
}

/** A message by id; undefined when Stream has none (code 4 or 16 for an unknown id). */
export async function getMessage(
  client: StreamChat,
  messageId: string,
): Promise<StoredMessage | undefined> {
  try {
    const { message } = await client.getMessage(messageId);
    const [channelType = '', streamId = ''] = (message.cid ?? '').split(':');
    return {
      id: message.id,
      channelType,
      streamId,
      userId: message.user?.id ?? '',
      text: message.text ?? '',
      type: message.type ?? 'regular',
    };
  } catch (err) {
    const code = streamErrorCode(err);
    if (code === 4 || code === 16) return undefined;
    throw err;
  }
}

/** Deletes a message (soft: `type: deleted`; hard: gone); one already gone counts as deleted. */
export async function deleteMessage(client: StreamChat, messageId: string, hard: boolean) {
  try {
    await client.deleteMessage(messageId, hard);
  } catch (err) {
    const code = streamErrorCode(err);
    if (code !== 4 && code !== 16) throw err;
  }
}

/** Stream refuses a second flag of the same target by the same user: that counts as flagged. */
const alreadyFlagged = (err: unknown) =>
  streamErrorCode(err) === 4 && err instanceof Error && /already/i.test(err.message);

/** Flags a message or a user in Stream on a user's behalf (its moderation dashboard shows it). */
export async function flag(
  client: StreamChat,
  target: { messageId: string } | { userId: string },
  by: { userId: string; reason: string },
): Promise<void> {
  const options = { user_id: by.userId, reason: by.reason };
  try {
    if ('messageId' in target) await client.flagMessage(target.messageId, options);
    else await client.flagUser(target.userId, options);
  } catch (err) {
    if (!alreadyFlagged(err)) throw err;
  }
}

/** Bans a user in one channel, for `minutes` or until lifted. */
export async function banInChannel(
  client: StreamChat,
  ref: ChannelRef,
  userId: string,
  ban: { minutes?: number; reason: string; bannedBy?: string },
): Promise<void> {
  await client.channel(ref.type, ref.id).banUser(userId, {
    ...(ban.minutes ? { timeout: ban.minutes } : {}),
    ...(ban.reason ? { reason: ban.reason } : {}),
    ...(ban.bannedBy ? { banned_by_id: ban.bannedBy } : {}),
  });
}

export async function unbanInChannel(client: StreamChat, ref: ChannelRef, userId: string) {
  await client.channel(ref.type, ref.id).unbanUser(userId);
}

/** `userId` mutes `targetId`: Stream's SDKs hide a muted user's messages. */
export async function mute(client: StreamChat, userId: string, targetId: string): Promise<void> {
  await client.muteUser(targetId, userId);
}

export async function unmute(client: StreamChat, userId: string, targetId: string) {
  await client.unmuteUser(targetId, userId);
}

/**
 * One page of the messages `userId` wrote in the channels matching `channels`, oldest first,
 * through Stream's Search (https://getstream.io/chat/docs/node/search/), server-side: `next`
 * is the cursor of the following page, absent on the last.
 */
export async function messagesByUser(
  client: StreamChat,
  channels: Record<string, unknown>,
  userId: string,
  page: { limit: number; next?: string },
): Promise<{ messages: ChatMessage[]; next?: string }> {
  const res = await client.search(
    channels,
    { 'user.id': userId },
    { limit: page.limit, sort: [{ created_at: 1 }], ...(page.next ? { next: page.next } : {}) },
  );
  const messages = res.results.map(({ message }) => {
    const [, streamId = ''] = (message.cid ?? '').split(':');
    return toChatMessage(streamId, message);
  });
  return { messages, ...(res.next ? { next: res.next } : {}) };
}
