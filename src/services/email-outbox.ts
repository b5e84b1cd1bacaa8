/**
 * Mail that is never lost and never blocks a request (docs/email.md). A write that causes a mail
 * inserts its `email_outbox` row in the same statement as the write (`emailInsert`, a CTE), then
 * queues the row's id after the response (`enqueueEmails`); the request never fails because of
 * mail. The queue consumer (`consumeEmail`) sends the row with its id as the provider's
 * Idempotency-Key, marks it sent and erases its params (a link's token); a failure is logged
 * with the request id kept in the row and retried with the repairs' backoff. The cron
 * (`resendUnsent`) queues rows still unsent a few minutes after they were written, so a lost
 * queue message only delays a mail.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { EmailMessage } from '../core/types';
import { MailSendError, sendEmail } from '../email/provider';
import { isTemplateName, render, type TemplateName } from '../email/templates';
import { errorFields, log, logFor } from '../runtime/safe-log';
import type { RequestServices, Services } from '../runtime/services';
import { backoffSeconds } from '../sync/repair';

/**
 * The insert of one outbox row per row of `source`, a query yielding
 * `(user_id, to_address, params)` (user_id: the account the mail is about, or null; params: a
 * json object with what `template` needs), for a data-modifying CTE. Returns `id`. Select
 * `(select json_agg(id) from <cte>)` and hand the ids to `enqueueEmails` after the statement.
 */
export function emailInsert(s: Services, template: TemplateName, source: SQL): SQL {
  return sql`insert into email_outbox (id, user_id, to_address, template, params, request_id)
    select gen_random_uuid(), m.user_id, m.to_address, ${template}, m.params::text, ${s.requestId ?? null}
    from (${source}) as m(user_id, to_address, params)
    returning id`;
}

/** Ids read back from `json_agg(id)` of an emailInsert CTE. */
export const emailIds = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** Queues the mails after the response; if that fails, the cron finds the rows. */
export function enqueueEmails(s: RequestServices, ids: string[]): void {
  if (ids.length === 0 || !s.repairs) return;
  const queue = s.repairs;
  s.later(
    queue
      .sendBatch(
        ids.map((id) => ({ body: { kind: 'email', id } satisfies EmailMessage })),
        s.config.email.sendDelaySeconds > 0
          ? { delaySeconds: s.config.email.sendDelaySeconds }
          : undefined,
      )
      .catch((err: unknown) =>
        logFor(s, 'warn', { code: 'email_enqueue_failed', email_ids: ids, ...errorFields(err) }),
      ),
  );
}

type OutboxRow = {
  id: string;
  to_address: string;
  template: string;
  params: string | null;
  request_id: string | null;
  sent: boolean;
};

export type SendResult = 'sent' | 'already_sent' | 'gone' | { retryInSeconds: number };

/** Sends one outbox row (safe to repeat: a sent row is skipped, the provider dedupes by id). */
export async function sendOutboxEmail(s: Services, id: string, attempt = 1): Promise<SendResult> {
  const { rows } = await s.db.execute<OutboxRow>(sql`
    select id, to_address, template, params, request_id, sent_at is not null as sent
    from email_outbox where id = ${id}::uuid`);
  const row = rows[0];
  if (!row) return 'gone';
  if (row.sent) return 'already_sent';
  try {
    if (!isTemplateName(row.template) || row.params === null) {
      throw new MailSendError(`unknown template ${row.template}`, undefined, undefined, false);
    }
    const rendered = render(row.template, JSON.parse(row.params), s.config.email.appUrl);
    const providerId = await sendEmail(s.config.email, { to: row.to_address, ...rendered }, id);
    await s.db.execute(sql`update email_outbox set sent_at = now(), params = null,
        provider_id = ${providerId}, attempts = attempts + 1, last_error = null
      where id = ${id}::uuid`);
    // No log line: the row keeps when it was sent and the provider's id.
    return 'sent';
  } catch (err) {
    const fields =
      err instanceof MailSendError
        ? {
            error_name: err.name,
            message: err.message,
            status: err.status,
            retryable: err.retryable,
          }
        : errorFields(err);
    const retryInSeconds = backoffSeconds(attempt);
    // A refusal that retrying cannot fix (a bad key or sender, an address the provider rejects)
    // needs a person: an error line. It is still retried, in case the setting is fixed meanwhile.
    const permanent = err instanceof MailSendError && !err.retryable;
    log(permanent ? 'error' : 'warn', {
      code: 'email_send_failed',
      email_id: id,
      template: row.template,
      request_id: row.request_id,
      attempt,
      retry_in_seconds: retryInSeconds,
      ...fields,
    });
    await s.db
      .execute(sql`update email_outbox set attempts = attempts + 1,
          last_error = ${JSON.stringify(fields).slice(0, 500)} where id = ${id}::uuid`)
      .catch(() => {});
    return { retryInSeconds };
  }
}

/** One queued mail: acked once sent (or gone), retried with backoff while sending fails. */
export async function consumeEmail(s: Services, message: Message<EmailMessage>): Promise<void> {
  try {
    const result = await sendOutboxEmail(s, message.body.id, message.attempts);
    if (typeof result === 'object') message.retry({ delaySeconds: result.retryInSeconds });
    else message.ack();
  } catch (err) {
    // The database failed: the row is still unsent, let the queue retry.
    log('warn', {
      code: 'email_send_failed',
      email_id: message.body.id,
      queue_message_id: message.id,
      ...errorFields(err),
    });
    message.retry({ delaySeconds: backoffSeconds(message.attempts) });
  }
}

/** A queued mail normally goes within seconds; a row unsent after this is picked up again. */
const STALE_MINUTES = 5;
/** Past this nobody waits for it (its token expired): it is no longer sent. */
const GIVE_UP_DAYS = 3;
/** Rows kept this long, then deleted (sent or not). */
const KEEP_DAYS = 7;

export interface OutboxSweepReport {
  queued: number;
  sent: number;
  failed: number;
}

/**
 * The cron's part: rows unsent for a few minutes (a lost queue message, or one out of
 * retries) are queued again, or sent here when there is no queue; old rows are deleted.
 */
export async function resendUnsent(
  s: Services,
  options: { asOf?: Date; max?: number } = {},
): Promise<OutboxSweepReport> {
  const asOf = (options.asOf ?? new Date()).toISOString();
  const { rows } = await s.db.execute<{ id: string }>(sql`
    with forgotten as (
      delete from email_outbox where created_at < now() - make_interval(days => ${KEEP_DAYS}))
    select id from email_outbox
    where sent_at is null
      and created_at <= ${asOf}::timestamptz - make_interval(mins => ${STALE_MINUTES})
      and created_at > ${asOf}::timestamptz - make_interval(days => ${GIVE_UP_DAYS})
    order by created_at limit ${options.max ?? 1000}`);
  const ids = rows.map((r) => r.id);
  const report = { queued: 0, sent: 0, failed: 0 };
  if (ids.length === 0) return report;
  if (s.repairs) {
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100);
      await s.repairs.sendBatch(batch.map((id) => ({ body: { kind: 'email', id } })));
      report.queued += batch.length;
    }
    return report;
  }
  for (const id of ids) {
    const result = await sendOutboxEmail(s, id);
    if (result === 'sent') report.sent++;
    else if (typeof result === 'object') report.failed++;
  }
  return report;
}
