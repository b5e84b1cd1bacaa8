import { expect, it } from 'vitest';
import { callJson } from '../api';
import { createChannel, tenantWithRoles } from '../fixtures';

it('register → tenant → channel → send → read', async () => {
  const { admin, member } = await tenantWithRoles();
  const channel = await createChannel(admin.token, 'Ekemini Samuel', 'EkeminiOS channel for the team');
  const sent = await callJson<{ message: { id: string; text: string } }>('/messages', {
    token: member.token,
    body: { stream_id: channel.stream_id, text: 'Hello EkeminiOS!' },
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  const read = await callJson<{ messages: Array<{ id: string; text: string }> }>(`/messages/${channel.stream_id}`, {
    token: admin.token,
  });
  expect(read.status, JSON.stringify(read.body)).toBe(200);
  expect(read.body.messages.map((m) => m.text)).toEqual(['Hello EkeminiOS!']);
  const list = await callJson<{ channels: Array<{ stream_id: string }> }>('/channels', { token: member.token });
  expect(list.body.channels.map((c) => c.stream_id)).toEqual([channel.stream_id]);
});
