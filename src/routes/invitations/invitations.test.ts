/**
 * Membership by consent: invitations. Nobody joins a tenant without accepting; inviting reveals
 * nothing about who has an account; each invitation is answered once, by its invitee only.
 */
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { call, callJson, expectError, expectInvalid } from '../../../test/api';
import { registerUser, tenantWithRoles, unique } from '../../../test/fixtures';
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
