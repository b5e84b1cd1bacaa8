/**
 * Channel updates (https://getstream.io/chat/docs/node/channel_update/):
 *   POST  /channels/{type}/{id}   UpdateChannel: replace custom data, add/remove members, roles
 *   PATCH /channels/{type}/{id}   UpdateChannelPartial: `set` / `unset` fields
 * Both validate everything first, so a rejected update changes nothing.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { isRecord, parseWith, readJsonBody } from '../body';
import { authorizeChannelChange } from '../channel-change';
import {
  assertChannelRole,
  assertCustomSize,
  assertMemberCount,
  assertUsersExist,
  channelDataSchema,
  channelWithMembers,
  customFromData,
  memberInputSchema,
  newMember,
} from '../channels';
import { nowTimestamp } from '../clock';
import type { EmulatorContext } from '../context';
import { actingUser, type StreamEnv } from '../env';
import { channelNotFound, inputError, notAllowedError } from '../errors';
import { assertNoReservedMessageFields, createMessage, messageInputSchema } from '../messages';
import { operation } from '../operation';
import { presentMessage } from '../present';
import {
  addMembers as addChannelMembers,
  channelUpdated,
  removeMembers as removeChannelMembers,
  setMemberRole,
} from '../state-changes';
import type { ChannelRecord, CustomData, StreamStore } from '../store';
import { respond } from '../wire';

const updateSchema = z.looseObject({
  data: channelDataSchema.optional(),
  add_members: z.array(memberInputSchema).optional(),
  remove_members: z.array(z.string()).optional(),
  add_moderators: z.array(z.string()).optional(),
  demote_moderators: z.array(z.string()).optional(),
  assign_roles: z
    .array(z.looseObject({ user_id: z.string(), channel_role: z.string() }))
    .optional(),
  message: messageInputSchema.optional(),
  hide_history: z.boolean().optional(),
  skip_push: z.boolean().optional(),
});
/** UpdateChannel features Stream has but this emulator does not model. */
const UNSUPPORTED_UPDATE_KEYS = [
  'invites',
  'accept_invite',
  'reject_invite',
  'add_filter_tags',
  'remove_filter_tags',
  'cooldown',
];

const partialSchema = z.looseObject({
  set: z.record(z.string(), z.unknown()).optional(),
  unset: z.array(z.string()).optional(),
});
/** Fields UpdateChannelPartial refuses (observed wording, with Stream's grammar). */
const RESERVED_PARTIAL_FIELDS = new Set([
  'id',
  'cid',
  'type',
  'config',
  'created_by',
  'created_by_id',
  'created_at',
  'updated_at',
  'deleted_at',
  'last_message_at',
  'members',
  'member_count',
  'own_capabilities',
]);

function existingChannel(store: StreamStore, type: string, id: string): ChannelRecord {
  const cid = `${type}:${id}`;
  const channel = store.liveChannel(cid);
  if (!channel) throw channelNotFound(cid);
  return channel;
}

/** Applies `set`-style built-ins of `data` (team/frozen/disabled) when present. */
function applyBuiltIns(channel: ChannelRecord, data: Record<string, unknown>): void {
  if ('team' in data) {
    if (data.team === null || data.team === undefined) delete channel.team;
    else if (typeof data.team === 'string') channel.team = data.team;
    else throw inputError('expected string for field "team"');
  }
  for (const flag of ['frozen', 'disabled'] as const) {
    if (!(flag in data)) continue;
    const value = data[flag];
    if (value === null || value === undefined) channel[flag] = false;
    else if (typeof value === 'boolean') channel[flag] = value;
    else throw inputError(`expected boolean for field "${flag}"`);
  }
}

function assertFieldPath(path: string): void {
  if (
    path === '' ||
    path.includes('..') ||
    /\s/.test(path) ||
    path.startsWith('.') ||
    path.endsWith('.')
  ) {
    throw inputError(`field "${path}" is not a valid field name`);
  }
  if (RESERVED_PARTIAL_FIELDS.has(path.split('.')[0] ?? path)) {
    throw notAllowedError(`field \`${path}\` is reserved and cannot updated`);
  }
}

/** Sets a dotted path ("a.b.c") inside custom data, creating objects on the way. */
function setPath(target: CustomData, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = target;
  for (const key of keys) {
    const next = node[key];
    if (!isRecord(next)) node[key] = {};
    node = node[key] as CustomData;
  }
  node[last] = value;
}

function unsetPath(target: CustomData, path: string): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node: unknown = target;
  for (const key of keys) {
    if (!isRecord(node)) return;
    node = node[key];
  }
  if (isRecord(node)) delete node[last];
}

export function registerChannelUpdateRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  app.post('/channels/:type/:id', operation('UpdateChannel', deps), async (c) => {
    const raw = await readJsonBody(c);
    for (const key of UNSUPPORTED_UPDATE_KEYS) {
      if (raw[key] !== undefined) {
        throw inputError(`${key} is not supported by the local Stream emulator`);
      }
    }
    if (isRecord(raw.message)) assertNoReservedMessageFields(raw.message);
    const body = parseWith(updateSchema, raw);
    const channel = existingChannel(store, c.req.param('type'), c.req.param('id'));
    const actorId = actingUser(c.get('auth'));

    // Validate everything before changing anything: a failed update applies nothing.
    const addMembers = body.add_members ?? [];
    const removeMembers = body.remove_members ?? [];
    const addModerators = body.add_moderators ?? [];
    const demoteModerators = body.demote_moderators ?? [];
    const assignRoles = body.assign_roles ?? [];
    assertMemberCount('add_members', addMembers.length);
    assertMemberCount('remove_members', removeMembers.length);
    assertMemberCount('add_moderators', addModerators.length);
    assertMemberCount('demote_moderators', demoteModerators.length);
    assertMemberCount('assign_roles', assignRoles.length);
    const at = nowTimestamp();
    const newMembers = addMembers.map((input) => newMember(input, at));
    for (const { channel_role } of assignRoles) assertChannelRole(channel_role);
    assertUsersExist(
      store,
      [...newMembers.map((m) => m.user_id), ...addModerators, ...assignRoles.map((r) => r.user_id)],
      'update',
    );
    const memberAfterAdd = (userId: string) =>
      channel.members.has(userId) || newMembers.some((m) => m.user_id === userId);
    for (const userId of [
      ...addModerators,
      ...demoteModerators,
      ...assignRoles.map((r) => r.user_id),
    ]) {
      if (!memberAfterAdd(userId)) {
        throw inputError(`user "${userId}" is not a member of channel ${channel.cid}`);
      }
    }
    const custom = body.data ? customFromData(body.data) : undefined;
    const auth = c.get('auth');
    authorizeChannelChange(store, auth, channel, {
      addMembers: newMembers.map((m) => m.user_id),
      removeMembers,
      roleChanges: addModerators.length + demoteModerators.length + assignRoles.length > 0,
      fields: body.data ?? {},
      replacesData: body.data !== undefined,
      message: body.message !== undefined,
    });

    // The optional message is validated and stored by createMessage; it is the last check.
    const message = body.message
      ? createMessage(store, channel, body.message, {
          defaultType: 'system',
          ...(auth.kind === 'user' ? { actingUserId: auth.userId } : {}),
        })
      : undefined;

    if (body.data && custom) {
      channel.custom = custom;
      applyBuiltIns(channel, body.data);
    }
    addChannelMembers(store, channel, newMembers, actorId);
    const setRole = (userId: string, role: string) =>
      setMemberRole(store, channel, userId, role, actorId);
    for (const userId of addModerators) setRole(userId, 'channel_moderator');
    for (const userId of demoteModerators) setRole(userId, 'channel_member');
    for (const { user_id, channel_role } of assignRoles) setRole(user_id, channel_role);
    removeChannelMembers(store, channel, removeMembers, actorId);
    // Membership changes have their own events; channel.updated is for data and roles.
    if (body.data || addModerators.length + demoteModerators.length + assignRoles.length > 0) {
      channelUpdated(store, channel, actorId);
    } else {
      channel.updated_at = at;
    }

    return respond(
      c,
      {
        ...channelWithMembers(store, channel, c.get('auth')),
        ...(message ? { message: presentMessage(store, message) } : {}),
      },
      201,
    );
  });

  app.patch('/channels/:type/:id', operation('UpdateChannelPartial', deps), async (c) => {
    const body = parseWith(partialSchema, await readJsonBody(c));
    const channel = existingChannel(store, c.req.param('type'), c.req.param('id'));
    const set = body.set ?? {};
    const unset = body.unset ?? [];
    if (Object.keys(set).length === 0 && unset.length === 0) {
      throw inputError('set or unset should contain at least one field');
    }
    for (const path of [...Object.keys(set), ...unset]) assertFieldPath(path);
    authorizeChannelChange(store, c.get('auth'), channel, {
      addMembers: [],
      removeMembers: [],
      roleChanges: false,
      fields: { ...Object.fromEntries(unset.map((path) => [path, null])), ...set },
      replacesData: false,
      message: false,
    });

    // Work on copies so that a rejected update (bad type, too large) changes nothing.
    const custom = structuredClone(channel.custom);
    const builtIns: Record<string, unknown> = {};
    for (const [path, value] of Object.entries(set)) {
      if (path === 'team' || path === 'frozen' || path === 'disabled') builtIns[path] = value;
      else setPath(custom, path, value);
    }
    for (const path of unset) {
      if (path === 'team' || path === 'frozen' || path === 'disabled') builtIns[path] = null;
      else unsetPath(custom, path);
    }
    assertCustomSize(custom);
    const draft: ChannelRecord = { ...channel };
    applyBuiltIns(draft, builtIns);

    channel.custom = custom;
    if (draft.team === undefined) delete channel.team;
    else channel.team = draft.team;
    channel.frozen = draft.frozen;
    channel.disabled = draft.disabled;
    channelUpdated(store, channel, actingUser(c.get('auth')));
    return respond(c, channelWithMembers(store, channel, c.get('auth')));
  });
}
