/**
 * Our database is the truth; Stream is its projection. Every write that changes what Stream must
 * show upserts a sync marker (`stream_sync`) in the same statement or batch as the change, then
 * pushes the change to Stream inline. The marker goes only once Stream is known to match:
 *
 *  - inline push succeeded and no other write touched the aggregate meanwhile → cleared after
 *    the response (`settle`);
 *  - inline push failed, or a second write came while the marker stood (`contended`: two
 *    pushes in flight may land in either order) → a repair converges it from the database's
 *    state once the marker is due (`due_at`: the write's grace period, so a repair never races
 *    the push it repairs). Repairs run from the queue (src/sync/repair.ts) and the sweep.
 *
 * A repair claims the marker first; an inline clear leaves a claimed marker alone, and a repair
 * deletes only the `seq` it claimed, so no path can drop a newer change.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { RepairMessage } from '../core/types';
import { errorFields, logFor } from '../runtime/safe-log';
import type { RequestServices, Services } from '../runtime/services';

export type SyncKind = RepairMessage['kind'];

/** A marker as a write left it. */
export type Mark = {
  kind: SyncKind;
  key: string;
  seq: number;
  contended: boolean;
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
      seq = stream_sync.seq + 1, contended = true, due_at = excluded.due_at
    returning kind, key, seq::int as seq, contended`;
}

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
 * The inline push reached Stream: drop the marker unless something newer stands on it, in which
 * case it is queued for repair. Runs after the response.
 */
async function clearOrQueue(s: Services, mark: Mark): Promise<void> {
  if (!mark.contended) {
    const { rows } = await s.db.execute<{ cleared: boolean }>(sql`
      with del as (
        delete from stream_sync
        where kind = ${mark.kind}::stream_sync_kind and key = ${mark.key} and seq = ${mark.seq}
          and not contended and (claimed_until is null or claimed_until < now())
        returning 1)
      select exists (select 1 from del) as cleared`);
    if (rows[0]?.cleared) return;
  }
  await queueRepair(s, mark);
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

/** After a successful inline push: clear (or queue) each marker, after the response. */
export function settle(s: RequestServices, marks: Mark[]) {
  if (marks.length === 0) return;
  s.later(Promise.all(marks.map((m) => clearOrQueue(s, m))).catch(logFailure(s, 'settle', marks)));
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
 * into its WHERE clause and must end with `returning 1`.
 */
export function undoIfLatest(s: Services, mark: Mark, undo: (unchanged: SQL) => SQL) {
  const unchanged = sql`exists (select 1 from stream_sync
    where kind = ${mark.kind}::stream_sync_kind and key = ${mark.key} and seq = ${mark.seq})`;
  return s.db.execute(sql`
    with undo as (${undo(unchanged)}),
    mark as (${upsertMarks(s, mark.kind, sql`select ${mark.key}::text where exists (select 1 from undo)`)})
    select count(*) from undo`);
}
