/** A frontend's view: hono/client typed by AppType, driving the main flow. */
import { exports } from 'cloudflare:workers';
import { hc } from 'hono/client';
import { expect, it } from 'vitest';
import type { AppType } from '../../src/app';
import { unique } from '../fixtures';

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
