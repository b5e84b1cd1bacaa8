/**
 * Channel rules shared by the channel routes: id/type validation, member resolution, custom-data
 * handling and the channel-state response (https://getstream.io/chat/docs/node/creating_channels/,
 * https://getstream.io/chat/docs/node/channel_update/).
 */
import { z } from 'zod';
import { ownCapabilities } from './capabilities';
import { isKnownChannelType } from './channel-types';
import { nowTimestamp } from './clock';
import { type Auth, actingUser } from './env';
import { ErrorCode, inputError, StreamError } from './errors';
import { LIMITS } from './limits';
import { CHANNEL_STATE_PINNED_COUNT, pinnedMessages } from './pins';
import {
  presentChannel,
  presentMember,
  presentMembers,
  presentMessage,
  presentUser,
  type Wire,
} from './present';
import { readOf, unreadMessages } from './reads';
import type {
  ChannelRecord,
  CustomData,
  MemberRecord,
  MessageRecord,
  StreamStore,
  UserRecord,
} from './store';

const VALID_CHANNEL_ROLES = new Set(['channel_member', 'channel_moderator']);

export const memberInputSchema = z.union([
  z.string(),
  z.looseObject({ user_id: z.string(), channel_role: z.string().optional() }),
]);
export type MemberInput = z.output<typeof memberInputSchema>;

/** `data` of GetOrCreateChannel / UpdateChannel: built-ins typed, custom fields passed through. */
export const channelDataSchema = z.looseObject({
  created_by: z.looseObject({ id: z.string() }).optional(),
  created_by_id: z.string().optional(),
  members: z.array(memberInputSchema).optional(),
  team: z.string().nullish(),
  frozen: z.boolean().optional(),
  disabled: z.boolean().optional(),
});
export type ChannelDataInput = z.output<typeof channelDataSchema>;

/** Keys of `data` with their own meaning: never stored as custom data. */
const BUILT_IN_DATA_KEYS = new Set([
  'created_by',
  'created_by_id',
  'members',
  'team',
  'frozen',
  'disabled',
]);
/**
 * Response-only channel fields. Apps often send back a channel object they read; Stream
 * ignores these there (the SDK strips most of them before `update`), so the emulator drops
 * them instead of storing them as custom data.
 */
const READ_ONLY_CHANNEL_KEYS = new Set([
  'id',
  'cid',
  'type',
  'config',
  'created_at',
  'updated_at',
  'deleted_at',
  'truncated_at',
  'truncated_by',
  'last_message_at',
  'member_count',
  'message_count',
  'own_capabilities',
  'hidden',
]);
/** Real Stream features of channel data that this emulator does not model. */
const UNSUPPORTED_DATA_KEYS = ['invites', 'config_overrides'];

export function assertChannelType(type: string): void {
  if (!isKnownChannelType(type)) throw inputError(`channel type "${type}" does not exist`);
}

export function assertChannelId(id: string): void {
  if (id.includes('!')) {
    throw inputError("Cannot create a channel with a '!' in the ID, this is a reserved character.");
  }
  if (id.length > LIMITS.channelIdMaxChars) {
    throw inputError(
      `channel id "${id}" is too long, the maximum length is ${LIMITS.channelIdMaxChars}`,
    );
  }
  if (!/^[\w-]+$/.test(id)) {
    throw inputError(
      `channel id "${id}" is not valid, only letters, numbers and the characters "_" and "-" are allowed`,
    );
  }
}

/** Custom fields of a `data` object, after checking for unsupported built-ins and size. */
export function customFromData(data: Record<string, unknown>): CustomData {
  for (const key of UNSUPPORTED_DATA_KEYS) {
    if (data[key] !== undefined) {
      throw inputError(`data.${key} is not supported by the local Stream emulator`);
    }
  }
  const custom: CustomData = {};
  for (const [key, value] of Object.entries(data)) {
    if (BUILT_IN_DATA_KEYS.has(key) || READ_ONLY_CHANNEL_KEYS.has(key) || value === undefined)
      continue;
    custom[key] = value;
  }
  assertCustomSize(custom);
  return custom;
}

export function assertCustomSize(custom: CustomData): void {
  const bytes = Buffer.byteLength(JSON.stringify(custom));
  if (bytes > LIMITS.channelCustomDataMaxBytes) {
    throw new StreamError(
      413,
      ErrorCode.PayloadTooBig,
      `channel custom data is ${bytes} bytes, the maximum is ${LIMITS.channelCustomDataMaxBytes} bytes`,
    );
  }
}

export function memberUserId(input: MemberInput): string {
  return typeof input === 'string' ? input : input.user_id;
}

/** Stream's error for operations naming users that were never upserted. */
export function assertUsersExist(
  store: StreamStore,
  userIds: Iterable<string>,
  operation: 'create' | 'update',
): void {
  const missing = [...new Set(userIds)].filter((id) => !store.users.has(id));
  if (missing.length > 0) {
    throw inputError(
      `The following users are involved in channel ${operation} operation, but don't exist: [${missing.join(' ')}]. Please create the user objects before setting up the channel.`,
    );
  }
}

export function assertMemberCount(field: string, count: number): void {
  if (count > LIMITS.channelMembersPerCallMaxCount) {
    throw inputError(`${field} must contain at most ${LIMITS.channelMembersPerCallMaxCount} users`);
  }
}

/** A member record from an id or `{user_id, channel_role, ...custom}`. */
export function newMember(input: MemberInput, at = nowTimestamp()): MemberRecord {
  if (typeof input === 'string') {
    return {
      user_id: input,
      channel_role: 'channel_member',
      custom: {},
      created_at: at,
      updated_at: at,
    };
  }
  const { user_id, channel_role = 'channel_member', user: _u, role: _r, ...custom } = input;
  assertChannelRole(channel_role);
  return { user_id, channel_role, custom, created_at: at, updated_at: at };
}

export function assertChannelRole(role: string): void {
  if (!VALID_CHANNEL_ROLES.has(role)) throw inputError(`channel_role "${role}" does not exist`);
}

export interface StateOptions {
  messages: MessageRecord[];
  memberLimit: number;
  memberOffset?: number;
  auth: Auth;
  /** Ids of the users watching the channel (the connection registry); none when unknown. */
  watcherIds?: string[];
  /** The `watchers` page (GetOrCreate's `watchers: {limit, offset}`). */
  watcherLimit?: number;
  watcherOffset?: number;
}

/**
 * `watchers`: the users watching the channel, a page of them
 * (https://getstream.io/chat/docs/javascript/watch_channel/,
 * https://getstream.io/chat/docs/javascript/channel_pagination/). Invisible users appear offline,
 * so they are left out of the list [Unsure] but still counted in `watcher_count` [Unsure].
 */
function watcherList(store: StreamStore, options: StateOptions): Wire[] {
  const limit = Math.min(
    options.watcherLimit ?? LIMITS.channelWatchersPageDefaultCount,
    LIMITS.channelWatchersPageMaxCount,
  );
  const offset = options.watcherOffset ?? 0;
  return (options.watcherIds ?? [])
    .map((id) => store.users.get(id))
    .filter((user): user is UserRecord => user !== undefined && !user.invisible)
    .slice(offset, offset + limit)
    .map((user) => presentUser(store, user));
}

/** `read[]`: one entry per member, from the read state (reads.ts). */
function readList(store: StreamStore, channel: ChannelRecord): Wire[] {
  return [...channel.members.values()].map((member) => {
    const read = readOf(store, channel, member.user_id);
    const user = store.users.get(member.user_id);
    return {
      user: user ? presentUser(store, user) : { id: member.user_id },
      last_read: read?.last_read ?? member.created_at,
      unread_messages: unreadMessages(store, channel, member.user_id).length,
      ...(read?.last_read_message_id ? { last_read_message_id: read.last_read_message_id } : {}),
      ...(read?.last_delivered_message_id
        ? {
            last_delivered_at: read.last_delivered_at,
            last_delivered_message_id: read.last_delivered_message_id,
          }
        : {}),
    };
  });
}

/** ChannelStateResponse (without `duration`): what channel query and query channels return. */
export function channelState(
  store: StreamStore,
  channel: ChannelRecord,
  options: StateOptions,
): Wire {
  const viewerId = actingUser(options.auth);
  const membership = viewerId !== undefined ? channel.members.get(viewerId) : undefined;
  const pinned = pinnedMessages(store, channel)
    .slice(-CHANNEL_STATE_PINNED_COUNT)
    .map((m) => presentMessage(store, m, viewerId));
  return {
    channel: {
      ...presentChannel(store, channel),
      ...(channel.truncated_at ? { truncated_at: channel.truncated_at } : {}),
      ...viewerCapabilities(store, channel, viewerId),
    },
    members: presentMembers(store, channel, options.memberLimit, options.memberOffset),
    messages: options.messages.map((m) => presentMessage(store, m, viewerId)),
    pinned_messages: pinned,
    read: readList(store, channel),
    watcher_count: options.watcherIds?.length ?? 0,
    watchers: watcherList(store, options),
    threads: [],
    ...(membership ? { membership: presentMember(store, channel, membership) } : {}),
  };
}

/** `own_capabilities` for a user (user-token calls); none for server-side calls. */
function viewerCapabilities(store: StreamStore, channel: ChannelRecord, viewerId?: string): Wire {
  return viewerId === undefined
    ? {}
    : { own_capabilities: ownCapabilities(store, channel, viewerId) };
}

/**
 * `channel` + all `members`, the body of update-style responses; with the caller's
 * `own_capabilities` for a user token (the SDK replaces its channel data with this `channel`).
 */
export function channelWithMembers(store: StreamStore, channel: ChannelRecord, auth?: Auth): Wire {
  return {
    channel: {
      ...presentChannel(store, channel),
      ...viewerCapabilities(store, channel, auth ? actingUser(auth) : undefined),
    },
    members: presentMembers(store, channel, channel.members.size),
  };
}

/**
 * watch/presence need a websocket connection (`connection_id`), which server-side clients
 * never have; Stream answers 400 (the SDK forces watch:false server-side for this reason).
 */
export function assertNoWatch(
  body: { watch?: boolean | undefined; presence?: boolean | undefined },
  connectionId: string | undefined,
): void {
  if ((body.watch || body.presence) && !connectionId) {
    throw inputError('watch or presence requires a valid connection_id');
  }
}
