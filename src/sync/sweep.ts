/**
 * The sweep: the rare backstop behind queued repairs (cron, hourly; on demand locally).
 *   1. repairs every due marker (a repair whose queue message was lost, or that ran out of
 *      retries), a bounded number per run, oldest first, and hands the next ones to the repair
 *      queue, so a backlog (a long Stream outage, or every row marked to bring a Stream app in
 *      line, README) drains at the queue's pace instead of a few hundred an hour;
 *   2. deletes Stream channels of any type tagged with a tenant that no row owns (only
 *      `messaging` channels can be ours), created in the recent window (a create Stream applied after its request gave up and the marker was repaired,
 *      or a channel made outside the API). Channels younger than the grace period are left to
 *      the request that may still be creating them.
 * Bounded per run, idempotent, and it logs what it repaired.
 */
import { sql } from 'drizzle-orm';
import type { RepairMessage } from '../core/types';
import { errorFields, logFor } from '../runtime/safe-log';
import type { Services } from '../runtime/services';
import * as stream from '../stream/gateway';
import type { SyncKind } from './outbox';
import { type RepairOptions, type RepairResult, repairOne } from './repair';

export interface SweepOptions extends RepairOptions {
  /** Markers repaired per run at most. */
  maxRepairs?: number;
  /** Due markers past `maxRepairs` handed to the repair queue per run, at most. */
  maxQueued?: number;
  /** How far back to look for ownerless Stream channels. */
  orphanWindowMs?: number;
  /** Stream channels examined per run at most. */
  maxOrphanScan?: number;
}

export interface SweepReport {
  repaired: number;
  failed: number;
  /** Due markers handed to the repair queue (beyond maxRepairs). */
  queued: number;
  orphansDeleted: number;
}

const DEFAULT_SWEEP = {
  maxRepairs: 200,
  maxQueued: 1000,
  // Two sweep intervals, so a run that failed is covered by the next one.
  orphanWindowMs: 2 * 60 * 60_000,
  maxOrphanScan: 600,
};

/** Repairs `items` a few at a time (Stream and Neon each see at most 4 concurrent calls). */
async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>) {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    results.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  }
  return results;
}

async function repairDue(s: Services, options: SweepOptions) {
  const asOf = options.asOf ?? new Date();
  const maxRepairs = options.maxRepairs ?? DEFAULT_SWEEP.maxRepairs;
  const maxQueued = s.repairs ? (options.maxQueued ?? DEFAULT_SWEEP.maxQueued) : 0;
  const { rows } = await s.db.execute<{ kind: SyncKind; key: string }>(sql`
    select kind, key from stream_sync
    where due_at <= ${asOf.toISOString()}::timestamptz
      and (claimed_until is null or claimed_until < now())
    order by due_at limit ${maxRepairs + maxQueued}`);
  const results: RepairResult[] = await inBatches(rows.slice(0, maxRepairs), 4, (row) =>
    repairOne(s, row, options),
  );
  return {
    repaired: results.filter((r) => r.status === 'repaired').length,
    failed: results.filter((r) => r.status === 'failed').length,
    queued: await handOff(s, rows.slice(maxRepairs)),
  };
}

/** A queue send takes 100 messages at most. */
const SEND_BATCH = 100;

/**
 * Queues repairs of due markers the sweep has no time for. They are due, so no delay; a marker
 * that is repaired twice (a later sweep queues it again before the first repair ran) converges
 * once and is then gone. If the queue refuses, they wait for the next sweep.
 */
async function handOff(s: Services, rows: RepairMessage[]): Promise<number> {
  let queued = 0;
  if (!s.repairs) return queued;
  try {
    for (let i = 0; i < rows.length; i += SEND_BATCH) {
      const batch = rows.slice(i, i + SEND_BATCH);
      await s.repairs.sendBatch(batch.map(({ kind, key }) => ({ body: { kind, key } })));
      queued += batch.length;
    }
  } catch (err) {
    const left = rows.length - queued;
    logFor(s, 'error', { code: 'sweep_handoff_failed', markers: left, ...errorFields(err) });
  }
  return queued;
}

async function deleteOrphans(s: Services, options: SweepOptions): Promise<number> {
  const asOf = options.asOf ?? new Date();
  const window = {
    from: new Date(asOf.getTime() - (options.orphanWindowMs ?? DEFAULT_SWEEP.orphanWindowMs)),
    to: new Date(asOf.getTime() - s.config.stream.syncGraceSeconds * 1000),
  };
  if (window.to <= window.from) return 0;
  const client = await s.stream();
  const found = await stream.tenantChannelsCreated(
    client,
    window,
    options.maxOrphanScan ?? DEFAULT_SWEEP.maxOrphanScan,
  );
  // Only `messaging` channels can be ours; a tagged channel of another type never is.
  const candidates = found.filter((ch) => ch.type === stream.CHANNEL_TYPE).map((ch) => ch.id);
  const { rows } =
    candidates.length === 0
      ? { rows: [] }
      : await s.db.execute<{ stream_id: string }>(
          sql`select stream_id from channels where stream_id in (${sql.join(
            candidates.map((id) => sql`${id}`),
            sql`, `,
          )})`,
        );
  const owned = new Set(rows.map((r) => r.stream_id));
  const orphans = found.filter((ch) => ch.type !== stream.CHANNEL_TYPE || !owned.has(ch.id));
  await inBatches(orphans, 4, async (ch) => {
    await stream.hardDeleteChannel(client, ch.id, ch.type);
    logFor(s, 'info', { code: 'stream_orphan_deleted', channel_type: ch.type, stream_id: ch.id });
  });
  return orphans.length;
}

export async function sweep(s: Services, options: SweepOptions = {}): Promise<SweepReport> {
  const { repaired, failed, queued } = await repairDue(s, options);
  const orphansDeleted = await deleteOrphans(s, options);
  return { repaired, failed, queued, orphansDeleted };
}
