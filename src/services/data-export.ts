/**
 * `GET /me/export`: a copy of one's data (GDPR art. 15 and 20; docs/account-deletion.md). One
 * statement reads the profile, tenants and roles, sessions (no token or hash: none is stored in
 * a readable form anyway), invitations sent and received; then the messages the user wrote come
 * from Stream's Search, server-side, filtered by author (`user.id`) in the channels the user is
 * a member of, a page of 100 at a time up to `MAX_PAGES`. Only the caller's own messages: the
 * filter is on their id, and every message is checked again before it leaves.
 *
 * Round trips: 1 + the Stream pages, serial (each page's cursor comes from the one before).
 */
import { sql } from 'drizzle-orm';
import { notFound } from '../core/errors';
import type { Role } from '../core/types';
import type { Services } from '../runtime/services';
import * as stream from '../stream/gateway';
import type { SessionView } from './sessions';

const PAGE = 100;
/** 50 pages: 5,000 messages, and a bounded number of Stream calls per request. */
export const MAX_PAGES = 50;

type ExportRow = {
  id: string;
  email: string;
  name: string;
  created_at: string;
  tenants: Array<{ id: string; name: string; role: Role; joined_at: string }>;
  sessions: Array<
    Omit<SessionView, 'current'> & { revoked_at: string | null; revoked_reason: string | null }
  >;
  invitations_sent: ExportedInvitation[];
  invitations_received: ExportedInvitation[];
};

type ExportedInvitation = {
  id: string;
  tenant_id: string;
  /** Sent ones only: a received one is to the caller's own email. */
  email?: string;
  role: Role;
  status: string;
  created_at: string;
  expires_at: string;
  answered_at: string | null;
};

export async function exportData(s: Services, userId: string) {
  const { rows } = await s.db.execute<ExportRow>(sql`
    select u.id, u.email, u.name, u.created_at,
      coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name, 'role', m.role,
          'joined_at', m.created_at) order by m.created_at, t.id)
        from memberships m join tenants t on t.id = m.tenant_id where m.user_id = u.id), '[]') as tenants,
      coalesce((select json_agg(json_build_object('id', x.id, 'device_label', x.device_label,
          'user_agent', x.user_agent, 'created_at', x.created_at, 'last_used_at', x.last_used_at,
          'expires_at', least(x.expires_at, x.absolute_expires_at), 'revoked_at', x.revoked_at,
          'revoked_reason', x.revoked_reason) order by x.created_at)
        from sessions x where x.user_id = u.id), '[]') as sessions,
      coalesce((select json_agg(json_build_object('id', i.id, 'tenant_id', i.tenant_id,
          'email', i.email, 'role', i.role, 'status', i.status, 'created_at', i.created_at,
          'expires_at', i.expires_at, 'answered_at', i.answered_at) order by i.created_at)
        from invitations i where i.invited_by = u.id), '[]') as invitations_sent,
      coalesce((select json_agg(json_build_object('id', i.id, 'tenant_id', i.tenant_id,
          'role', i.role, 'status', i.status, 'created_at', i.created_at,
          'expires_at', i.expires_at, 'answered_at', i.answered_at) order by i.created_at)
        from invitations i
        where lower(i.email) = lower(u.email) and u.email_verified_at is not null), '[]')
        as invitations_received
    from users u where u.id = ${userId}`);
  const row = rows[0];
  if (!row) throw notFound('This account no longer exists', 'user_not_found');
  const { messages, truncated } = await ownMessages(s, userId);
  return {
    exported_at: new Date().toISOString(),
    user: {
      id: row.id,
      email: row.email,
      name: row.name,
      created_at: new Date(row.created_at).toISOString(),
    },
    tenants: row.tenants,
    sessions: row.sessions,
    invitations: { sent: row.invitations_sent, received: row.invitations_received },
    messages,
    messages_truncated: truncated,
  };
}

async function ownMessages(s: Services, userId: string) {
  const client = await s.stream();
  const messages: stream.ChatMessage[] = [];
  let next: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await stream.messagesByUser(
      client,
      { type: stream.CHANNEL_TYPE, members: { $in: [userId] } },
      userId,
      { limit: PAGE, next },
    );
    // The filter asked for the caller's messages only; a message of anyone else never leaves.
    messages.push(...res.messages.filter((m) => m.user_id === userId));
    next = res.next;
    if (!next) return { messages, truncated: false };
  }
  return { messages, truncated: true };
}
