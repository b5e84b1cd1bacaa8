/**
 * The sweep: the rare backstop behind queued repairs and Stream's webhooks (cron, daily; on
 * demand locally). At rest it costs one database statement and no Stream call:
 *   1. repairs every due marker (a repair whose queue message was lost, or that ran out of
 *      retries), a bounded number per run, oldest first, and hands the next ones to the repair
 *      queue, so a backlog (a long Stream outage, or every row marked to bring a Stream app in
 *      line, docs/operations.md) drains at the queue's pace instead of a few hundred a day;
 *   2. deletes Stream channels of any type tagged with a tenant that no row owns (only
 *      `messaging` channels can be ours), created since the last scan (Stream's webhooks report
 *      such channels as they appear; this catches what a lost webhook missed). It scans when
 *      markers were due anyway, or once a week; channels younger than the grace period are
 *      left to the request that may still be creating them;
 *   3. forgets webhook deliveries older than a week (their retries are long over).
 * Bounded per run, idempotent, and it logs what it repaired.
 */
import { sql } from 'drizzle-orm';
import type { RepairMessage } from '../core/types';
import { errorFields, logFor } from '../runtime/safe-log';
import type { Services } from '../runtime/services';
import * as stream from '../stream/gateway';
import { type RepairOptions, type RepairResult, repairOne } from './repair';

export interface SweepOptions extends RepairOptions {
  /** Markers repaired per run at most. */
  maxRepairs?: number;
  /** Due markers past `maxRepairs` handed to the repair queue per run, at most. */
  maxQueued?: number;
  /** Scan for ownerless Stream channels whatever the schedule says (on-demand runs, tests). */
  scanOrphans?: boolean;
  /** Stream channels examined per run at most. */
  maxOrphanScan?: number;
}

export interface SweepReport {
  repaired: number;
  failed: number;
  /** Due markers handed to the repair queue (beyond maxRepairs). */
  queued: number;
  /** Whether this run scanned Stream for ownerless channels. */
  orphanScan: boolean;
  orphansDeleted: number;
}

const DEFAULT_SWEEP = {
  maxRepairs: 200,
  maxQueued: 1000,
  maxOrphanScan: 600,
};

const DAY_MS = 24 * 60 * 60_000;
/** At rest, an orphan scan this often. */
const ORPHAN_SCAN_EVERY_MS = 7 * DAY_MS;
/** The first scan looks back this far. */
const FIRST_SCAN_WINDOW_MS = 8 * DAY_MS;

/** Repairs `items` a few at a time (Stream and Neon each see at most 4 concurrent calls). */
async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>) {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    results.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  }
  return results;
}

/**
 * One statement: the due markers, when the last orphan scan ran, webhook deliveries past their
 * week forgotten, and expired device tokens (src/auth/device-tokens.ts) deleted. All a sweep at
 * rest does.
 */
async function dueWork(s: Services, options: SweepOptions) {
  const asOf = options.asOf ?? new Date();
  const maxRepairs = options.maxRepairs ?? DEFAULT_SWEEP.maxRepairs;
  const maxQueued = s.repairs ? (options.maxQueued ?? DEFAULT_SWEEP.maxQueued) : 0;
  const { rows } = await s.db.execute<{
    due: RepairMessage[] | null;
    scanned_at: string | null;
  }>(sql`
    with forgotten as (
      delete from stream_webhook_events where created_at < now() - interval '7 days'),
    expired_devices as (delete from device_tokens where expires_at <= now()),
    due as (
      select kind, key from stream_sync
      where due_at <= ${asOf.toISOString()}::timestamptz
        and (claimed_until is null or claimed_until < now())
      order by due_at limit ${maxRepairs + maxQueued})
    select (select json_agg(due) from due) as due,
      (select orphan_scan_at from sweep_state where id = 1) as scanned_at`);
  const row = rows[0];
  return {
    due: row?.due ?? [],
    scannedAt: row?.scanned_at ? new Date(row.scanned_at) : undefined,
    maxRepairs,
  };
}

async function repairDue(s: Services, options: SweepOptions, due: RepairMessage[], max: number) {
  const results: RepairResult[] = await inBatches(due.slice(0, max), 4, (row) =>
    repairOne(s, row, options),
  );
  return {
    repaired: results.filter((r) => r.status === 'repaired').length,
    failed: results.filter((r) => r.status === 'failed').length,
    queued: await handOff(s, due.slice(max)),
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

/**
 * Deletes the ownerless tenant-tagged channels created in [from, to) and, when the scan saw
 * them all, records `to` as the last scan.
 */
async function deleteOrphans(
  s: Services,
  options: SweepOptions,
  window: { from: Date; to: Date },
): Promise<number> {
  const client = await s.stream();
  const max = options.maxOrphanScan ?? DEFAULT_SWEEP.maxOrphanScan;
  const found = await stream.tenantChannelsCreated(client, window, max);
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
  // A scan cut short by the bound goes on from the same point next time; a scan "as of" a
  // later time (tests, on-demand runs) records no more than now.
  if (found.length < max) {
    const scanned = new Date(Math.min(window.to.getTime(), Date.now()));
    await s.db.execute(sql`insert into sweep_state (id, orphan_scan_at) values (1, ${scanned.toISOString()})
      on conflict (id) do update set orphan_scan_at = excluded.orphan_scan_at`);
  }
  return orphans.length;
}

export async function sweep(s: Services, options: SweepOptions = {}): Promise<SweepReport> {
  const asOf = options.asOf ?? new Date();
  const work = await dueWork(s, options);
  const { repaired, failed, queued } = await repairDue(s, options, work.due, work.maxRepairs);
  const scanDue =
    !work.scannedAt || asOf.getTime() - work.scannedAt.getTime() >= ORPHAN_SCAN_EVERY_MS;
  const forced = options.scanOrphans === true;
  const orphanScan = forced || work.due.length > 0 || scanDue;
  const window = {
    from: (!forced && work.scannedAt) || new Date(asOf.getTime() - FIRST_SCAN_WINDOW_MS),
    to: new Date(asOf.getTime() - s.config.stream.syncGraceSeconds * 1000),
  };
  const orphansDeleted =
    orphanScan && window.to > window.from ? await deleteOrphans(s, options, window) : 0;
  return { repaired, failed, queued, orphanScan, orphansDeleted };
}
