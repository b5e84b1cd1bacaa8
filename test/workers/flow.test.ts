import { expect, it } from 'vitest';
import { callJson } from '../api';
import { createChannel, tenantWithRoles } from '../fixtures';
import { streamState } from '../stand-ins';

it('register → tenant → channel → send → read', async () => {
  const { admin, member } = await tenantWithRoles();
  const channel = await createChannel(
    admin.token,
    'Ekemini Samuel',
    'EkeminiOS channel for the team',
  );
  const sent = await callJson<{ message: { id: string; text: string } }>('/messages', {
    token: member.token,
    body: { stream_id: channel.stream_id, text: 'Hello EkeminiOS!' },
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  const read = await callJson<{ messages: Array<{ id: string; text: string }> }>(
    `/messages/${channel.stream_id}`,
    {
      token: admin.token,
    },
  );
  expect(read.status, JSON.stringify(read.body)).toBe(200);
  expect(read.body.messages.map((m) => m.text)).toEqual(['Hello EkeminiOS!']);
  const list = await callJson<{ channels: Array<{ stream_id: string }> }>('/channels', {
    token: member.token,
  });
  expect(list.body.channels.map((c) => c.stream_id)).toEqual([channel.stream_id]);
});

it('channel lifecycle: create → add members → chat → rename → archive → history only', async () => {
  const { tenant, admin, moderator, member } = await tenantWithRoles();
  const channel = await createChannel(moderator.token, 'Launch', 'Release planning');
  expect(channel).toMatchObject({
    tenant_id: tenant.id,
    created_by: moderator.user.id,
    archived_at: null,
  });

  const added = await callJson(`/channels/${channel.stream_id}/members`, {
    token: moderator.token,
    body: { user_ids: [member.user.id] },
  });
  expect(added.status, JSON.stringify(added.body)).toBe(200);
  const cid = `messaging:${channel.stream_id}`;
  expect(new Set((await streamState(cid)).channels[0]?.members)).toEqual(
    new Set([moderator.user.id, member.user.id]),
  );

  for (const [token, text] of [
    [member.token, 'first'],
    [admin.token, 'second'],
    [moderator.token, 'third'],
  ] as const) {
    const sent = await callJson('/messages', {
      token,
      body: { stream_id: channel.stream_id, text },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  }
  // The admin became a member by sending.
  expect((await streamState(cid)).channels[0]?.members).toContain(admin.user.id);

  const renamed = await callJson<{ name: string }>(`/channels/${channel.stream_id}`, {
    method: 'PATCH',
    token: admin.token,
    body: { name: 'Launch 2' },
  });
  expect(renamed.body.name).toBe('Launch 2');
  expect((await streamState(cid)).channels[0]?.data.name).toBe('Launch 2');

  const archived = await callJson<{ archived_at: string | null }>(
    `/channels/${channel.stream_id}`,
    {
      method: 'DELETE',
      token: admin.token,
    },
  );
  expect(archived.status).toBe(200);
  expect(archived.body.archived_at).not.toBeNull();

  const refused = await callJson('/messages', {
    token: member.token,
    body: { stream_id: channel.stream_id, text: 'fourth' },
  });
  expect(refused.status).toBe(404);
  const history = await callJson<{ messages: Array<{ text: string; user_id: string }> }>(
    `/messages/${channel.stream_id}`,
    { token: member.token },
  );
  expect(history.body.messages.map((m) => [m.text, m.user_id])).toEqual([
    ['first', member.user.id],
    ['second', admin.user.id],
    ['third', moderator.user.id],
  ]);
  const list = await callJson<{ channels: unknown[] }>('/channels', { token: member.token });
  expect(list.body.channels).toEqual([]);
  // The name is free again for a new channel.
  const again = await createChannel(admin.token, 'Launch 2');
  expect(again.stream_id).not.toBe(channel.stream_id);
});
