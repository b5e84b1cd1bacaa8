/**
 * Membership by consent: an admin invites an email; whoever holds the account with that email
 * (now or after registering) accepts or declines. A user joins a tenant only by creating it or
 * accepting an invitation. The invite answers the same whether or not the email has an account,
 * so it reveals nothing about who is registered. Invitations expire after 7 days; inviting the
 * same email again renews the open one; each can be answered once.
 *
 * An invitation speaks for its inviter's admin rights: when the inviter stops being an admin of
 * the tenant (demoted, removed, left), the statement that does it also withdraws their open
 * invitations there (`withdrawInvitationsOf`), exactly as an admin's explicit withdrawal does
 * (status `revoked`, an `invitation.withdrawn` audit row). Accepting checks it again, so an
 * invitation whose inviter lost the role in any other way is withdrawn rather than honoured.
 *
 * Round trips: invite, list, revoke, my invitations, decline = 1; accept = 1 (+1 Stream, teams).
 */
import { type SQL, sql } from 'drizzle-orm';
import { issueToken } from '../auth/tokens';
import { ApiError, conflict, forbidden, notFound } from '../core/errors';
import type { Principal, Role } from '../core/types';
import type { RequestServices, Services } from '../runtime/services';
import { toMarks } from '../sync/outbox';
import { auditRow, forgetAudit } from './audit';
import { emailIds, emailInsert, enqueueEmails } from './email-outbox';
import { pushTeams, type StreamUserRow, teamsMark, userJoining } from './teams';

const INVITATION_DAYS = 7;

export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'revoked' | 'expired';

export interface Invitation {
  id: string;
  tenant_id: string;
  email: string;
  role: Role;
  status: InvitationStatus;
  created_at: string;
  expires_at: string;
}

type InvitationRow = Omit<Invitation, 'status'> & { status: Exclude<InvitationStatus, 'expired'> };

const iso = (v: unknown) => new Date(String(v)).toISOString();

/** Expiry is a fact of time, not a stored state: a pending invitation past its date is expired. */
function present(row: InvitationRow): Invitation {
  const expired = row.status === 'pending' && new Date(String(row.expires_at)) <= new Date();
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    email: row.email,
    role: row.role,
    status: expired ? 'expired' : row.status,
    created_at: iso(row.created_at),
    expires_at: iso(row.expires_at),
  };
}

const tenantNotFound = () => notFound('No such tenant', 'tenant_not_found');

function requireAdmin(role: Role | null): void {
  if (!role) throw tenantNotFound();
  if (role !== 'admin') {
    throw forbidden('Only an admin of this tenant can manage invitations', 'insufficient_role');
  }
}

/**
 * CTEs (`withdrawn`, `withdrawn_audit`) for the statement that ends `inviterId`'s admin rights:
 * their open invitations (in `tenantId`, or in every tenant when it is null) become `revoked`,
 * each with an `invitation.withdrawn` audit row by `actorId` (who demoted or removed them, or
 * themselves when they left). `when` is the SQL condition that the change happened (e.g.
 * `exists (select 1 from upd)`), so nothing is withdrawn when the change is refused. For account
 * and tenant deletion too: put it in the statement that deletes, before the rows cascade away.
 */
export function withdrawInvitationsOf(
  s: Services,
  w: { tenantId: string | SQL | null; inviterId: string | SQL; actorId: string | SQL; when: SQL },
): SQL {
  const tenant = w.tenantId === null ? sql`null::uuid` : sql`(${w.tenantId})::uuid`;
  return sql`withdrawn as (
      update invitations set status = 'revoked', answered_at = now()
      where invited_by = (${w.inviterId})::uuid and status = 'pending'
        and (${tenant} is null or tenant_id = ${tenant}) and ${w.when}
      returning id, tenant_id, invited_by),
    withdrawn_audit as (
      insert into audit_log (id, tenant_id, actor_id, action, target_type, target_id, details, request_id)
      select gen_random_uuid(), tenant_id, (${w.actorId})::uuid, 'invitation.withdrawn', 'invitation',
        id::text, json_build_object('reason', 'inviter_not_admin', 'invited_by', invited_by)::text,
        ${s.requestId ?? null}
      from withdrawn)`;
}

/** True in SQL when the invitation `inv` (a row alias) was made by a current admin of its tenant. */
const inviterIsAdmin = (inv: SQL) =>
  sql`exists (select 1 from memberships im where im.tenant_id = ${inv}.tenant_id
    and im.user_id = ${inv}.invited_by and im.role = 'admin')`;

const callerRole = (tenantId: string, userId: string) =>
  sql`(select role from memberships where tenant_id = ${tenantId} and user_id = ${userId})`;

/** `POST /tenants/{id}/invitations` (admin): the same answer for any email, known or not. */
export async function invite(
  s: RequestServices,
  callerId: string,
  tenantId: string,
  input: { email: string; role: Role },
): Promise<Invitation> {
  const { rows } = await s.db.execute<{
    caller_role: Role | null;
    already_member: boolean;
    invitation: InvitationRow | null;
    email_ids: unknown;
  }>(sql`
    with member as (
      select 1 from memberships m join users u on u.id = m.user_id
      where m.tenant_id = ${tenantId} and lower(u.email) = lower(${input.email})),
    ins as (
      insert into invitations (id, tenant_id, email, role, invited_by, expires_at)
      select ${crypto.randomUUID()}, ${tenantId}, ${input.email}, ${input.role}::member_role,
        ${callerId}, now() + make_interval(days => ${INVITATION_DAYS})
      where ${callerRole(tenantId, callerId)} = 'admin' and not exists (select 1 from member)
      on conflict (tenant_id, lower(email)) where status = 'pending' do update set
        email = excluded.email, role = excluded.role, invited_by = excluded.invited_by,
        created_at = now(), expires_at = excluded.expires_at
      returning id, tenant_id, email, role, status, created_at, expires_at),
    audit as (${auditRow(s, {
      tenantId,
      actorId: callerId,
      action: 'invitation.sent',
      targetType: 'invitation',
      targetId: sql`(select id from ins)`,
      details: { email: input.email, role: input.role },
      when: sql`exists (select 1 from ins)`,
    })}),
    mail as (${emailInsert(
      s,
      'invitation',
      sql`select invitee.id, ins.email, json_build_object('invitation_id', ins.id,
          'email', ins.email, 'tenant_name', t.name, 'inviter_name', inviter.name,
          'role', ins.role, 'days', ${INVITATION_DAYS}::int, 'has_account', invitee.id is not null)
        from ins join tenants t on t.id = ins.tenant_id join users inviter on inviter.id = ${callerId}
          left join users invitee on lower(invitee.email) = lower(ins.email)`,
    )})
    select ${callerRole(tenantId, callerId)} as caller_role,
      exists (select 1 from member) as already_member,
      (select row_to_json(ins) from ins) as invitation,
      (select json_agg(id) from mail) as email_ids`);
  const row = rows[0]!;
  requireAdmin(row.caller_role);
  // Only members' emails are distinguished, and an admin sees those in the member list anyway.
  if (row.already_member)
    throw conflict('This email belongs to a member already', 'already_member');
  enqueueEmails(s, emailIds(row.email_ids));
  return present(row.invitation!);
}

/** `GET /tenants/{id}/invitations` (admin): newest first, every status. */
export async function listForTenant(
  s: Services,
  callerId: string,
  tenantId: string,
): Promise<Invitation[]> {
  const { rows } = await s.db.execute<{ caller_role: Role | null; list: InvitationRow[] | null }>(
    sql`
    select ${callerRole(tenantId, callerId)} as caller_role,
      (select json_agg(i order by i.created_at desc) from (
        select id, tenant_id, email, role, status, created_at, expires_at from invitations
        where tenant_id = ${tenantId} order by created_at desc limit 200) i) as list`,
  );
  const row = rows[0]!;
  requireAdmin(row.caller_role);
  return (row.list ?? []).map(present);
}

/** `DELETE /tenants/{id}/invitations/{inv_id}` (admin): withdraws an open invitation. */
export async function revoke(
  s: Services,
  callerId: string,
  tenantId: string,
  invitationId: string,
): Promise<void> {
  const { rows } = await s.db.execute<{ caller_role: Role | null; revoked: boolean }>(sql`
    with r as (
      update invitations set status = 'revoked', answered_at = now()
      where id = ${invitationId} and tenant_id = ${tenantId} and status = 'pending'
        and ${callerRole(tenantId, callerId)} = 'admin'
      returning 1),
    audit as (${auditRow(s, {
      tenantId,
      actorId: callerId,
      action: 'invitation.withdrawn',
      targetType: 'invitation',
      targetId: invitationId,
      when: sql`exists (select 1 from r)`,
    })})
    select ${callerRole(tenantId, callerId)} as caller_role, exists (select 1 from r) as revoked`);
  const row = rows[0]!;
  requireAdmin(row.caller_role);
  if (!row.revoked) throw notFound('No such open invitation', 'invitation_not_found');
}

export interface MyInvitation {
  id: string;
  tenant: { id: string; name: string };
  role: Role;
  invited_by: { name: string };
  created_at: string;
  expires_at: string;
}

/**
 * `GET /me/invitations`: open invitations to the caller's email (also older than the account),
 * once the address is verified: until then they are the address owner's, not the account's.
 */
export async function listMine(s: Services, userId: string): Promise<MyInvitation[]> {
  const { rows } = await s.db.execute<{
    id: string;
    tenant_id: string;
    tenant_name: string;
    role: Role;
    inviter: string;
    created_at: string;
    expires_at: string;
  }>(sql`
    select i.id, i.tenant_id, t.name as tenant_name, i.role, inv.name as inviter,
      i.created_at, i.expires_at
    from users me
    join invitations i on lower(i.email) = lower(me.email)
    join tenants t on t.id = i.tenant_id
    join users inv on inv.id = i.invited_by
    where me.id = ${userId} and me.email_verified_at is not null
      and i.status = 'pending' and i.expires_at > now() and ${inviterIsAdmin(sql`i`)}
    order by i.created_at desc`);
  return rows.map((r) => ({
    id: r.id,
    tenant: { id: r.tenant_id, name: r.tenant_name },
    role: r.role,
    invited_by: { name: r.inviter },
    created_at: iso(r.created_at),
    expires_at: iso(r.expires_at),
  }));
}

type Answer = {
  status: Exclude<InvitationStatus, 'expired'> | null;
  expired: boolean;
  answered: boolean;
};

/**
 * Answering needs a verified address: the invitation went to an address, and only someone who
 * reads mail there may take or decline it (an account registered on the address by someone else
 * cannot). Checked before anything else is said, so such an account learns nothing of its state.
 */
function assertVerified(row: (Answer & { verified: boolean }) | undefined): void {
  if (row?.status && !row.answered && !row.verified) {
    throw forbidden(
      'Confirm your email address first (POST /auth/verify-email/resend sends the link)',
      'email_unverified',
    );
  }
}

/** Why an answer was refused: only the invitee learns anything about the invitation. */
function assertAnswerable(row: Answer | undefined): void {
  if (!row?.status) {
    throw notFound('No such invitation for your account', 'invitation_not_found');
  }
  if (row.answered) return;
  if (row.status !== 'pending') {
    throw conflict(`This invitation was already ${row.status}`, 'invitation_not_pending');
  }
  if (row.expired) {
    throw new ApiError(410, 'invitation_expired', 'This invitation has expired; ask for a new one');
  }
}

/** The invitation if it is addressed to the caller's email, as a CTE (`inv`). */
const mine = (invitationId: string, userId: string) => sql`inv as (
    select i.*, me.email_verified_at is not null as invitee_verified
    from invitations i join users me on lower(me.email) = lower(i.email)
    where i.id = ${invitationId} and me.id = ${userId} for update of i)`;

/** `POST /invitations/{id}/accept`: the caller joins the tenant with the invited role. */
export async function accept(s: RequestServices, p: Principal, invitationId: string) {
  const auditId = crypto.randomUUID();
  const { rows } = await s.db.execute<
    Answer & {
      verified: boolean;
      tenant_id: string | null;
      tenant_name: string | null;
      role: Role | null;
      marks: unknown;
      user: StreamUserRow | null;
    }
  >(sql`
    with ${mine(invitationId, p.userId)},
    acc as (
      update invitations set status = 'accepted', answered_at = now()
      where id = (select id from inv where status = 'pending' and expires_at > now()
        and ${inviterIsAdmin(sql`inv`)} and invitee_verified)
      returning tenant_id, role),
    ${withdrawInvitationsOf(s, {
      tenantId: sql`select tenant_id from inv`,
      inviterId: sql`select invited_by from inv`,
      actorId: sql`null`,
      when: sql`id = (select id from inv where status = 'pending' and expires_at > now()
        and not ${inviterIsAdmin(sql`inv`)})`,
    })},
    joined as (
      insert into memberships (tenant_id, user_id, role)
      select tenant_id, ${p.userId}, role from acc on conflict do nothing returning role),
    mark as (${teamsMark(s, sql`select ${p.userId}::text where exists (select 1 from joined)`)}),
    scoped as (
      update sessions set tenant_id = (select tenant_id from acc)
      where id = ${p.sessionId ?? null}::uuid and user_id = ${p.userId} and exists (select 1 from acc)),
    audit as (${auditRow(s, {
      id: auditId,
      tenantId: sql`(select tenant_id from acc)`,
      actorId: p.userId,
      action: 'invitation.accepted',
      targetType: 'invitation',
      targetId: invitationId,
      details: sql`json_build_object('role', (select role from acc))::text`,
      when: sql`exists (select 1 from joined)`,
    })})
    select case when exists (select 1 from withdrawn) then 'revoked' else inv.status end as status,
      inv.expires_at <= now() as expired, exists (select 1 from acc) as answered,
      coalesce(inv.invitee_verified, false) as verified, inv.tenant_id, t.name as tenant_name,
      coalesce((select role from joined),
        (select role from memberships where tenant_id = inv.tenant_id and user_id = ${p.userId})) as role,
      (select json_agg(mark) from mark) as marks,
      ${userJoining(sql`${p.userId}::uuid`, sql`(select tenant_id from acc)`)} as user
    from (select 1) one left join inv on true left join tenants t on t.id = inv.tenant_id`);
  const row = rows[0];
  assertVerified(row);
  assertAnswerable(row);
  const tenantId = row!.tenant_id!;
  const role = row!.role!;
  await pushTeams(s, row!.user, toMarks(row!.marks), () =>
    s.db.execute(sql`
      with undone as (
        delete from memberships where tenant_id = ${tenantId} and user_id = ${p.userId} returning 1),
      forgot as (${forgetAudit(auditId)} and exists (select 1 from undone))
      update invitations set status = 'pending', answered_at = null
      where id = ${invitationId} and exists (select 1 from undone)`),
  );
  const { token, expiresAt } = await issueToken(
    { userId: p.userId, tenantId, role, sessionId: p.sessionId },
    s.config.jwt.secret,
    s.config.jwt.ttlSeconds,
  );
  return {
    tenant: { id: tenantId, name: row!.tenant_name! },
    role,
    token,
    expires_at: expiresAt.toISOString(),
  };
}

/** `POST /invitations/{id}/decline`. */
export async function decline(s: Services, p: Principal, invitationId: string): Promise<void> {
  const { rows } = await s.db.execute<Answer & { verified: boolean }>(sql`
    with ${mine(invitationId, p.userId)},
    dec as (
      update invitations set status = 'declined', answered_at = now()
      where id = (select id from inv where status = 'pending' and expires_at > now()
        and invitee_verified)
      returning 1)
    select inv.status, inv.expires_at <= now() as expired, exists (select 1 from dec) as answered,
      coalesce(inv.invitee_verified, false) as verified
    from (select 1) one left join inv on true`);
  // Declining takes the invitation from the address's owner: only they may, as for accepting.
  assertVerified(rows[0]);
  assertAnswerable(rows[0]);
}
