/** `POST /channels` — QueryChannels (https://getstream.io/chat/docs/node/query_channels/). */
import type { Hono } from 'hono';
import { z } from 'zod';
import { parseWith, readJsonBody } from '../body';
import { isChannelMuted } from '../channel-mutes';
import { channelState } from '../channels';
import { applyWatch, checkWatch, type EmulatorContext } from '../context';
import type { StreamEnv } from '../env';
import { inputError } from '../errors';
import { DEFAULT_CHANNEL_SORT, matchesFilter, sortChannels } from '../filters';
import { LIMITS } from '../limits';
import { messagesLimit, pageMessages } from '../messages';
import { operation } from '../operation';
import { canReadChannel } from '../permissions';
import { respond } from '../wire';

const queryChannelsSchema = z.looseObject({
  filter_conditions: z.record(z.string(), z.unknown()).optional(),
  sort: z
    .array(z.looseObject({ field: z.string(), direction: z.number() }))
    .max(5)
    .optional(),
  limit: z.number().int().optional(),
  offset: z.number().int().optional(),
  message_limit: z.number().int().optional(),
  member_limit: z.number().int().optional(),
  state: z.boolean().optional(),
  watch: z.boolean().optional(),
  presence: z.boolean().optional(),
});

/** Range checks with Stream's wording ("member_limit must be 100 or less"). */
function assertRange(field: string, value: number | undefined, max: number): void {
  if (value === undefined) return;
  if (value < 0) throw inputError(`${field} must be 0 or greater`);
  if (value > max) throw inputError(`${field} must be ${max} or less`);
}

/** The `muted` filter (https://getstream.io/chat/docs/node/muting_channels/): a user token's own mutes. */
function mutedFilterOf(value: unknown, viewer: string | undefined) {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw inputError('muted filter must be true or false');
  if (viewer === undefined) {
    throw inputError('the muted filter needs a user: query with a user token');
  }
  return { userId: viewer, muted: value };
}

export function registerQueryChannelsRoute(app: Hono<StreamEnv>, ctx: EmulatorContext): void {
  const { store, deps } = ctx;
  app.post('/channels', operation('QueryChannels', deps), async (c) => {
    const auth = c.get('auth');
    const body = parseWith(queryChannelsSchema, await readJsonBody(c));
    checkWatch(ctx, c, body);
    if (body.predefined_filter !== undefined) {
      throw inputError('predefined_filter is not supported by the local Stream emulator');
    }
    assertRange('member_limit', body.member_limit, LIMITS.queryChannelsMemberLimitMax);
    assertRange('offset', body.offset, LIMITS.queryChannelsOffsetMax);
    if (body.limit !== undefined && body.limit < 0) throw inputError('limit must be 0 or greater');
    if (body.message_limit !== undefined && body.message_limit < 0) {
      throw inputError('message_limit must be 0 or greater');
    }

    // `hidden` is per member (HideChannel): hidden channels are listed only when asked for.
    const { hidden: hiddenFilter, muted: mutedFilter, ...filter } = body.filter_conditions ?? {};
    const wantHidden = hiddenFilter === true;
    const viewer = auth.kind === 'user' ? auth.userId : undefined;
    // `muted` is per user too (channel-mutes.ts): true lists only muted channels, false none.
    const mutedBy = mutedFilterOf(mutedFilter, viewer);
    const sort = body.sort && body.sort.length > 0 ? body.sort : DEFAULT_CHANNEL_SORT;
    // Soft-deleted channels are invisible; user tokens see only channels they may read.
    const candidates = [...store.channels.values()].filter(
      (channel) =>
        !channel.deleted_at &&
        canReadChannel(store, auth, channel) &&
        (viewer === undefined || (channel.members.get(viewer)?.hidden ?? false) === wantHidden) &&
        (mutedBy === undefined ||
          isChannelMuted(store.users.get(mutedBy.userId), channel.cid) === mutedBy.muted),
    );
    const matching = sortChannels(
      candidates.filter((channel) => matchesFilter(channel, filter)),
      sort,
    );
    // limit 0 is Go's "unset": the default applies.
    const limit = Math.min(
      body.limit || LIMITS.queryChannelsPageDefaultCount,
      LIMITS.queryChannelsPageMaxCount,
    );
    const offset = body.offset ?? 0;
    const page = matching.slice(offset, offset + limit);

    applyWatch(
      ctx,
      c,
      body,
      page.map((channel) => channel.cid),
    );
    const messageLimit = messagesLimit(body.message_limit);
    const channels = page.map((channel) =>
      channelState(store, channel, {
        messages: pageMessages(store, channel, { limit: messageLimit }),
        memberLimit: body.member_limit ?? LIMITS.queryChannelsMemberLimitDefault,
        auth,
        watcherIds: ctx.watches.watcherIds(channel.cid),
      }),
    );
    return respond(c, { channels }, 201);
  });
}
