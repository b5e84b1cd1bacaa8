/**
 * What a moderator UI needs (https://getstream.io/chat/docs/node/moderation/,
 * https://github.com/GetStream/stream-chat-js/blob/master/src/client.ts): POST /moderation/ban
 * BanUser {target_user_id, type?, id?, timeout?, reason?, banned_by_id?}
 *   DELETE /moderation/ban     UnbanUser ?target_user_id&type&id
 *   POST   /moderation/mute    MuteUser {target_id | target_ids, timeout?, user_id? server-side}
 *   POST   /moderation/unmute  UnmuteUser {target_id | target_ids, user_id?}
 *   POST   /moderation/flag    Flag {target_message_id | target_user_id, reason?, custom?,
 *                              user_id? server-side}: message.flagged / user.flagged
 *                              (webhook events). Unflagging is not emulated.
 *   GET    /moderation/flags/message  QueryMessageFlags ?payload={filter_conditions, limit?,
 *                              offset?}: message flags, newest first; filters `user_id` (who
 *                              flagged), `channel_cid`, `message_id` ($eq, $in). Server tokens,
 *                              or users whose role has `read-flag-reports` in `.app`.
 * A channel ban (type + id) needs BanChannelMember (channel_moderator, admin, moderator); an
 * app-wide ban needs BanUser (admin, moderator). Shadow bans and IP bans are not emulated.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { assertUserMay } from '../access';
import { actorId } from '../actor';
import { parseWith, readJsonBody, readQueryPayload } from '../body';
import type { EmulatorContext } from '../context';
import { type Auth, actingUser, type StreamEnv } from '../env';
import { channelNotFound, inputError } from '../errors';
import { matchesRecord } from '../filters';
import { visibleMessage } from '../message-changes';
import { ban, flagMessage, flagUser, mute, unban, unmute } from '../moderation';
import { operation } from '../operation';
import { presentMessage, presentUser } from '../present';
import type { ChannelRecord, StreamStore } from '../store';
import { userOrFail } from '../users';
import { respond } from '../wire';
import { presentMe } from '../ws/me';

const banSchema = z.looseObject({
  target_user_id: z.string().min(1),
  type: z.string().optional(),
  id: z.string().optional(),
  channel_cid: z.string().optional(),
  timeout: z.number().int().min(1).optional(),
  reason: z.string().optional(),
  banned_by_id: z.string().optional(),
  shadow: z.boolean().optional(),
  ip_ban: z.boolean().optional(),
});
const unbanSchema = z.looseObject({
  target_user_id: z.string().min(1),
  type: z.string().optional(),
  id: z.string().optional(),
  channel_cid: z.string().optional(),
});
const muteSchema = z.looseObject({
  target_id: z.string().optional(),
  target_ids: z.array(z.string()).optional(),
  user_id: z.string().optional(),
  timeout: z.number().int().min(1).optional(),
});

const flagSchema = z.looseObject({
  target_message_id: z.string().optional(),
  target_user_id: z.string().optional(),
  reason: z.string().optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
  user_id: z.string().optional(),
  user: z.looseObject({ id: z.string() }).optional(),
});

/** The channel of a channel ban: `type` + `id` (as the SDK's channel.banUser sends) or `channel_cid`. */
function banChannel(
  store: StreamStore,
  input: { type?: string | undefined; id?: string | undefined; channel_cid?: string | undefined },
): ChannelRecord | undefined {
  const { type, id } = input;
  if (type === undefined && id === undefined && input.channel_cid === undefined) return undefined;
  if ((type === undefined) !== (id === undefined)) {
    throw inputError('type and id must be given together for a channel ban');
  }
  const cid = input.channel_cid ?? `${type}:${id}`;
  if (input.channel_cid !== undefined && type !== undefined && cid !== `${type}:${id}`) {
    throw inputError('channel_cid and type/id name different channels');
  }
  const channel = store.liveChannel(cid);
  if (!channel) throw channelNotFound(cid);
  return channel;
}

/** Who is (un)banned and where; a channel ban needs BanChannelMember, an app ban BanUser. */
function banTarget(store: StreamStore, auth: Auth, input: z.output<typeof unbanSchema>) {
  const target = userOrFail(store, input.target_user_id);
  const channel = banChannel(store, input);
  assertUserMay(store, auth, channel ? 'BanChannelMember' : 'BanUser', channel ? { channel } : {});
  return { target, channel };
}

function targets(body: z.output<typeof muteSchema>): string[] {
  const ids = [...(body.target_id ? [body.target_id] : []), ...(body.target_ids ?? [])];
  if (ids.length === 0) throw inputError('target_id or target_ids is required');
  return ids;
}

const flagQuerySchema = z.looseObject({
  filter_conditions: z.record(z.string(), z.unknown()).optional(),
  limit: z.number().int().min(1).max(100).optional(),
  offset: z.number().int().min(0).optional(),
});

function inputErrorFor(field: string): never {
  throw inputError(`filter field ${field} is not supported by the local Stream emulator`);
}

/** The message and its channel, if the message still exists (hard deletes remove it). */
function findMessage(store: StreamStore, id: string) {
  try {
    return visibleMessage(store, id);
  } catch {
    return undefined;
  }
}

export function registerModerationRoutes(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;

  app.post('/moderation/ban', operation('BanUser', deps), async (c) => {
    const auth = c.get('auth');
    const body = parseWith(banSchema, await readJsonBody(c));
    if (body.shadow || body.ip_ban) {
      throw inputError('shadow and IP bans are not supported by the local Stream emulator');
    }
    const { target, channel } = banTarget(store, auth, body);
    const bannedById = actingUser(auth) ?? body.banned_by_id;
    ban(store, target, channel, {
      ...(body.reason ? { reason: body.reason } : {}),
      ...(body.timeout ? { timeout: body.timeout } : {}),
      ...(bannedById ? { bannedById } : {}),
    });
    return respond(c, {}, 201);
  });

  app.delete('/moderation/ban', operation('UnbanUser', deps), (c) => {
    const auth = c.get('auth');
    const { target, channel } = banTarget(store, auth, parseWith(unbanSchema, c.req.query()));
    unban(store, target, channel, actingUser(auth));
    return respond(c, {});
  });

  app.post('/moderation/mute', operation('MuteUser', deps), async (c) => {
    const auth = c.get('auth');
    const body = parseWith(muteSchema, await readJsonBody(c));
    assertUserMay(store, auth, 'MuteUser');
    const user = userOrFail(store, actorId(store, auth, body.user_id, 'mutes'));
    const ids = targets(body);
    for (const id of ids) userOrFail(store, id);
    mute(store, user, ids, body.timeout);
    const me = presentMe(store, user);
    const mutes = me.mutes as Record<string, unknown>[];
    const first = mutes.find((m) => (m.target as { id?: string }).id === ids[0]);
    return respond(c, { mute: first, mutes, own_user: me }, 201);
  });

  app.get('/moderation/flags/message', operation('QueryMessageFlags', deps), (c) => {
    assertUserMay(store, c.get('auth'), 'QueryMessageFlags');
    const payload = parseWith(flagQuerySchema, readQueryPayload(c.req.query('payload')));
    const flags = store.flags
      .filter((f) => f.target_message_id !== undefined)
      .map((flag) => ({ flag, found: findMessage(store, flag.target_message_id as string) }))
      .filter(
        ({ flag, found }) =>
          found &&
          matchesRecord(flag, payload.filter_conditions ?? {}, (f, field) =>
            field === 'channel_cid'
              ? found.channel.cid
              : field === 'message_id'
                ? f.target_message_id
                : field === 'user_id'
                  ? f.user_id
                  : inputErrorFor(field),
          ),
      )
      .reverse()
      .slice(payload.offset ?? 0, (payload.offset ?? 0) + (payload.limit ?? 10));
    return respond(c, {
      flags: flags.map(({ flag, found }) => ({
        created_at: flag.created_at,
        updated_at: flag.created_at,
        created_by_automod: flag.created_by_automod ?? false,
        ...(flag.reason ? { reason: flag.reason } : {}),
        user: presentUser(store, userOrFail(store, flag.user_id)),
        message: presentMessage(store, found!.message),
      })),
    });
  });

  app.post('/moderation/flag', operation('Flag', deps), async (c) => {
    const auth = c.get('auth');
    const body = parseWith(flagSchema, await readJsonBody(c));
    const messageId = body.target_message_id;
    const targetUserId = body.target_user_id;
    if ((messageId === undefined) === (targetUserId === undefined)) {
      throw inputError('either target_message_id or target_user_id must be provided');
    }
    const userId = actorId(store, auth, body.user_id ?? body.user?.id, 'flags');
    const input = {
      userId,
      ...(body.reason ? { reason: body.reason } : {}),
      ...(body.custom ? { custom: body.custom } : {}),
    };
    const flagger = presentUser(store, userOrFail(store, userId));
    if (messageId !== undefined) {
      const { message, channel } = visibleMessage(store, messageId);
      assertUserMay(store, auth, 'FlagMessage', { channel, ownerId: message.user_id });
      const flag = flagMessage(store, channel, message, input);
      const wire = {
        ...flag,
        user: flagger,
        target_message: presentMessage(store, message),
        created_by_automod: false,
        updated_at: flag.created_at,
      };
      return respond(c, { flag: wire, review_queue_item_id: '' }, 201);
    }
    assertUserMay(store, auth, 'FlagUser');
    const target = userOrFail(store, targetUserId as string);
    const flag = flagUser(store, target, input);
    const wire = {
      ...flag,
      user: flagger,
      target_user: presentUser(store, target),
      created_by_automod: false,
      updated_at: flag.created_at,
    };
    return respond(c, { flag: wire, review_queue_item_id: '' }, 201);
  });

  app.post('/moderation/unmute', operation('UnmuteUser', deps), async (c) => {
    const auth = c.get('auth');
    const body = parseWith(muteSchema, await readJsonBody(c));
    assertUserMay(store, auth, 'MuteUser');
    const user = userOrFail(store, actorId(store, auth, body.user_id, 'mutes'));
    unmute(store, user, targets(body));
    return respond(c, { own_user: presentUser(store, user) }, 201);
  });
}
