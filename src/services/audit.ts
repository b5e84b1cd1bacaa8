/**
 * The tenant's audit log: one row per mutating action, written by the statement that acts (a CTE
 * of it), so no action goes unrecorded and no row records an action that did not happen. A write
 * whose Stream push fails and is undone deletes its row in the undo (by the row's id).
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Role, TenantPrincipal } from '../core/types';
import type { Services } from '../runtime/services';
import { assertCurrentRole, currentRole } from './current-role';
import { type KeysetCursor, keysetAfter, keysetPage, keysetText } from './keyset';

export const AUDIT_ACTIONS = [
  'tenant.created',
  'member.role_changed',
  'member.removed',
  'member.left',
  'member.account_deleted',
  'invitation.sent',
  'invitation.withdrawn',
  'invitation.accepted',
  'channel.created',
  'channel.updated',
  'channel.archived',
  'channel.members_added',
  'report.resolved',
  'ban.created',
  'ban.lifted',
  'message.deleted',
  'word_filter.updated',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  /** The row's id, chosen by the caller so an undo can delete it. */
  id?: string;
  tenantId: string | SQL;
  actorId: string;
  action: AuditAction;
  targetType:
    | 'tenant'
    | 'member'
    | 'invitation'
    | 'channel'
    | 'report'
    | 'ban'
    | 'message'
    | 'word_filter';
  targetId: string | SQL;
  /** A JSON object (or SQL giving its text) describing the change. */
  details?: Record<string, unknown> | SQL;
  /** The row is written only when this holds (the action happened). */
  when: SQL;
}

const asSql = (value: string | SQL) => (typeof value === 'string' ? sql`${value}` : value);

/** SQL for a data-modifying CTE of the acting statement: the action's row, when it happened. */
export function auditRow(s: Services, e: AuditEntry): SQL {
  const details =
    e.details === undefined
      ? sql`'{}'`
      : 'getSQL' in e.details
        ? e.details
        : sql`${JSON.stringify(e.details)}`;
  return sql`insert into audit_log (id, tenant_id, actor_id, action, target_type, target_id, details, request_id)
    select ${e.id ?? crypto.randomUUID()}::uuid, (${asSql(e.tenantId)})::uuid, ${e.actorId}::uuid,
      ${e.action}, ${e.targetType}, (${asSql(e.targetId)})::text, (${details})::text, ${s.requestId ?? null}
    where ${e.when}`;
}

/** SQL to run in an undo: deletes the row `auditRow` wrote with this id. */
export const forgetAudit = (id: string) => sql`delete from audit_log where id = ${id}::uuid`;

export type AuditView = {
  id: string;
  action: AuditAction;
  actor_id: string | null;
  target_type: string;
  target_id: string;
  details: Record<string, unknown>;
  request_id: string | null;
  created_at: string;
};

/** `GET /audit`: the tenant's rows, newest first, a page at a time, optionally of one action. */
export async function listAudit(
  s: Services,
  p: TenantPrincipal,
  page: { limit: number; cursor?: KeysetCursor; action?: AuditAction },
): Promise<{ entries: AuditView[]; next_cursor: string | null }> {
  const after = page.cursor;
  const { rows } = await s.db.execute<
    Omit<AuditView, 'details'> & { cursorAt: string; details: string; caller_role: Role | null }
  >(sql`
    select ${currentRole(p.tenantId, p.userId)} as caller_role, a.id, a.action, a.actor_id,
      a.target_type, a.target_id, a.details, a.request_id, a.created_at,
      ${keysetText(sql`a.created_at`)} as "cursorAt"
    from (select 1) one
    left join audit_log a on a.tenant_id = ${p.tenantId}
      and (${page.action ?? null}::text is null or a.action = ${page.action ?? null})
      and ${after ? keysetAfter(sql`a.created_at`, sql`a.id`, after) : sql`true`}
    order by a.created_at desc nulls last, a.id desc
    limit ${page.limit + 1}`);
  // The role now, not the token's: an admin demoted since cannot read on.
  assertCurrentRole(rows[0]?.caller_role, ['admin']);
  const { shown, next_cursor } = keysetPage(
    rows.filter((r) => r.id),
    page.limit,
  );
  return {
    entries: shown.map(({ cursorAt: _, caller_role: _role, details, ...r }) => ({
      ...r,
      details: JSON.parse(details) as Record<string, unknown>,
      created_at: new Date(r.created_at).toISOString(),
    })),
    next_cursor,
  };
}
