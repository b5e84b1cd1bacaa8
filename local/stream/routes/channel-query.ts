/**
 * GetOrCreateChannel: `POST /channels/{type}/{id}/query`, and the distinct (member-based)
 * form `POST /channels/{type}/query` (https://getstream.io/chat/docs/node/creating_channels/,
 * https://getstream.io/chat/docs/node/channel_pagination/). Creates the channel when it
 * does not exist; otherwise reads it without applying `data`.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { parseWith, readJsonBody } from '../body';
import {
  assertChannelId,
  assertChannelType,
  assertMemberCount,
  assertUsersExist,
  type ChannelDataInput,
  channelDataSchema,
  channelState,
  customFromData,
  memberUserId,
  newMember,
} from '../channels';
import { nowTimestamp } from '../clock';
import { applyWatch, checkWatch, type EmulatorContext } from '../context';
import type { Auth, StreamEnv } from '../env';
import { inputError } from '../errors';
import { LIMITS } from '../limits';
import { messagePaginationSchema, pageMessages } from '../messages';
import { operation } from '../operation';
import { assertMembersInTeam, authorize } from '../permissions';
import { storeNewChannel } from '../state-changes';
import type { ChannelRecord, MemberRecord, StreamStore } from '../store';
import { implicitUser } from '../users';
import { respond } from '../wire';

const getOrCreateSchema = z.looseObject({
  data: channelDataSchema.optional(),
  state: z.boolean().optional(),
  watch: z.boolean().optional(),
  presence: z.boolean().optional(),
  messages: messagePaginationSchema.optional(),
  members: z
    .looseObject({
      limit: z.number().int().min(0).optional(),
      offset: z.number().int().min(0).max(LIMITS.channelMembersOffsetMax).optional(),
    })
    .optional(),
  watchers: z
    .looseObject({
      limit: z.number().int().min(0).optional(),
      offset: z.number().int().min(0).max(LIMITS.channelWatchersOffsetMax).optional(),
    })
    .optional(),
});

/** Stream's distinct-channel id: "!members-" + base64url(SHA-256 of the sorted member ids). */
export async function distinctChannelId(memberIds: string[]): Promise<string> {
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode([...memberIds].sort().join(',')),
  );
  return `!members-${Buffer.from(digest).toString('base64url')}`;
}

function createChannel(
  store: StreamStore,
  auth: Auth,
  type: string,
  id: string,
  data: ChannelDataInput,
): ChannelRecord {
  const custom = customFromData(data);
  let creatorId: string;
  if (auth.kind === 'user') {
    creatorId = auth.userId;
  } else {
    if (data.created_by && data.created_by_id !== undefined) {
      throw inputError('cannot set both data.created_by and data.created_by_id.');
    }
    const named = data.created_by?.id ?? data.created_by_id;
    if (!named) {
      throw inputError(
        'either data.created_by or data.created_by_id must be provided when using server side auth.',
      );
    }
    creatorId = named;
  }

  const memberInputs = data.members ?? [];
  assertMemberCount('data.members', memberInputs.length);
  const at = nowTimestamp();
  const members = new Map<string, MemberRecord>();
  for (const input of memberInputs) {
    const member = newMember(input, at);
    if (!members.has(member.user_id)) members.set(member.user_id, member);
  }
  const team = data.team ?? undefined;
  // The creator will own the channel, so `-owner` grants count. Creating needs create-channel
  // (for one of the user's teams in multi-tenant apps); naming anyone else as a member is
  // adding members, which needs update-channel-members as well (the SDK's create-with-members
  // is one request, so the emulator checks both before creating anything).
  const target = { type, ...(team !== undefined ? { team } : {}), ownerId: creatorId };
  authorize(store, auth, target, 'CreateChannel');
  if (auth.kind === 'user' && [...members.keys()].some((userId) => userId !== auth.userId)) {
    authorize(store, auth, target, 'UpdateChannelMembers');
  }
  assertMembersInTeam(store, auth, team, members.keys());
  // A `created_by` object may name a new user (created implicitly); ids must exist.
  const mustExist = [...(data.created_by ? [] : [creatorId]), ...members.keys()];
  assertUsersExist(store, mustExist, 'create');
  if (auth.kind === 'server' && data.created_by) implicitUser(store, data.created_by);

  const channel: ChannelRecord = {
    cid: `${type}:${id}`,
    type,
    id,
    incarnation: store.newIncarnation(),
    created_by_id: creatorId,
    ...(team !== undefined ? { team } : {}),
    frozen: data.frozen ?? false,
    disabled: data.disabled ?? false,
    custom,
    members,
    created_at: at,
    updated_at: at,
  };
  // Replaces a soft-deleted record of the same cid: its messages keep the old incarnation.
  storeNewChannel(store, channel, auth.kind === 'user' ? auth.userId : undefined);
  return channel;
}

/** Register before the UpdateChannel routes: `POST /channels/:type/query` overlaps `POST /channels/:type/:id`. */
export function registerChannelQueryRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  const getOrCreate = async (
    c: Context<StreamEnv>,
    type: string,
    explicitId: string | undefined,
  ) => {
    const auth = c.get('auth');
    const body = parseWith(getOrCreateSchema, await readJsonBody(c));
    checkWatch(ctx, c, body);
    assertChannelType(type);
    const data = body.data ?? {};
    let id = explicitId;
    if (id === undefined) {
      const memberIds = [...new Set((data.members ?? []).map(memberUserId))];
      if (memberIds.length < 2) {
        throw inputError('When using member based IDs specify at least 2 members');
      }
      id = await distinctChannelId(memberIds);
    } else {
      assertChannelId(id);
    }

    let channel = store.liveChannel(`${type}:${id}`);
    if (channel) {
      // Existing channel: a read. `data` is not applied (that is what updates are for).
      authorize(store, auth, { type: channel.type, channel }, 'ReadChannel');
    } else {
      channel = createChannel(store, auth, type, id, data);
    }
    applyWatch(ctx, c, body, [channel.cid]);
    const memberLimit = Math.min(
      body.members?.limit ?? LIMITS.channelMembersPageDefaultCount,
      LIMITS.channelMembersPageMaxCount,
    );
    const state = channelState(store, channel, {
      messages: pageMessages(store, channel, body.messages),
      memberLimit,
      memberOffset: body.members?.offset ?? 0,
      auth,
      watcherIds: ctx.watches.watcherIds(channel.cid),
      ...(body.watchers?.limit !== undefined ? { watcherLimit: body.watchers.limit } : {}),
      ...(body.watchers?.offset !== undefined ? { watcherOffset: body.watchers.offset } : {}),
    });
    return respond(c, state, 201);
  };

  // The distinct form first, so "query" is never read as a channel id.
  app.post('/channels/:type/query', operation('GetOrCreateChannel', deps), (c) =>
    getOrCreate(c, c.req.param('type'), undefined),
  );
  app.post('/channels/:type/:id/query', operation('GetOrCreateChannel', deps), (c) =>
    getOrCreate(c, c.req.param('type'), c.req.param('id')),
  );
}
