/**
 * `GET /query_banned_users?payload={filter_conditions, sort?, limit?, offset?,
 * exclude_expired_bans?}` QueryBannedUsers (`client.queryBannedUsers(filter, sort, options)`;
 * Stream's OpenAPI `QueryBannedUsersPayload` / `BanResponse`,
 * https://getstream.io/chat/docs/node/moderation/): the bans moderation.ts keeps, app-wide
 * (no `channel`) and per channel. Filter fields as in the OpenAPI document: `user_id`,
 * `channel_cid`, `banned_by_id`, `created_at`, `reason`; sort by `created_at` (default newest
 * first: unsure, not published). A user token sees app-wide bans and the bans of channels it may
 * read.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { parseWith, readQueryPayload } from '../body';
import type { EmulatorContext } from '../context';
import type { StreamEnv } from '../env';
import { inputError } from '../errors';
import { activeBan } from '../expiry';
import { matchesRecord, sortRecords } from '../filters';
import { LIMITS } from '../limits';
import { operation } from '../operation';
import { canReadChannel } from '../permissions';
import { presentChannel, presentUser } from '../present';
import type { BanRecord, ChannelRecord, StreamStore } from '../store';
import { respond } from '../wire';

const payloadSchema = z.looseObject({
  filter_conditions: z.record(z.string(), z.unknown()),
  sort: z
    .array(z.looseObject({ field: z.string(), direction: z.number() }))
    .max(1)
    .optional(),
  limit: z.number().int().min(0).max(LIMITS.queryBannedUsersPageMaxCount).optional(),
  offset: z.number().int().min(0).max(LIMITS.queryBannedUsersOffsetMax).optional(),
  exclude_expired_bans: z.boolean().optional(),
});

interface FoundBan {
  userId: string;
  ban: BanRecord;
  channel?: ChannelRecord;
}

const FILTER_FIELDS = new Set(['user_id', 'channel_cid', 'banned_by_id', 'created_at', 'reason']);

function fieldOf(found: FoundBan, field: string): unknown {
  if (!FILTER_FIELDS.has(field)) {
    throw inputError(`field "${field}" is not a valid filter or sort field for banned users`);
  }
  if (field === 'user_id') return found.userId;
  if (field === 'channel_cid') return found.channel?.cid;
  if (field === 'banned_by_id') return found.ban.banned_by_id;
  if (field === 'created_at') return found.ban.created_at;
  return found.ban.reason;
}

function allBans(store: StreamStore): FoundBan[] {
  const found: FoundBan[] = [];
  for (const user of store.users.values()) {
    if (user.ban) found.push({ userId: user.id, ban: user.ban });
  }
  for (const channel of store.channels.values()) {
    if (channel.deleted_at) continue;
    for (const [userId, ban] of Object.entries(channel.bans ?? {})) {
      found.push({ userId, ban, channel });
    }
  }
  return found;
}

export function registerBannedUsersRoute(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  app.get('/query_banned_users', operation('QueryBannedUsers', deps), (c) => {
    const auth = c.get('auth');
    const payload = parseWith(payloadSchema, readQueryPayload(c.req.query('payload')));
    const matching = allBans(store).filter(
      (found) =>
        (!found.channel || canReadChannel(store, auth, found.channel)) &&
        (!payload.exclude_expired_bans || activeBan(found.ban) !== undefined) &&
        matchesRecord(found, payload.filter_conditions, fieldOf),
    );
    const sort =
      payload.sort && payload.sort.length > 0
        ? payload.sort
        : [{ field: 'created_at', direction: -1 }];
    const offset = payload.offset ?? 0;
    const page = sortRecords(
      matching,
      sort,
      fieldOf,
      (found) => `${found.channel?.cid ?? ''}/${found.userId}`,
    ).slice(offset, offset + (payload.limit ?? LIMITS.queryBannedUsersPageDefaultCount));
    const userWire = (id: string) => {
      const user = store.users.get(id);
      return user ? presentUser(store, user) : { id };
    };
    return respond(c, {
      bans: page.map(({ userId, ban, channel }) => ({
        user: userWire(userId),
        ...(ban.banned_by_id ? { banned_by: userWire(ban.banned_by_id) } : {}),
        ...(channel ? { channel: presentChannel(store, channel) } : {}),
        created_at: ban.created_at,
        ...(ban.expires ? { expires: ban.expires } : {}),
        ...(ban.reason ? { reason: ban.reason } : {}),
        shadow: false,
      })),
    });
  });
}
