/**
 * The tenant's audit log: one row per mutating action, written by the statement that acts (a CTE
 * of it), so no action goes unrecorded and no row records an action that did not happen. A write
 * whose Stream push fails and is undone deletes its row in the undo (by the row's id).
 */
import { type SQL, sql } from 'drizzle-orm';
import { badRequest } from '../core/errors';
import type { Services } from '../runtime/services';
import { decodeCursor, encodeCursor, type KeysetCursor, keysetAfter, keysetText } from './keyset';

export const AUDIT_ACTIONS = [
  'tenant.created',
  'member.role_changed',
  'member.removed',
  'member.left',
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
  tenantId: string,
  page: { limit: number; cursor?: string; action?: AuditAction },
): Promise<{ entries: AuditView[]; next_cursor: string | null }> {
  let after: KeysetCursor | undefined;
  if (page.cursor !== undefined) {
    after = decodeCursor(page.cursor);
    if (!after) {
      throw badRequest('validation_failed', 'The request is invalid; see details', [
        { field: 'query.cursor', message: 'Not a cursor from this list (use next_cursor)' },
      ]);
    }
  }
  const { rows } = await s.db.execute<
    Omit<AuditView, 'details'> & { cursor_at: string; details: string }
  >(sql`
    select a.id, a.action, a.actor_id, a.target_type, a.target_id, a.details, a.request_id,
      a.created_at, ${keysetText(sql`a.created_at`)} as cursor_at
    from audit_log a
    where a.tenant_id = ${tenantId}
      and (${page.action ?? null}::text is null or a.action = ${page.action ?? null})
      and ${after ? keysetAfter(sql`a.created_at`, sql`a.id`, after) : sql`true`}
    order by a.created_at desc, a.id desc
    limit ${page.limit + 1}`);
  const more = rows.length > page.limit;
  const shown = more ? rows.slice(0, page.limit) : rows;
  return {
    entries: shown.map(({ cursor_at: _, details, ...r }) => ({
      ...r,
      details: JSON.parse(details) as Record<string, unknown>,
      created_at: new Date(r.created_at).toISOString(),
    })),
    next_cursor: more
      ? encodeCursor({ cursorAt: shown.at(-1)!.cursor_at, id: shown.at(-1)!.id })
      : null,
  };
}
