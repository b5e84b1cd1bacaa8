/**
 * Stream tells us what happens: its webhooks (`POST /webhooks/stream`) are verified, reduced to
 * the facts we compare with our database, and queued; the queue consumer acts on each delivery
 * once (`X-Webhook-Id`) and repairs what our database does not hold, through the same markers and
 * converge functions as every other repair (src/sync/).
 *
 * What each event triggers:
 *  - `channel.created`, `channel.updated`, `channel.deleted`, `member.added`, `member.removed` on a
 *    `messaging` channel of ours: compared with its row (name, description, frozen, team, tenant;
 *    the member's row); if they differ, the channel is repaired at once (or, while a write of ours
 *    owns its marker, by that write's repair). A `messaging` channel tagged with a tenant that no
 *    row owns is deleted the same way.
 *  - the same events on a channel of another type tagged with a tenant: it is deleted (we never
 *    make those).
 *  - `user.updated`, `user.deleted` of one of our users: compared with our row (name, the `user`
 *    role, teams, no image); if they differ, the user is repaired.
 *  - `message.flagged`, `user.flagged` raised by a member of the tenant: a report of source
 *    `stream_flag` in the moderators' queue (reports.ts), unless it is the mirror of a report made
 *    through our API.
 *  - anything else: logged with its type.
 * Events our own writes cause match the database once they arrive, so they cost one statement and
 * no Stream call; a repair's own writes do too, so repairs never feed on themselves.
 */
import { type SQL, sql } from 'drizzle-orm';
import * as z from 'zod';
import type { StreamEventFacts, StreamEventMessage } from '../core/types';
import { errorFields, logFor } from '../runtime/safe-log';
import type { Services } from '../runtime/services';
import * as stream from '../stream/gateway';
import { WEBHOOK_EVENTS } from '../stream/webhooks';
import { queueRepair } from '../sync/outbox';
import { repairOne } from '../sync/repair';
import { reportStreamFlag } from './reports';

const consumed = new Set<string>(WEBHOOK_EVENTS);

const text = z.string().optional();
const channelSchema = z.looseObject({
  type: z.string(),
  id: z.string(),
  tenant_id: text,
  name: text,
  description: text,
  frozen: z.boolean().optional(),
  team: z.string().nullish(),
});
const eventSchema = z.looseObject({
  type: z.string().min(1),
  channel_type: text,
  channel_id: text,
  channel: channelSchema.optional().catch(undefined),
  member: z.looseObject({ user_id: z.string() }).optional().catch(undefined),
  user: z
    .looseObject({
      id: z.string(),
      name: text,
      role: text,
      teams: z.array(z.string()).optional(),
      image: text,
    })
    .optional()
    .catch(undefined),
  message: z
    .looseObject({ id: z.string(), text, user: z.looseObject({ id: z.string() }).optional() })
    .optional()
    .catch(undefined),
  target_user: z.looseObject({ id: z.string() }).optional().catch(undefined),
  reason: z.string().optional().catch(undefined),
});

/** The facts of a webhook payload we act on; undefined when it is no event at all. */
export function eventFacts(payload: unknown): StreamEventFacts | undefined {
  const parsed = eventSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const e = parsed.data;
  const channel =
    e.channel ??
    (e.channel_type && e.channel_id ? { type: e.channel_type, id: e.channel_id } : undefined);
  const facts: StreamEventFacts = { type: e.type };
  if (channel) {
    const { type, id, tenant_id, name, description, frozen, team } = channel;
    facts.channel = { type, id, tenant_id, name, description, frozen, team: team ?? undefined };
  }
  if (e.member) facts.memberId = e.member.user_id;
  if (e.user) {
    const { id, name, role, teams, image } = e.user;
    facts.user = { id, name, role, teams, image };
  }
  if (e.message)
    facts.message = { id: e.message.id, text: e.message.text, userId: e.message.user?.id };
  if (e.target_user) facts.targetUserId = e.target_user.id;
  if (e.reason) facts.reason = e.reason;
  return facts;
}

/** Whether the consumer acts on this event type (the others are logged when they come). */
export const isConsumed = (type: string) => consumed.has(type);

/** What to compare with the database, and the marker that repairs a difference. */
interface DriftCheck {
  kind: 'channel' | 'user';
  key: string;
  /** True in SQL when Stream shows something our database does not hold. */
  differs: SQL;
}

const nullable = (value: string | undefined) => value ?? null;

function channelDrift(s: Services, e: StreamEventFacts): DriftCheck | undefined {
  const ch = e.channel;
  if (!ch || ch.type !== stream.CHANNEL_TYPE) return undefined;
  const row = sql`(select c.id, c.tenant_id, c.name, c.description, c.archived_at is not null as archived
    from channels c where c.stream_id = ${ch.id} and c.status = 'active')`;
  const exists = sql`exists ${row}`;
  // A channel of ours missing its row, or someone else's tagged with a tenant: it must go.
  const ownerless = ch.tenant_id === undefined ? sql`false` : sql`not ${exists}`;
  let differs: SQL;
  switch (e.type) {
    case 'channel.deleted':
      differs = exists;
      break;
    case 'member.added':
    case 'member.removed': {
      const held = sql`exists (select 1 from channel_members cm join channels c on c.id = cm.channel_id
        where c.stream_id = ${ch.id} and cm.user_id::text = ${e.memberId ?? ''})`;
      differs = sql`(${ownerless} or (${exists} and ${e.type === 'member.added' ? sql`not ${held}` : held}))`;
      break;
    }
    default: {
      const team = s.config.stream.multiTenant ? sql`r.tenant_id::text` : sql`null::text`;
      const changed = sql`exists (select 1 from ${row} r where
        (${nullable(ch.name)}::text is not null and r.name is distinct from ${nullable(ch.name)})
        or (${nullable(ch.description)}::text is not null and r.description is distinct from ${nullable(ch.description)})
        or (${ch.frozen ?? null}::boolean is not null and r.archived is distinct from ${ch.frozen ?? null}::boolean)
        or (${nullable(ch.tenant_id)}::text is not null and r.tenant_id::text is distinct from ${nullable(ch.tenant_id)})
        or ${nullable(ch.team)}::text is distinct from ${team})`;
      differs = sql`(${ownerless} or ${changed})`;
    }
  }
  return { kind: 'channel', key: ch.id, differs };
}

function userDrift(s: Services, e: StreamEventFacts): DriftCheck | undefined {
  const u = e.user;
  if (!u || (e.type !== 'user.updated' && e.type !== 'user.deleted')) return undefined;
  const row = sql`(select u.id, u.name from users u where u.id::text = ${u.id})`;
  if (e.type === 'user.deleted') return { kind: 'user', key: u.id, differs: sql`exists ${row}` };
  const teams = s.config.stream.multiTenant
    ? sql`or array(select m.tenant_id::text from memberships m where m.user_id = r.id order by 1)
        is distinct from ${`{${[...(u.teams ?? [])].sort().join(',')}}`}::text[]`
    : sql``;
  const differs = sql`exists (select 1 from ${row} r where r.name is distinct from ${nullable(u.name)}
    or ${u.role ?? 'user'} <> 'user' or ${nullable(u.image)}::text is not null ${teams})`;
  return { kind: 'user', key: u.id, differs };
}

/**
 * One statement: remember the delivery (a retry then does nothing), compare, and on a difference
 * upsert the aggregate's marker, due now unless a write of ours owns it (then that write's own
 * settle queues the repair). Returns whether to repair now.
 */
async function recordDrift(s: Services, id: string, check: DriftCheck) {
  const { rows } = await s.db.execute<{
    fresh: boolean;
    differs: boolean;
    due: boolean | null;
  }>(sql`
    with seen as (insert into stream_webhook_events (id) values (${id}) on conflict do nothing returning 1),
    drift as (select ${check.differs} as v),
    mark as (
      insert into stream_sync (kind, key, due_at)
      select ${check.kind}::stream_sync_kind, ${check.key}, now()
      where exists (select 1 from seen) and (select v from drift)
      on conflict (kind, key) do update set seq = nextval('stream_sync_seq'), contended = true
      returning due_at <= now() as due)
    select exists (select 1 from seen) as fresh, (select v from drift) as differs,
      (select due from mark) as due`);
  return rows[0];
}

/** Remembers a delivery; false when it was acted on before. */
async function firstDelivery(s: Services, id: string): Promise<boolean> {
  const { rows } = await s.db.execute<{ fresh: boolean }>(sql`
    with seen as (insert into stream_webhook_events (id) values (${id}) on conflict do nothing returning 1)
    select exists (select 1 from seen) as fresh`);
  return rows[0]?.fresh ?? false;
}

/** A channel of a type we never make, tagged with a tenant: delete it, then remember the delivery. */
async function deleteForeign(s: Services, msg: StreamEventMessage): Promise<void> {
  const ch = msg.event.channel!;
  if (msg.event.type !== 'channel.deleted') {
    await stream.hardDeleteChannel(await s.stream(), ch.id, ch.type);
    logFor(s, 'info', {
      code: 'stream_foreign_channel_deleted',
      channel_type: ch.type,
      stream_id: ch.id,
      event: msg.event.type,
    });
  }
  await firstDelivery(s, msg.id);
}

/** Acts on one verified webhook delivery (the queue consumer); throws to be retried. */
export async function actOnStreamEvent(s: Services, msg: StreamEventMessage): Promise<void> {
  const e = msg.event;
  const log = { webhook_id: msg.id, event: e.type };
  if (e.type === 'message.flagged' || e.type === 'user.flagged') {
    const reports = await reportStreamFlag(s, msg.id, e);
    if (reports > 0) logFor(s, 'info', { code: 'stream_flag', ...log, reports });
    return;
  }
  const ch = e.channel;
  if (ch && ch.type !== stream.CHANNEL_TYPE && ch.tenant_id !== undefined) {
    return deleteForeign(s, msg);
  }
  const check = channelDrift(s, e) ?? userDrift(s, e);
  if (!check) {
    if (await firstDelivery(s, msg.id)) logFor(s, 'info', { code: 'stream_event', ...log });
    return;
  }
  const result = await recordDrift(s, msg.id, check);
  if (!result?.fresh || !result.differs) return;
  logFor(s, 'info', { code: 'stream_drift', ...log, kind: check.kind, key: check.key });
  // A write of ours owns the marker: its repair converges after it.
  if (!result.due) return;
  const repaired = await repairOne(s, { kind: check.kind, key: check.key });
  if (repaired.status === 'failed') {
    // The marker stays with its backoff; the queue takes the repair from here.
    logFor(s, 'warn', {
      code: 'stream_drift_repair_queued',
      ...log,
      ...errorFields(repaired.error),
    });
    await queueRepair(s, { kind: check.kind, key: check.key });
  }
}
