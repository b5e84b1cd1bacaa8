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
export const NOW_REGARDLESS_OF_GRACE: RepairOptions = { asOf: new Date('9999-12-31T00:00:00Z') };

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
      returning seq::int as seq, attempts)
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
    const outcome = await converge(s, target.kind, target.key);
    const done = await s.db.execute<{ deleted: boolean }>(sql`
      with del as (delete from stream_sync where ${where} and seq = ${row.seq} returning 1),
      unclaim as (update stream_sync set claimed_until = null
        where ${where} and not exists (select 1 from del) returning 1)
      select exists (select 1 from del) as deleted`);
    if (!done.rows[0]?.deleted) return { status: 'superseded' };
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

/** The queue consumer: one repair per message; retried with backoff while it fails. */
export async function consumeRepairs(
  s: Services,
  batch: MessageBatch<RepairMessage>,
): Promise<void> {
  for (const message of batch.messages) {
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
}
