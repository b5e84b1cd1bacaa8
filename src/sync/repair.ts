/**
 * Repairs: claim a due marker, converge its aggregate from the database, then delete the marker
 * if no write came meanwhile. Run by the queue consumer (on need, with retries) and by the sweep
 * (the backstop). Safe to repeat: converge recomputes, and the claim keeps two repairs of one
 * aggregate from running at once.
 */
import { sql } from 'drizzle-orm';
import type { RepairMessage } from '../core/types';
import { errorFields, logFor } from '../runtime/safe-log';
import type { Services } from '../runtime/services';
import { converge } from './converge';
import { queueRepair, stillJoined } from './outbox';

export type RepairResult =
  | { status: 'repaired'; outcome: string }
  | { status: 'superseded' }
  | { status: 'not_due'; dueInSeconds: number }
  | { status: 'gone' }
  | { status: 'failed'; retryInSeconds: number; error: unknown };

/** A repair holds its claim this long at most (a crashed repair frees the marker after it). */
const CLAIM_SECONDS = 60;

/** 20 s, 40 s, 80 s … up to an hour between attempts on a marker that keeps failing. */
export const backoffSeconds = (attempts: number) => Math.min(3600, 10 * 2 ** Math.max(1, attempts));

export interface RepairOptions {
  /** Treat markers due by this time as due (tests and on-demand runs look ahead). */
  asOf?: Date;
}

/** For a repair asked for now (a retried request): every marker counts as due. */
const NOW_REGARDLESS_OF_GRACE: RepairOptions = { asOf: new Date('9999-12-31T00:00:00Z') };

export async function repairOne(
  s: Services,
  target: RepairMessage,
  options: RepairOptions = {},
): Promise<RepairResult> {
  const asOf = (options.asOf ?? new Date()).toISOString();
  const { rows } = await s.db.execute<{ seq: number; attempts: number; due_in: number | null }>(
    sql`
    with target as (
      select kind, key, due_at from stream_sync
      where kind = ${target.kind}::stream_sync_kind and key = ${target.key}),
    claimed as (
      update stream_sync set claimed_until = now() + make_interval(secs => ${CLAIM_SECONDS}),
        attempts = attempts + 1
      where kind = ${target.kind}::stream_sync_kind and key = ${target.key}
        and due_at <= ${asOf}::timestamptz
        and (claimed_until is null or claimed_until < now())
      returning seq, attempts)
    select claimed.seq, claimed.attempts,
      (select greatest(1, ceil(extract(epoch from due_at - ${asOf}::timestamptz)))::int from target) as due_in
    from (select 1) one left join claimed on true`,
  );
  const row = rows[0];
  if (row?.seq == null) {
    return row?.due_in == null
      ? { status: 'gone' }
      : { status: 'not_due', dueInSeconds: Math.max(1, row.due_in) };
  }
  const where = sql`kind = ${target.kind}::stream_sync_kind and key = ${target.key}`;
  try {
    const { outcome, joins } = await converge(s, target.kind, target.key);
    // Delete the marker if no write came meanwhile and what the repair added to a Stream channel
    // is still the database's; if only the latter failed (a removal raced this repair's add),
    // set the marker anew and queue another repair, which runs after this one's writes landed.
    const done = await s.db.execute<{ deleted: boolean; unchanged: boolean }>(sql`
      with before as (select seq = ${row.seq} as unchanged from stream_sync where ${where}),
      del as (delete from stream_sync where ${where} and seq = ${row.seq}
        and ${stillJoined(target.key, joins)} returning 1),
      upd as (update stream_sync set claimed_until = null, contended = true,
          seq = case when seq = ${row.seq} then nextval('stream_sync_seq') else seq end,
          due_at = case when seq = ${row.seq}
            then now() + make_interval(secs => ${s.config.stream.syncGraceSeconds}) else due_at end
        where ${where} and not exists (select 1 from del) returning 1)
      select exists (select 1 from del) as deleted,
        coalesce((select unchanged from before), false) as unchanged`);
    const result = done.rows[0];
    if (!result?.deleted) {
      if (result?.unchanged) await queueRepair(s, target);
      return { status: 'superseded' };
    }
    logFor(s, 'info', { code: 'stream_repaired', kind: target.kind, key: target.key, outcome });
    return { status: 'repaired', outcome };
  } catch (err) {
    // Kept in the row and the log: codes only, never a failed query's parameters.
    const error = JSON.stringify(errorFields(err));
    const retryInSeconds = backoffSeconds(row.attempts);
    await s.db.execute(sql`
      update stream_sync set claimed_until = null, last_error = ${error.slice(0, 500)},
        due_at = now() + make_interval(secs => ${retryInSeconds})
      where ${where}`);
    logFor(s, 'warn', {
      code: 'stream_repair_failed',
      kind: target.kind,
      key: target.key,
      attempts: row.attempts,
      retry_in_seconds: retryInSeconds,
      message: error,
    });
    return { status: 'failed', retryInSeconds, error: err };
  }
}

/**
 * Repairs these aggregates now, whatever their grace period (a request retrying its own Stream
 * side); the first failure is thrown.
 */
export async function repairNow(s: Services, targets: RepairMessage[]): Promise<void> {
  const results = await Promise.all(targets.map((t) => repairOne(s, t, NOW_REGARDLESS_OF_GRACE)));
  for (const result of results) if (result.status === 'failed') throw result.error;
}

/** One queued repair: acked once done, retried with backoff while it fails or is not due. */
export async function consumeRepair(s: Services, message: Message<RepairMessage>): Promise<void> {
  try {
    const result = await repairOne(s, message.body);
    if (result.status === 'not_due') {
      message.retry({ delaySeconds: result.dueInSeconds });
    } else if (result.status === 'failed') {
      message.retry({ delaySeconds: result.retryInSeconds });
    } else {
      message.ack();
    }
  } catch (err) {
    // The database itself failed: let the queue retry (the marker is still there).
    logFor(s, 'warn', {
      code: 'stream_repair_failed',
      kind: message.body.kind,
      key: message.body.key,
      queue_message_id: message.id,
      message: err instanceof Error ? err.message : String(err),
    });
    message.retry({ delaySeconds: backoffSeconds(message.attempts) });
  }
}
