/**
 * Reports: members report a message or a user; moderators and admins work the tenant's queue and
 * resolve each report by dismissing it, deleting the message or banning its author. Flags raised
 * in Stream by a frontend arrive by webhook as reports of source `stream_flag` (stream-events.ts).
 *
 * A report is ours first: it is stored, then mirrored as a Stream flag (so Stream's moderation
 * dashboard shows it too). A failed flag does not fail the report: its marker stays and the repair
 * flags it. Resolving closes every open report of the same target at once, applies the action in
 * the same statement (the deletion or ban row, with its marker) and writes one audit row; Stream
 * follows, and a failure there is the 5xx with the repair finishing it (a resolution stands).
 *
 * Round trips: report = [Stream read of the message] + 1 DB statement + 1 Stream flag; resolve =
 * 1 DB statement + at most one Stream push (the deletion, or the member's bans).
 */
import { type SQL, sql } from 'drizzle-orm';
import { ApiError, badRequest, conflict, notFound } from '../core/errors';
import type { Role, StreamEventFacts, TenantPrincipal } from '../core/types';
import type { RequestServices, Services } from '../runtime/services';
import * as stream from '../stream/gateway';
import { membershipKey, repairLater, settle, toMarks, upsertMarks } from '../sync/outbox';
import { pushOrUndo } from '../sync/push';
import { auditRow } from './audit';
import { assertMayBan, banInsert, mayBan, pushBans } from './bans';
import { assertCurrentRole, currentRole, notAMember } from './current-role';
import { type KeysetCursor, keysetAfter, keysetPage, keysetText } from './keyset';
import { deletionInsert, messageNotFound, streamMessage } from './message-deletion';

export const REPORT_ACTIONS = ['dismiss', 'delete_message', 'ban_user'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

export type ReportSource = 'api' | 'stream_flag';

type Person = { id: string; name: string | null };

export type ReportView = {
  id: string;
  status: 'open' | 'resolved';
  /** `api` (POST /reports) or `stream_flag` (flagged in Stream by a frontend). */
  source: ReportSource;
  reason: string;
  details: string;
  /** The reported message as it was when reported; null for a report of a user. */
  message: { id: string; stream_id: string | null; text: string | null } | null;
  /** The reported user, or the message's author. */
  user: Person | null;
  reporter: Person | null;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: ReportAction | null;
};

const MODERATORS: readonly Role[] = ['admin', 'moderator'];

const reportNotFound = () => notFound('No such report in this tenant', 'report_not_found');

/** The view of the report rows `r` (joined to their people), as a SQL select list. */
const viewColumns = sql`r.id, r.status, r.source, r.reason, r.details, r.created_at, r.resolved_at,
  r.resolved_by, r.resolution, r.message_id, r.channel_stream_id, r.message_text,
  r.user_id, target.name as user_name, r.reporter_id, reporter.name as reporter_name`;

const viewJoins = sql`left join users target on target.id = r.user_id
  left join users reporter on reporter.id = r.reporter_id`;

type ReportRow = {
  id: string;
  status: 'open' | 'resolved';
  source: ReportSource;
  reason: string;
  details: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: ReportAction | null;
  message_id: string | null;
  channel_stream_id: string | null;
  message_text: string | null;
  user_id: string | null;
  user_name: string | null;
  reporter_id: string | null;
  reporter_name: string | null;
};

const iso = (value: string | null) => (value ? new Date(value).toISOString() : null);

function toView(r: ReportRow): ReportView {
  return {
    id: r.id,
    status: r.status,
    source: r.source,
    reason: r.reason,
    details: r.details,
    message: r.message_id
      ? { id: r.message_id, stream_id: r.channel_stream_id, text: r.message_text }
      : null,
    user: r.user_id ? { id: r.user_id, name: r.user_name } : null,
    reporter: r.reporter_id ? { id: r.reporter_id, name: r.reporter_name } : null,
    created_at: iso(r.created_at)!,
    resolved_at: iso(r.resolved_at),
    resolved_by: r.resolved_by,
    resolution: r.resolution,
  };
}

/** `POST /reports`: any member reports a message of the tenant, or a member of it. */
export async function createReport(
  s: RequestServices,
  p: TenantPrincipal,
  input: { messageId?: string; userId?: string; reason: string; details: string },
): Promise<ReportView> {
  const message = input.messageId ? await streamMessage(s, input.messageId) : undefined;
  const targetId = message ? message.userId : input.userId!;
  if (targetId === p.userId) {
    throw badRequest('cannot_report_self', 'You cannot report yourself or your own messages');
  }
  const id = crypto.randomUUID();
  // A message report: the channel must be the tenant's. A user report: a member of the tenant.
  const found: SQL = message
    ? sql`exists (select 1 from channels where stream_id = ${message.streamId}
        and tenant_id = ${p.tenantId})`
    : sql`exists (select 1 from memberships where tenant_id = ${p.tenantId}
        and user_id::text = ${targetId})`;
  const { rows } = await s.db.execute<{
    role: Role | null;
    found: boolean;
    report: ReportRow | null;
    marks: unknown;
  }>(sql`
    with caller as (select ${currentRole(p.tenantId, p.userId)} as role),
    ins as (
      insert into reports (id, tenant_id, reporter_id, message_id, user_id, channel_stream_id,
        message_text, reason, details, source)
      select ${id}, ${p.tenantId}, ${p.userId}, ${message?.id ?? null},
        (select id from users where id::text = ${targetId}), ${message?.streamId ?? null},
        ${message?.text ?? null}, ${input.reason}, ${input.details}, 'api'
      where (select role from caller) is not null and ${found}
      on conflict (tenant_id, reporter_id, coalesce(message_id, user_id::text), source)
        where status = 'open' do nothing
      returning *),
    mark as (${upsertMarks(s, 'report', sql`select id::text from ins`)})
    select (select role from caller) as role, ${found} as found,
      (select row_to_json(v) from (select ${viewColumns} from ins r ${viewJoins}) v) as report,
      (select json_agg(mark) from mark) as marks`);
  const row = rows[0]!;
  if (!row.role) throw notAMember();
  if (!row.found) {
    throw message
      ? messageNotFound()
      : notFound('No such member in this tenant', 'member_not_found');
  }
  if (!row.report) {
    throw conflict('You already reported this and it is still open', 'already_reported');
  }
  const marks = toMarks(row.marks);
  try {
    await stream.flag(
      await s.stream(),
      message ? { messageId: message.id } : { userId: targetId },
      { userId: p.userId, reason: input.reason },
    );
    settle(s, marks);
  } catch {
    // The report is stored; only its mirror in Stream waits for the repair.
    repairLater(s, marks);
  }
  return toView(row.report);
}

/** `GET /moderation/reports`: the tenant's reports of one status, newest first. */
export async function listReports(
  s: Services,
  p: TenantPrincipal,
  page: { status: 'open' | 'resolved'; limit: number; cursor?: KeysetCursor },
): Promise<{ reports: ReportView[]; next_cursor: string | null }> {
  const { rows } = await s.db.execute<
    ReportRow & { caller_role: Role | null; cursorAt: string }
  >(sql`
    select ${currentRole(p.tenantId, p.userId)} as caller_role, ${viewColumns},
      ${keysetText(sql`r.created_at`)} as "cursorAt"
    from (select 1) one
    left join reports r on r.tenant_id = ${p.tenantId} and r.status = ${page.status}
      and ${page.cursor ? keysetAfter(sql`r.created_at`, sql`r.id`, page.cursor) : sql`true`}
    ${viewJoins}
    order by r.created_at desc nulls last, r.id desc
    limit ${page.limit + 1}`);
  assertCurrentRole(rows[0]?.caller_role, MODERATORS);
  const { shown, next_cursor } = keysetPage(
    rows.filter((r) => r.id),
    page.limit,
  );
  return { reports: shown.map(toView), next_cursor };
}

/**
 * `POST /moderation/reports/{id}/resolve`: the action, and every open report of the same target
 * closed with it, in one statement with one audit row.
 */
export async function resolveReport(
  s: RequestServices,
  p: TenantPrincipal,
  reportId: string,
  input: { action: ReportAction; banMinutes?: number },
): Promise<ReportView> {
  const caller = sql`(select role from caller)`;
  const target = sql`(select role from target)`;
  const rep = (column: string) => sql`(select ${sql.raw(column)} from rep)`;
  const allowed = {
    dismiss: sql`true`,
    delete_message: sql`${rep('message_id')} is not null`,
    ban_user: mayBan(caller, target),
  }[input.action];
  const { rows } = await s.db.execute<{
    role: Role | null;
    report: ReportRow | null;
    target_role: Role | null;
    resolved: boolean;
    marks: unknown;
  }>(sql`
    with caller as (select ${currentRole(p.tenantId, p.userId)} as role),
    rep as (select * from reports where id = ${reportId} and tenant_id = ${p.tenantId}),
    target as (select role from memberships
      where tenant_id = ${p.tenantId} and user_id = ${rep('user_id')}),
    upd as (
      update reports r set status = 'resolved', resolved_at = now(), resolved_by = ${p.userId},
        resolution = ${input.action}
      from rep
      where r.tenant_id = rep.tenant_id and r.status = 'open'
        and (r.id = rep.id or coalesce(r.message_id, r.user_id::text)
          = coalesce(rep.message_id, rep.user_id::text))
        and rep.status = 'open' and ${caller} in ('admin', 'moderator') and ${allowed}
      returning r.id),
    del as (${deletionInsert({
      messageId: sql`${rep('message_id')}`,
      tenantId: p.tenantId,
      hard: false,
      by: p.userId,
      when: sql`${input.action === 'delete_message'} and exists (select 1 from upd)`,
    })}),
    ban as (${banInsert({
      tenantId: p.tenantId,
      userId: rep('user_id'),
      channelId: sql`null::uuid`,
      by: p.userId,
      minutes: input.banMinutes,
      reason: sql`'report: ' || ${rep('reason')}`,
      when: sql`${input.action === 'ban_user'} and exists (select 1 from upd)`,
    })}),
    message_mark as (${upsertMarks(s, 'message', sql`select message_id from rep where exists (select 1 from del)`)}),
    member_mark as (${upsertMarks(s, 'membership', sql`select tenant_id || ':' || user_id from rep where exists (select 1 from ban)`)}),
    audit as (${auditRow(s, {
      tenantId: p.tenantId,
      actorId: p.userId,
      action: 'report.resolved',
      targetType: 'report',
      targetId: reportId,
      details: sql`json_build_object('action', ${input.action}::text,
        'ban_minutes', ${input.banMinutes ?? null}::int,
        'message_id', ${rep('message_id')}, 'user_id', ${rep('user_id')},
        'reports_closed', (select count(*) from upd))::text`,
      when: sql`exists (select 1 from upd)`,
    })})
    select ${caller} as role, ${target} as target_role, exists (select 1 from upd) as resolved,
      (select row_to_json(v) from (select ${viewColumns} from rep r ${viewJoins}) v) as report,
      (select json_agg(mark) from (select * from message_mark union all select * from member_mark) mark)
        as marks`);
  const row = rows[0]!;
  assertCurrentRole(row.role, MODERATORS);
  const report = row.report;
  if (!report) throw reportNotFound();
  if (!row.resolved) {
    if (report.status === 'resolved') {
      throw conflict('This report is already resolved', 'report_resolved');
    }
    if (input.action === 'delete_message') {
      throw badRequest('no_message', 'This report is about a user, not a message; dismiss or ban');
    }
    if (!row.target_role) {
      throw new ApiError(409, 'member_gone', 'The reported user is no longer in this tenant');
    }
    assertMayBan(row.role!, row.target_role);
  }
  const marks = toMarks(row.marks);
  const resolved: ReportView = {
    ...toView(report),
    status: 'resolved',
    resolved_at: new Date().toISOString(),
    resolved_by: p.userId,
    resolution: input.action,
  };
  if (input.action === 'delete_message') {
    const client = await s.stream();
    await pushOrUndo(s, marks, () => stream.deleteMessage(client, report.message_id!, false));
  } else if (input.action === 'ban_user' && report.user_id) {
    await pushBans(s, marks, membershipKey(p.tenantId, report.user_id));
  }
  return resolved;
}

/**
 * A flag raised in Stream (`message.flagged`, `user.flagged` by webhook) as a report of source
 * `stream_flag`, in the same statement that remembers the delivery: for a message, in its
 * channel's tenant; for a user, in each tenant the two share. Only a flag by a member of that
 * tenant counts, and not the mirror of a report the same member made through our API. Returns how
 * many reports it opened.
 */
export async function reportStreamFlag(
  s: Services,
  deliveryId: string,
  e: StreamEventFacts,
): Promise<number> {
  const reporter = e.user?.id ?? '';
  const message = e.type === 'message.flagged' ? e.message : undefined;
  const target = message ? (message.userId ?? '') : (e.targetUserId ?? '');
  const tenants = message
    ? sql`select tenant_id from channels where stream_id = ${e.channel?.id ?? ''}
        and ${e.channel?.type ?? ''} = ${stream.CHANNEL_TYPE}`
    : sql`select tenant_id from memberships where user_id::text = ${target}`;
  const { rows } = await s.db.execute<{ opened: number }>(sql`
    with seen as (insert into stream_webhook_events (id) values (${deliveryId})
      on conflict do nothing returning 1),
    t as (
      select t.tenant_id, m.user_id as reporter_id from (${tenants}) t
      join memberships m on m.tenant_id = t.tenant_id and m.user_id::text = ${reporter}
      where exists (select 1 from seen) and ${reporter} <> ${target}
        and not exists (select 1 from reports r where r.tenant_id = t.tenant_id
          and r.reporter_id::text = ${reporter} and r.source = 'api'
          and coalesce(r.message_id, r.user_id::text) = ${message?.id ?? target})),
    ins as (
      insert into reports (id, tenant_id, reporter_id, message_id, user_id, channel_stream_id,
        message_text, reason, details, source)
      select gen_random_uuid(), t.tenant_id, t.reporter_id, ${message?.id ?? null},
        (select id from users where id::text = ${target}), ${message ? (e.channel?.id ?? null) : null},
        ${message?.text ?? null}, ${e.reason || 'flagged in the app'}, '', 'stream_flag'
      from t
      on conflict (tenant_id, reporter_id, coalesce(message_id, user_id::text), source)
        where status = 'open' do nothing
      returning 1)
    select count(*)::int as opened from ins`);
  return rows[0]?.opened ?? 0;
}
