/**
 * Our database is the truth; Stream is its projection. Every write that changes what Stream must
 * show upserts a sync marker (`stream_sync`) in the same statement or batch as the change, then
 * pushes the change to Stream inline. The marker goes only once Stream is known to match:
 *
 *  - the inline push succeeded, no other write touched the aggregate meanwhile (its `seq` is the
 *    write's own and not `contended`: two pushes in flight may land in either order), and every
 *    user the push added to a Stream channel is still a member of it in the database → cleared
 *    after the response (`settle`);
 *  - otherwise the marker is set anew (a new `seq`, due after the grace period) and a repair is
 *    queued, so the repair runs after this push landed and converges Stream from the database's
 *    state then. A push that lands late can therefore never leave Stream ahead of the database:
 *    whatever it added, the repair queued after it takes away again.
 *
 * A repair claims the marker first; an inline clear leaves a claimed marker alone, and a repair
 * deletes only the `seq` it claimed (src/sync/repair.ts), so no path can drop a newer change.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { RepairMessage } from '../core/types';
import { uuidArray } from '../db/arrays';
import { errorFields, logFor } from '../runtime/safe-log';
import type { RequestServices, Services } from '../runtime/services';

export type SyncKind = RepairMessage['kind'];

/** A marker as a write left it. */
export type Mark = {
  kind: SyncKind;
  key: string;
  seq: number;
  contended: boolean;
  /** For a channel marker: the users this write's push adds to the Stream channel. */
  joins?: readonly string[];
};

export const membershipKey = (tenantId: string, userId: string) => `${tenantId}:${userId}`;

export function parseMembershipKey(key: string): { tenantId: string; userId: string } {
  const [tenantId = '', userId = ''] = key.split(':');
  return { tenantId, userId };
}

/**
 * The marker upsert for every key the `keys` query yields (one text column), as SQL to run on
 * its own or inside a data-modifying CTE. Returns the marks (kind, key, seq, contended).
 */
export function upsertMarks(s: Services, kind: SyncKind, keys: SQL) {
  return sql`insert into stream_sync (kind, key, due_at)
    select ${kind}::stream_sync_kind, k.key, now() + make_interval(secs => ${s.config.stream.syncGraceSeconds})
    from (${keys}) as k(key)
    on conflict (kind, key) do update set
      seq = nextval('stream_sync_seq'), contended = true, due_at = excluded.due_at
    returning kind, key, seq, contended`;
}

/**
 * True in SQL while every user in `joins` is still a member of the channel `key` in the
 * database: checked after a push that added them to the Stream channel, so a removal that came
 * while the push was in flight (and may have cleaned Stream before the add landed) is caught.
 */
export function stillJoined(key: string, joins: readonly string[] | undefined): SQL {
  if (!joins || joins.length === 0) return sql`true`;
  return sql`(select count(*) from channel_members cm join channels c on c.id = cm.channel_id
    where c.stream_id = ${key} and cm.user_id = any(${uuidArray(joins)})) = ${joins.length}`;
}

/** Adds the users a push adds to the Stream channel to each channel marker. */
export const withJoins = (marks: Mark[], joins: readonly string[]): Mark[] =>
  marks.map((m) => (m.kind === 'channel' ? { ...m, joins } : m));

/** Normalises marks read back through a CTE (json) or a statement. */
export function toMarks(value: unknown): Mark[] {
  if (!Array.isArray(value)) return [];
  return value.map((m: Mark) => ({
    kind: m.kind,
    key: m.key,
    seq: Number(m.seq),
    contended: Boolean(m.contended),
  }));
}

/**
 * The inline push reached Stream: drop the marker if nothing else touched the aggregate and the
 * database still holds what the push added; otherwise set it anew and queue its repair, which
 * then runs after this push landed. One statement, after the response.
 */
async function clearOrRemark(s: Services, mark: Mark): Promise<void> {
  const { rows } = await s.db.execute<{ cleared: boolean }>(sql`
    with del as (
      delete from stream_sync
      where kind = ${mark.kind}::stream_sync_kind and key = ${mark.key} and seq = ${mark.seq}
        and not contended and (claimed_until is null or claimed_until < now())
        and ${stillJoined(mark.key, mark.joins)}
      returning 1),
    again as (${upsertMarks(s, mark.kind, sql`select ${mark.key}::text where not exists (select 1 from del)`)})
    select exists (select 1 from del) as cleared`);
  if (!rows[0]?.cleared) await queueRepair(s, mark);
}

/** Queues a repair for when the marker is due; without a queue the sweep finds it. */
export async function queueRepair(s: Services, target: RepairMessage): Promise<void> {
  if (!s.repairs) return;
  await s.repairs.send(
    { kind: target.kind, key: target.key },
    { delaySeconds: s.config.stream.syncGraceSeconds + 1 },
  );
}

const logFailure = (s: Services, what: string, marks: RepairMessage[]) => (err: unknown) =>
  logFor(s, 'error', {
    code: 'sync_bookkeeping_failed',
    what,
    marks: marks.map((m) => `${m.kind}:${m.key}`),
    // The sweep still finds every marker left behind; this is only a delay.
    ...errorFields(err),
  });

/** After a successful inline push: clear (or set anew and queue) each marker, after the response. */
export function settle(s: RequestServices, marks: Mark[]) {
  if (marks.length === 0) return;
  s.later(Promise.all(marks.map((m) => clearOrRemark(s, m))).catch(logFailure(s, 'settle', marks)));
}

/** After a failed inline push: the markers stay, and repairs are queued for when they are due. */
export function repairLater(s: RequestServices, marks: RepairMessage[]) {
  if (marks.length === 0) return;
  s.later(Promise.all(marks.map((m) => queueRepair(s, m))).catch(logFailure(s, 'queue', marks)));
}

/**
 * Undoes a write whose Stream push failed, only if no other write came since (the marker's seq
 * is still the write's own: an undo must never drop a newer change), and marks the aggregate
 * dirty again so a repair pushes the restored state. `undo` gets that condition as SQL to AND
 * into its WHERE clause and must end with `returning 1`. `also`, given the condition "the undo
 * happened" as SQL, is one more statement to run with it (a data-modifying CTE, at the top level).
 */
export function undoIfLatest(
  s: Services,
  mark: Mark,
  undo: (unchanged: SQL) => SQL,
  also?: (undone: SQL) => SQL,
) {
  const unchanged = sql`exists (select 1 from stream_sync
    where kind = ${mark.kind}::stream_sync_kind and key = ${mark.key} and seq = ${mark.seq})`;
  const undone = sql`exists (select 1 from undo)`;
  return s.db.execute(sql`
    with undo as (${undo(unchanged)}),
    mark as (${upsertMarks(s, mark.kind, sql`select ${mark.key}::text where ${undone}`)})
    ${also ? sql`, also as (${also(undone)})` : sql``}
    select count(*) from undo`);
}
