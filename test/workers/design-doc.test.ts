/**
 * The design document's own examples, sent as written: its POST /channels payload, the curl
 * requests (same URL, headers and body text) and the two React `fetch` snippets (relative URLs
 * resolved against the curl examples' origin), all through the worker's fetch handler.
 */
import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, registerUser } from '../fixtures';
import { streamState } from '../stand-ins';

const ORIGIN = 'http://localhost:8080';

/** `fetch` as the React snippets call it: a path relative to the app's origin. */
const fetch = (input: string, init?: RequestInit) =>
  exports.default.fetch(new Request(new URL(input, ORIGIN), init));

let jwt: string;
let tenantId: string;
let userId: string;

beforeAll(async () => {
  const admin = await registerUser('Ekemini Samuel');
  const { tenant, adminToken } = await createTenant(admin, 'EkeminiOS');
  jwt = adminToken;
  tenantId = tenant.id;
  userId = admin.id;
}, 60_000);

describe('the design document, as written', () => {
  let streamId: string;

  it('POST /channels with the documented payload creates the channel in both stores', async () => {
    const res = await fetch('/channels', {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' },
      body: `{
    "name": "Ekemini Samuel",
    "description": "EkeminiOS channel for the team"
  }`,
    });
    expect(res.status).toBe(201);
    const channel = (await res.json()) as Record<string, unknown>;
    expect(channel).toMatchObject({
      name: 'Ekemini Samuel',
      description: 'EkeminiOS channel for the team',
      tenant_id: tenantId,
      created_by: userId,
      archived_at: null,
    });
    // "Generate Stream-compliant channel ID": first 8 characters of the tenant id, "-", a UUID,
    // the shape of the document's example 17006115-1c2a6a40-59d8-4e36-8527-a8b4d65d9d91.
    streamId = String(channel.stream_id);
    expect(streamId).toMatch(
      new RegExp(
        `^${tenantId.slice(0, 8)}-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`,
      ),
    );
    expect(streamId).toHaveLength('17006115-1c2a6a40-59d8-4e36-8527-a8b4d65d9d91'.length);

    // "Channel instantly visible on Stream dashboard": type messaging, the creator as member,
    // tenant_id / name / description as custom data.
    const [inStream] = (await streamState(`messaging:${streamId}`)).channels;
    expect(inStream).toMatchObject({
      type: 'messaging',
      id: streamId,
      members: [userId],
      data: {
        tenant_id: tenantId,
        name: 'Ekemini Samuel',
        description: 'EkeminiOS channel for the team',
      },
    });

    // "Use /channels endpoint to list all channels for the tenant and obtain the stream_id."
    const list = await fetch('/channels', { headers: { Authorization: `Bearer ${jwt}` } });
    const body = (await list.json()) as { channels: Array<{ stream_id: string }> };
    expect(body.channels.map((c) => c.stream_id)).toEqual([streamId]);
  });

  it('the curl send and the curl read work as written', async () => {
    // curl -X POST http://localhost:8080/messages -H "Authorization: Bearer <JWT_TOKEN>"
    //   -H "Content-Type: application/json" -d '{"stream_id": "...", "text": "Hello EkeminiOS!"}'
    const sent = await exports.default.fetch(
      new Request('http://localhost:8080/messages', {
        method: 'POST',
        headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' },
        body: `{"stream_id": "${streamId}", "text": "Hello EkeminiOS!"}`,
      }),
    );
    expect(sent.status).toBe(201);
    const { message } = (await sent.json()) as {
      message: { id: string; text: string; user_id: string };
    };
    expect(message).toMatchObject({ text: 'Hello EkeminiOS!', user_id: userId });

    // curl -X GET http://localhost:8080/messages/<stream_id> -H "Authorization: Bearer <JWT_TOKEN>"
    const read = await exports.default.fetch(
      new Request(`http://localhost:8080/messages/${streamId}`, {
        method: 'GET',
        headers: { Authorization: `Bearer ${jwt}` },
      }),
    );
    expect(read.status).toBe(200);
    const { messages } = (await read.json()) as { messages: Array<{ id: string; text: string }> };
    expect(messages.map((m) => [m.id, m.text])).toEqual([[message.id, 'Hello EkeminiOS!']]);
    expect((await streamState(`messaging:${streamId}`)).messages.map((m) => m.text)).toEqual([
      'Hello EkeminiOS!',
    ]);
  });

  it('the React snippets work as written', async () => {
    const message = 'Hi from React';
    let handled: unknown;
    // 8. Example: Send Message in React
    await fetch('/messages', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${jwt}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ stream_id: streamId, text: message }),
    })
      .then((res) => res.json())
      .then((data) => {
        handled = data;
      });
    expect(handled).toMatchObject({
      message: { text: message, stream_id: streamId, user_id: userId },
    });

    // 7. Example: Fetch Messages in React
    let shown: Array<{ text: string }> = [];
    const setMessages = (m: Array<{ text: string }>) => {
      shown = m;
    };
    await fetch(`/messages/${streamId}`, {
      headers: { Authorization: `Bearer ${jwt}` },
    })
      .then((res) => res.json())
      .then((data) => setMessages((data as { messages: Array<{ text: string }> }).messages));
    expect(shown.map((m) => m.text)).toEqual(['Hello EkeminiOS!', message]);
  });

  it("the document's example stream_id is a well-formed id (404 here, not 400)", async () => {
    const res = await fetch('/messages', {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' },
      body: '{"stream_id": "17006115-1c2a6a40-59d8-4e36-8527-a8b4d65d9d91", "text": "Hello EkeminiOS!"}',
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'channel_not_found' });
    const read = await fetch('/messages/17006115-1c2a6a40-59d8-4e36-8527-a8b4d65d9d91', {
      headers: { Authorization: `Bearer ${jwt}` },
    });
    expect(read.status).toBe(404);
  });

  it('requests without the JWT are refused with 401, as the document requires', async () => {
    const send = await fetch('/messages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ stream_id: streamId, text: 'anonymous' }),
    });
    expect(send.status).toBe(401);
    const read = await fetch(`/messages/${streamId}`);
    expect(read.status).toBe(401);
    const create = await fetch('/channels', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Ekemini Samuel 2' }),
    });
    expect(create.status).toBe(401);
    expect((await streamState(`messaging:${streamId}`)).messages).toHaveLength(2);
  });
});
