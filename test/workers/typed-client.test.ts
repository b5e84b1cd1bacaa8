/** A frontend's view: hono/client typed by AppType, driving the main flow. */
import { exports } from 'cloudflare:workers';
import { hc } from 'hono/client';
import { expect, it } from 'vitest';
import type { AppType } from '../../src/app';
import { createChannel, tenantWithRoles, unique } from '../fixtures';
import { mailbox, tokenFrom } from '../stand-ins';

it('register → create tenant → create channel → send → read through hc<AppType>', async () => {
  const client = hc<AppType>('https://api.test', {
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      exports.default.fetch(new Request(input, init)),
  });
  const registered = await client.auth.register.$post({
    json: {
      email: `hc-${unique()}@example.com`,
      password: 'correct horse battery',
      name: 'Typed Client',
    },
  });
  if (registered.status !== 201) throw new Error(`register: ${registered.status}`);
  const { token } = await registered.json();

  const tenantRes = await client.tenants.$post(
    { json: { name: 'Typed' } },
    { headers: { authorization: `Bearer ${token}` } },
  );
  if (tenantRes.status !== 201) throw new Error(`tenant: ${tenantRes.status}`);
  const { token: scoped, tenant } = await tenantRes.json();
  const auth = { headers: { authorization: `Bearer ${scoped}` } };

  const channelRes = await client.channels.$post(
    { json: { name: 'Ekemini Samuel', description: 'EkeminiOS channel for the team' } },
    auth,
  );
  if (channelRes.status !== 201) throw new Error(`channel: ${channelRes.status}`);
  const channel = await channelRes.json();
  expect(channel.tenant_id).toBe(tenant.id);

  const sent = await client.messages.$post(
    { json: { stream_id: channel.stream_id, text: 'Hello EkeminiOS!' }, header: {} },
    auth,
  );
  if (sent.status !== 201) throw new Error(`send: ${sent.status}`);
  const { message } = await sent.json();

  const read = await client.messages[':stream_id'].$get(
    { param: { stream_id: channel.stream_id }, query: {} },
    auth,
  );
  if (read.status !== 200) throw new Error(`read: ${read.status}`);
  const { messages } = await read.json();
  expect(messages.map((m) => ({ id: m.id, text: m.text }))).toEqual([
    { id: message.id, text: 'Hello EkeminiOS!' },
  ]);
});

it('keeps a user signed in with refresh tokens, and joins by invitation, through hc<AppType>', async () => {
  const client = hc<AppType>('https://api.test', {
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      exports.default.fetch(new Request(input, init)),
  });
  const register = async (name: string) => {
    const email = `hc-${unique()}@example.com`;
    const res = await client.auth.register.$post({
      json: { email, password: 'correct horse battery', name },
    });
    if (res.status !== 201) throw new Error(`register: ${res.status}`);
    return { email, ...(await res.json()) };
  };
  const admin = await register('Admin');
  const guest = await register('Guest');
  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  const refreshed = await client.auth.refresh.$post({
    json: { refresh_token: admin.refresh_token },
  });
  if (refreshed.status !== 200) throw new Error(`refresh: ${refreshed.status}`);
  const pair = await refreshed.json();
  expect(pair.refresh_token).not.toBe(admin.refresh_token);

  const created = await client.tenants.$post({ json: { name: 'Typed' } }, bearer(pair.token));
  if (created.status !== 201) throw new Error(`tenant: ${created.status}`);
  const { tenant, token: adminScoped } = await created.json();
  const invited = await client.tenants[':id'].invitations.$post(
    { param: { id: tenant.id }, json: { email: guest.email, role: 'member' } },
    bearer(adminScoped),
  );
  if (invited.status !== 201) throw new Error(`invite: ${invited.status}`);
  const { invitation } = await invited.json();

  const mine = async () => {
    const res = await client.me.invitations.$get({}, bearer(guest.token));
    if (res.status !== 200) throw new Error(`my invitations: ${res.status}`);
    return (await res.json()).invitations.map((i) => i.id);
  };
  // Invitations to an address are shown, and taken, once the account has confirmed it: the
  // guest follows the link in the registration mail.
  expect(await mine()).toEqual([]);
  const early = await client.invitations[':inv_id'].accept.$post(
    { param: { inv_id: invitation.id } },
    bearer(guest.token),
  );
  expect(early.status).toBe(403);
  // Two mails: the invitation and the registration's link; the link is the one with a token.
  const withToken = async () =>
    (await mailbox(guest.email)).filter((m) => m.text.includes('token='));
  await expect.poll(async () => (await withToken()).length).toBe(1);
  const [link] = await withToken();
  const verified = await client.auth['verify-email'].$post({ json: { token: tokenFrom(link!) } });
  if (verified.status !== 200) throw new Error(`verify: ${verified.status}`);
  expect((await verified.json()).email_verified).toBe(true);
  expect(await mine()).toEqual([invitation.id]);
  const accepted = await client.invitations[':inv_id'].accept.$post(
    { param: { inv_id: invitation.id } },
    bearer(guest.token),
  );
  if (accepted.status !== 200) throw new Error(`accept: ${accepted.status}`);
  expect((await accepted.json()).role).toBe('member');

  const me = await client.me.$get({}, bearer(guest.token));
  if (me.status !== 200) throw new Error(`me: ${me.status}`);
  const profile = await me.json();
  expect(profile.tenants.map((t) => t.id)).toEqual([tenant.id]);
  expect(profile.email_verified).toBe(true);
  const devices = await client.me.sessions.$get({}, bearer(guest.token));
  if (devices.status !== 200) throw new Error(`sessions: ${devices.status}`);
  expect((await devices.json()).sessions.filter((s) => s.current)).toHaveLength(1);
  const out = await client.auth.logout.$post({}, bearer(guest.token));
  expect(out.status).toBe(204);

  // The device token registration gave is sent back with the next login, and kept.
  const again = await client.auth.login.$post({
    json: {
      email: guest.email,
      password: 'correct horse battery',
      device_token: guest.device_token,
    },
  });
  if (again.status !== 200) throw new Error(`login: ${again.status}`);
  expect((await again.json()).device_token).toBe(guest.device_token);
});

it('moderates through hc<AppType>: filter, delete, ban, audit', async () => {
  const client = hc<AppType>('https://api.test', {
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      exports.default.fetch(new Request(input, init)),
  });
  const t = await tenantWithRoles();
  const auth = { headers: { authorization: `Bearer ${t.admin.token}` } };
  const channel = await createChannel(t.admin.token);

  const filter = await client.moderation.blocklist.$put({ json: { words: ['Heck'] } }, auth);
  if (filter.status !== 200) throw new Error(`blocklist: ${filter.status}`);
  expect((await filter.json()).words).toEqual(['heck']);

  const sent = await client.messages.$post(
    { json: { stream_id: channel.stream_id, text: 'to be deleted' }, header: {} },
    auth,
  );
  if (sent.status !== 201) throw new Error(`send: ${sent.status}`);
  const { message } = await sent.json();
  const removed = await client.messages[':message_id'].$delete(
    { param: { message_id: message.id }, query: {} },
    auth,
  );
  expect(removed.status).toBe(204);

  const banned = await client.moderation.bans.$post(
    { json: { user_id: t.member.user.id, minutes: 10 } },
    auth,
  );
  if (banned.status !== 201) throw new Error(`ban: ${banned.status}`);
  expect((await banned.json()).ban.user_id).toBe(t.member.user.id);

  const audit = await client.audit.$get({ query: {} }, auth);
  if (audit.status !== 200) throw new Error(`audit: ${audit.status}`);
  const { entries } = await audit.json();
  expect(entries.map((e) => e.action).slice(0, 2)).toEqual(['ban.created', 'word_filter.updated']);
});

it('exports one’s data, deletes the tenant, then the account, through hc<AppType>', async () => {
  const client = hc<AppType>('https://api.test', {
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      exports.default.fetch(new Request(input, init)),
  });
  const email = `hc-erase-${unique()}@example.com`;
  const password = 'correct horse battery';
  const registered = await client.auth.register.$post({
    json: { email, password, name: 'Leaving' },
  });
  if (registered.status !== 201) throw new Error(`register: ${registered.status}`);
  const { token } = await registered.json();
  const auth = { headers: { authorization: `Bearer ${token}` } };
  const tenantRes = await client.tenants.$post({ json: { name: `Gone ${unique()}` } }, auth);
  if (tenantRes.status !== 201) throw new Error(`tenant: ${tenantRes.status}`);
  const { tenant } = await tenantRes.json();

  const exported = await client.me.export.$get({}, auth);
  if (exported.status !== 200) throw new Error(`export: ${exported.status}`);
  const data = await exported.json();
  expect(data.user.email).toBe(email);
  expect(data.tenants.map((t) => t.id)).toEqual([tenant.id]);

  const removed = await client.tenants[':id'].$delete(
    { param: { id: tenant.id }, json: { confirm_name: tenant.name } },
    auth,
  );
  expect(removed.status).toBe(204);
  const deleted = await client.me.$delete({ json: { password } }, auth);
  expect(deleted.status).toBe(204);
  const login = await client.auth.login.$post({ json: { email, password } });
  expect(login.status).toBe(401);
});
