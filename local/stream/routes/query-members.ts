/**
 * `GET /members?payload={...}` — QueryMembers, as `channel.queryMembers(filter, sort, options)`
 * sends it (chat OpenAPI QueryMembersPayload): the channel by `type` + `id` (or, for a distinct
 * channel, its `members`), `filter_conditions` `{}` or on `user_id`/`id` with `$eq`/`$in`,
 * `sort` on `created_at` (join order, the default), `limit` ≤ 300 (default 100),
 * `offset` ≤ 10000. Server tokens, and user tokens whose roles hold `read-channel-members`.
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { isRecord, parseWith, readQueryPayload } from '../body';
import { assertChannelType, memberInputSchema, memberUserId } from '../channels';
import type { EmulatorContext } from '../context';
import type { StreamEnv } from '../env';
import { channelNotFound, inputError } from '../errors';
import { LIMITS } from '../limits';
import { operation } from '../operation';
import { authorize } from '../permissions';
import { presentMember } from '../present';
import type { MemberRecord } from '../store';
import { respond } from '../wire';
import { distinctChannelId } from './channel-query';

const payloadSchema = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  members: z.array(memberInputSchema).optional(),
  filter_conditions: z.record(z.string(), z.unknown()),
  sort: z
    .array(z.looseObject({ field: z.string(), direction: z.number() }))
    .max(1)
    .optional(),
  limit: z.number().int().min(0).max(300).optional(),
  offset: z.number().int().min(0).max(10_000).optional(),
});

/** The member ids a `user_id`/`id` condition allows: a string, `{$eq}` or `{$in}`. */
function allowedIds(field: string, condition: unknown): Set<string> {
  if (typeof condition === 'string') return new Set([condition]);
  if (isRecord(condition) && Object.keys(condition).length === 1) {
    if (typeof condition.$eq === 'string') return new Set([condition.$eq]);
    const list = condition.$in;
    if (Array.isArray(list) && list.every((v) => typeof v === 'string')) return new Set(list);
  }
  throw inputError(
    `filter on ${field} is not supported by the local Stream emulator (use $eq or $in)`,
  );
}

function memberFilter(filter: Record<string, unknown>): (member: MemberRecord) => boolean {
  const tests: Array<(member: MemberRecord) => boolean> = [];
  for (const [field, condition] of Object.entries(filter)) {
    if (field !== 'user_id' && field !== 'id') {
      throw inputError(`filter field ${field} is not supported by the local Stream emulator`);
    }
    const ids = allowedIds(field, condition);
    tests.push((member) => ids.has(member.user_id));
  }
  return (member) => tests.every((test) => test(member));
}

export function registerQueryMembersRoute(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  app.get('/members', operation('QueryMembers', deps), async (c) => {
    const payload = parseWith(payloadSchema, readQueryPayload(c.req.query('payload')));
    assertChannelType(payload.type);
    let id = payload.id;
    if (id === undefined) {
      const memberIds = [...new Set((payload.members ?? []).map(memberUserId))];
      if (memberIds.length < 2) throw inputError('either id or at least 2 members are required');
      id = await distinctChannelId(memberIds);
    }
    const cid = `${payload.type}:${id}`;
    const channel = store.liveChannel(cid);
    if (!channel) throw channelNotFound(cid);
    authorize(store, c.get('auth'), { type: channel.type, channel }, 'ReadChannelMembers');

    const [sort] = payload.sort ?? [];
    if (sort && sort.field !== 'created_at') {
      throw inputError(`sort field ${sort.field} is not supported, use created_at`);
    }
    // Members are kept in join order, which is created_at ascending; ties keep that order.
    const matching = [...channel.members.values()].filter(memberFilter(payload.filter_conditions));
    if (sort && sort.direction < 0) matching.reverse();
    const offset = payload.offset ?? 0;
    // limit 0 is Go's "unset": the default applies.
    const page = matching.slice(
      offset,
      offset + (payload.limit || LIMITS.queryMembersPageDefaultCount),
    );
    return respond(c, {
      members: page.map((member) => presentMember(store, channel, member)),
    });
  });
}
