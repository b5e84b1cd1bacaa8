/**
 * Membership by consent: invitations. Nobody joins a tenant without accepting; inviting reveals
 * nothing about who has an account; each invitation is answered once, by its invitee only.
 */
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { call, callJson, expectError, expectInvalid } from '../../../test/api';
import { registerUser, tenantWithRoles, unique } from '../../../test/fixtures';
import { dbRows } from '../../../test/stand-ins';
import { servicesFor } from '../../runtime/services';

type Invitation = {
  id: string;
  tenant_id: string;
  email: string;
  role: string;
  status: string;
  created_at: string;
  expires_at: string;
};

const invite = (tenantId: string, token: string, email: string, role = 'member') =>
  callJson<{ invitation: Invitation }>(`/tenants/${tenantId}/invitations`, {
    token,
    body: { email, role },
  });
const answer = (id: string, token: string, verb: 'accept' | 'decline') =>
  callJson(`/invitations/${id}/${verb}`, { token, method: 'POST' });
const roster = async (tenantId: string, token: string) =>
  (
    await callJson<{ members: Array<{ user_id: string; role: string }> }>(
      `/tenants/${tenantId}/members`,
      { token },
    )
  ).body.members.map((m) => m.user_id);

describe('POST /tenants/{id}/invitations', () => {
  it('answers the same status and body shape for a registered and an unknown email', async () => {
    const t = await tenantWithRoles();
    const known = await registerUser('Known');
    const a = await invite(t.tenant.id, t.admin.token, known.email);
    const b = await invite(t.tenant.id, t.admin.token, `nobody-${unique()}@example.com`);
    expect([a.status, b.status]).toEqual([201, 201]);
    const shape = (i: Invitation) => Object.keys(i).sort();
    expect(shape(a.body.invitation)).toEqual(shape(b.body.invitation));
    expect(Object.keys(a.body).sort()).toEqual(Object.keys(b.body).sort());
    // No user id, name or other account detail leaks into the answer.
    expect(JSON.stringify(a.body)).not.toContain(known.id);
    expect(JSON.stringify(a.body)).not.toContain('Known');
    expect(a.body.invitation).toMatchObject({ status: 'pending', role: 'member' });
  });

  it('does not make anyone a member: the invitee must accept', async () => {
    const t = await tenantWithRoles();
    const victim = await registerUser('Victim');
    expect((await invite(t.tenant.id, t.admin.token, victim.email)).status).toBe(201);
    expect(await roster(t.tenant.id, t.admin.token)).not.toContain(victim.id);
    const login = await callJson<{ tenant?: unknown }>('/auth/login', {
      body: { email: victim.email, password: victim.password },
    });
    expect(login.body.tenant).toBeUndefined();
  });

  it('is admin-only (403), 404 for a tenant the caller is not in, 409 for a member', async () => {
    const t = await tenantWithRoles();
    const other = await tenantWithRoles();
    expectError(
      await invite(t.tenant.id, t.moderator.token, `x-${unique()}@example.com`),
      403,
      'insufficient_role',
    );
    expectError(
      await invite(other.tenant.id, t.admin.token, `x-${unique()}@example.com`),
      404,
      'tenant_not_found',
    );
    expectError(
      await invite(t.tenant.id, t.admin.token, t.member.user.email.toUpperCase()),
      409,
      'already_member',
    );
  });

  it('inviting the same email again renews the open invitation (one per email)', async () => {
    const t = await tenantWithRoles();
    const email = `again-${unique()}@example.com`;
    const first = await invite(t.tenant.id, t.admin.token, email, 'member');
    const second = await invite(t.tenant.id, t.admin.token, email.toUpperCase(), 'moderator');
    expect(second.body.invitation.id).toBe(first.body.invitation.id);
    expect(second.body.invitation.role).toBe('moderator');
    const list = await callJson<{ invitations: Invitation[] }>(
      `/tenants/${t.tenant.id}/invitations`,
      { token: t.admin.token },
    );
    expect(list.body.invitations.filter((i) => i.id === first.body.invitation.id)).toHaveLength(1);
  });

  it('validates the body', async () => {
    const t = await tenantWithRoles();
    expectInvalid(await invite(t.tenant.id, t.admin.token, 'not-an-email'), 'body.email');
    expectInvalid(
      await invite(t.tenant.id, t.admin.token, `x-${unique()}@example.com`, 'owner'),
      'body.role',
    );
  });
});

describe('answering an invitation', () => {
  it('the invitee sees it (also one made before they registered), accepts once and joins', async () => {
    const t = await tenantWithRoles();
    const email = `future-${unique()}@example.com`;
    const made = await invite(t.tenant.id, t.admin.token, email, 'moderator');
    // Registers after the invitation, and verifies the address (test/fixtures.ts).
    const user = await registerUser('Future', { email });
    const mine = await callJson<{ invitations: Array<{ id: string; tenant: { id: string } }> }>(
      '/me/invitations',
      { token: user.token },
    );
    expect(mine.body.invitations.map((i) => i.id)).toEqual([made.body.invitation.id]);
    const accepted = await callJson<{ token: string; role: string; tenant: { id: string } }>(
      `/invitations/${made.body.invitation.id}/accept`,
      { token: user.token, method: 'POST' },
    );
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ role: 'moderator', tenant: { id: t.tenant.id } });
    expect(await roster(t.tenant.id, t.admin.token)).toContain(user.id);
    // The scoped token works for the tenant's routes.
    expect((await call('/channels', { token: accepted.body.token })).status).toBe(200);
    // Once only.
    expectError(
      await answer(made.body.invitation.id, user.token, 'accept'),
      409,
      'invitation_not_pending',
    );
    expect(
      (await callJson<{ invitations: unknown[] }>('/me/invitations', { token: user.token })).body
        .invitations,
    ).toEqual([]);
  });

  it('someone else cannot accept or decline it, nor see it (404)', async () => {
    const t = await tenantWithRoles();
    const invitee = await registerUser('Invitee');
    const intruder = await registerUser('Intruder');
    const made = await invite(t.tenant.id, t.admin.token, invitee.email);
    for (const verb of ['accept', 'decline'] as const) {
      expectError(
        await answer(made.body.invitation.id, intruder.token, verb),
        404,
        'invitation_not_found',
      );
    }
    expect(
      (await callJson<{ invitations: unknown[] }>('/me/invitations', { token: intruder.token }))
        .body.invitations,
    ).toEqual([]);
    expect(await roster(t.tenant.id, t.admin.token)).not.toContain(intruder.id);
    // The invitee can still accept.
    expect((await answer(made.body.invitation.id, invitee.token, 'accept')).status).toBe(200);
  });

  it('a declined invitation cannot be accepted', async () => {
    const t = await tenantWithRoles();
    const invitee = await registerUser('Decliner');
    const made = await invite(t.tenant.id, t.admin.token, invitee.email);
    expect(
      (
        await call(`/invitations/${made.body.invitation.id}/decline`, {
          method: 'POST',
          token: invitee.token,
        })
      ).status,
    ).toBe(204);
    expectError(
      await answer(made.body.invitation.id, invitee.token, 'accept'),
      409,
      'invitation_not_pending',
    );
    expect(await roster(t.tenant.id, t.admin.token)).not.toContain(invitee.id);
  });

  it('an expired invitation cannot be accepted (410) and is listed as expired', async () => {
    const t = await tenantWithRoles();
    const invitee = await registerUser('Late');
    const made = await invite(t.tenant.id, t.admin.token, invitee.email);
    await servicesFor(env).db.execute(
      sql`update invitations set expires_at = now() - interval '1 second' where id = ${made.body.invitation.id}`,
    );
    expectError(
      await answer(made.body.invitation.id, invitee.token, 'accept'),
      410,
      'invitation_expired',
    );
    const list = await callJson<{ invitations: Invitation[] }>(
      `/tenants/${t.tenant.id}/invitations`,
      { token: t.admin.token },
    );
    expect(list.body.invitations.find((i) => i.id === made.body.invitation.id)?.status).toBe(
      'expired',
    );
    expect(await roster(t.tenant.id, t.admin.token)).not.toContain(invitee.id);
  });

  it('a withdrawn invitation cannot be accepted; withdrawing is admin-only and per tenant', async () => {
    const t = await tenantWithRoles();
    const other = await tenantWithRoles();
    const invitee = await registerUser('Withdrawn');
    const made = await invite(t.tenant.id, t.admin.token, invitee.email);
    const path = (tenantId: string) =>
      `/tenants/${tenantId}/invitations/${made.body.invitation.id}`;
    expectError(
      await callJson(path(t.tenant.id), { method: 'DELETE', token: t.member.token }),
      403,
      'insufficient_role',
    );
    // Another tenant's admin, through their own tenant's path: no such invitation there.
    expectError(
      await callJson(path(other.tenant.id), { method: 'DELETE', token: other.admin.token }),
      404,
      'invitation_not_found',
    );
    expect((await call(path(t.tenant.id), { method: 'DELETE', token: t.admin.token })).status).toBe(
      204,
    );
    expectError(
      await answer(made.body.invitation.id, invitee.token, 'accept'),
      409,
      'invitation_not_pending',
    );
  });

  it("lists a tenant's invitations for its admins only", async () => {
    const t = await tenantWithRoles();
    const other = await tenantWithRoles();
    await invite(t.tenant.id, t.admin.token, `l-${unique()}@example.com`);
    expectError(
      await callJson(`/tenants/${t.tenant.id}/invitations`, { token: t.member.token }),
      403,
      'insufficient_role',
    );
    expectError(
      await callJson(`/tenants/${t.tenant.id}/invitations`, { token: other.admin.token }),
      404,
      'tenant_not_found',
    );
  });

  it('is 400 for ids that are not UUIDs, naming the parameter', async () => {
    const user = await registerUser('Typo');
    expectInvalid(await answer('not-an-id', user.token, 'accept'), 'param.inv_id');
    expectInvalid(await answer('not-an-id', user.token, 'decline'), 'param.inv_id');
    expectInvalid(
      await callJson('/me/sessions/not-an-id', { method: 'DELETE', token: user.token }),
      'param.id',
    );
  });
});

describe('invitations whose inviter is no longer an admin', () => {
  type Path = 'demoted to moderator' | 'demoted to member' | 'removed' | 'left';

  /** Ends `inviter`'s admin rights in the tenant along `path`; the acting user's id. */
  async function endAdmin(
    path: Path,
    t: Awaited<ReturnType<typeof tenantWithRoles>>,
    inviter: { id: string; token: string },
  ) {
    const member = `/tenants/${t.tenant.id}/members/${inviter.id}`;
    const res =
      path === 'removed'
        ? await call(member, { method: 'DELETE', token: t.admin.token })
        : path === 'left'
          ? await call(member, { method: 'DELETE', token: inviter.token })
          : await call(member, {
              method: 'PATCH',
              token: t.admin.token,
              body: { role: path === 'demoted to member' ? 'member' : 'moderator' },
            });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return {
      actor: path === 'left' ? inviter.id : t.admin.user.id,
      requestId: res.headers.get('x-request-id'),
    };
  }

  const statusOf = async (id: string) =>
    (await dbRows<{ status: string }>('select status from invitations where id = $1', [id]))[0]
      ?.status;

  it.each<Path>(['demoted to moderator', 'demoted to member', 'removed', 'left'])(
    '%s: their open invitations are withdrawn in that statement, no one else’s',
    async (path) => {
      const t = await tenantWithRoles();
      // A second admin (the moderator, promoted), who is also the admin of another tenant.
      const second = t.moderator;
      const promoted = await call(`/tenants/${t.tenant.id}/members/${second.user.id}`, {
        method: 'PATCH',
        token: t.admin.token,
        body: { role: 'admin' },
      });
      expect(promoted.status).toBe(200);
      const elsewhere = await callJson<{ tenant: { id: string }; token: string }>('/tenants', {
        token: second.user.token,
        body: { name: `Elsewhere ${unique()}` },
      });
      const [squatter, invitee, otherInvitee, elsewhereInvitee] = await Promise.all([
        registerUser('Squatter'),
        registerUser('Invitee'),
        registerUser('Other invitee'),
        registerUser('Elsewhere'),
      ]);
      const asAdmin = await invite(t.tenant.id, second.token, squatter.email, 'admin');
      const asMember = await invite(t.tenant.id, second.token, invitee.email, 'member');
      const byOther = await invite(t.tenant.id, t.admin.token, otherInvitee.email, 'member');
      const inOther = await invite(
        elsewhere.body.tenant.id,
        elsewhere.body.token,
        elsewhereInvitee.email,
      );
      // One already answered: not withdrawn again, no row for it.
      const answered = await registerUser('Answered');
      const early = await invite(t.tenant.id, second.token, answered.email, 'member');
      expect((await answer(early.body.invitation.id, answered.token, 'accept')).status).toBe(200);

      const { actor, requestId } = await endAdmin(path, t, {
        id: second.user.id,
        token: second.token,
      });
      // Withdrawn by that request itself, before anyone tries to accept.
      expect(await statusOf(asAdmin.body.invitation.id)).toBe('revoked');
      expect(await statusOf(asMember.body.invitation.id)).toBe('revoked');

      // The finding: the admin invitation no longer makes its holder admin.
      expectError(
        await answer(asAdmin.body.invitation.id, squatter.token, 'accept'),
        409,
        'invitation_not_pending',
      );
      expectError(
        await answer(asMember.body.invitation.id, invitee.token, 'accept'),
        409,
        'invitation_not_pending',
      );
      expect(await roster(t.tenant.id, t.admin.token)).not.toContain(squatter.id);
      const mine = await callJson<{ invitations: unknown[] }>('/me/invitations', {
        token: squatter.token,
      });
      expect(mine.body.invitations).toEqual([]);
      const listed = await callJson<{ invitations: Invitation[] }>(
        `/tenants/${t.tenant.id}/invitations`,
        { token: t.admin.token },
      );
      const statusIn = (id: string) => listed.body.invitations.find((i) => i.id === id)?.status;
      expect(statusIn(asAdmin.body.invitation.id)).toBe('revoked');
      expect(statusIn(asMember.body.invitation.id)).toBe('revoked');
      expect(statusIn(early.body.invitation.id)).toBe('accepted');

      // Another admin's invitation, and the inviter's own in another tenant, stand.
      expect(statusIn(byOther.body.invitation.id)).toBe('pending');
      expect(await statusOf(inOther.body.invitation.id)).toBe('pending');
      expect((await answer(byOther.body.invitation.id, otherInvitee.token, 'accept')).status).toBe(
        200,
      );
      expect(
        (await answer(inOther.body.invitation.id, elsewhereInvitee.token, 'accept')).status,
      ).toBe(200);

      // One audit row per withdrawn invitation, by whoever ended the role, in that request.
      const rows = await dbRows<{
        actor_id: string;
        target_id: string;
        request_id: string;
        details: string;
      }>(
        `select actor_id, target_id, request_id, details from audit_log
       where tenant_id = $1 and action = 'invitation.withdrawn' order by target_id`,
        [t.tenant.id],
      );
      expect(rows.map((r) => r.target_id)).toEqual(
        [asAdmin.body.invitation.id, asMember.body.invitation.id].sort(),
      );
      for (const row of rows) {
        expect(row).toMatchObject({ actor_id: actor, request_id: requestId });
        expect(JSON.parse(row.details)).toEqual({
          reason: 'inviter_not_admin',
          invited_by: second.user.id,
        });
      }
    },
  );

  it('a refused demotion (the last admin) withdraws nothing', async () => {
    const t = await tenantWithRoles();
    const invitee = await registerUser('Kept');
    const made = await invite(t.tenant.id, t.admin.token, invitee.email, 'admin');
    expectError(
      await callJson(`/tenants/${t.tenant.id}/members/${t.admin.user.id}`, {
        method: 'PATCH',
        token: t.admin.token,
        body: { role: 'member' },
      }),
      409,
      'last_admin',
    );
    expect(await statusOf(made.body.invitation.id)).toBe('pending');
    // A promotion of someone else withdraws nothing either.
    await call(`/tenants/${t.tenant.id}/members/${t.member.user.id}`, {
      method: 'PATCH',
      token: t.admin.token,
      body: { role: 'moderator' },
    });
    expect(await statusOf(made.body.invitation.id)).toBe('pending');
    expect((await answer(made.body.invitation.id, invitee.token, 'accept')).status).toBe(200);
  });

  it('an invitation left open by an inviter who lost the role some other way is withdrawn on accept', async () => {
    const t = await tenantWithRoles();
    const second = t.moderator;
    await call(`/tenants/${t.tenant.id}/members/${second.user.id}`, {
      method: 'PATCH',
      token: t.admin.token,
      body: { role: 'admin' },
    });
    const squatter = await registerUser('Old row');
    const made = await invite(t.tenant.id, second.token, squatter.email, 'admin');
    expect(made.status).toBe(201);
    // As rows made before the withdrawal existed: the role changed behind the API's back.
    await dbRows(`update memberships set role = 'member' where tenant_id = $1 and user_id = $2`, [
      t.tenant.id,
      second.user.id,
    ]);
    const mine = await callJson<{ invitations: unknown[] }>('/me/invitations', {
      token: squatter.token,
    });
    expect(mine.body.invitations).toEqual([]);
    expectError(
      await answer(made.body.invitation.id, squatter.token, 'accept'),
      409,
      'invitation_not_pending',
    );
    expect(await statusOf(made.body.invitation.id)).toBe('revoked');
    expect(await roster(t.tenant.id, t.admin.token)).not.toContain(squatter.id);
    const audit = await dbRows<{ actor_id: string | null }>(
      `select actor_id from audit_log where tenant_id = $1 and action = 'invitation.withdrawn'
       and target_id = $2`,
      [t.tenant.id, made.body.invitation.id],
    );
    expect(audit).toEqual([{ actor_id: null }]);
  });
});
