/**
 * Bodies over 64 KiB are refused before they are read or parsed (src/http/create-app.ts), on
 * unauthenticated routes too: by Content-Length when it is sent, else while streaming.
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/http/create-app';
import { BASE, callJson, type ErrorBody, expectError } from '../api';
import { registerUser } from '../fixtures';

const CHUNK = 16 * 1024;

/** A body that never ends, counting how many bytes the worker pulled from it. */
function endlessBody() {
  const counter = { pulled: 0 };
  const chunk = new TextEncoder().encode(`{"text":"${'x'.repeat(CHUNK - 10)}`);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      counter.pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, counter };
}

async function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  const res = await exports.default.fetch(
    new Request(`${BASE}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    }),
  );
  return { status: res.status, body: (await res.json()) as ErrorBody, headers: res.headers };
}

const expectTooLarge = (res: { status: number; body: ErrorBody }) => {
  expectError(res, 413, 'payload_too_large');
  expect(res.body.error).toContain(String(MAX_BODY_BYTES));
};

describe('body limit', () => {
  it('refuses a streamed body without Content-Length once it passes the limit, without reading the rest', async () => {
    for (const path of ['/auth/login', '/auth/register']) {
      const { stream, counter } = endlessBody();
      const res = await post(path, stream);
      expectTooLarge(res);
      // It stopped pulling right after the limit (an endless body would otherwise never end).
      expect(counter.pulled).toBeGreaterThan(MAX_BODY_BYTES);
      expect(counter.pulled).toBeLessThanOrEqual(MAX_BODY_BYTES + 4 * CHUNK);
    }
  });

  it('refuses by Content-Length before pulling a single byte', async () => {
    const { stream, counter } = endlessBody();
    const pulledBefore = counter.pulled;
    const res = await post('/auth/register', stream, {
      'content-length': String(100 * 1024 * 1024),
    });
    expectTooLarge(res);
    // A ReadableStream pulls once on construction to fill its queue; nothing after that.
    expect(counter.pulled - pulledBefore).toBeLessThanOrEqual(CHUNK);
  });

  it('refuses a large body on an authenticated route and keeps the CORS and request id headers', async () => {
    const user = await registerUser();
    const res = await post('/tenants', JSON.stringify({ name: 'n'.repeat(MAX_BODY_BYTES) }), {
      authorization: `Bearer ${user.token}`,
    });
    expectTooLarge(res);
    expect(res.headers.get('x-request-id')).toBe(res.body.request_id);
  });

  it('accepts a body just under the limit (a 5,000-character message is far below it)', async () => {
    const name = 'n'.repeat(50);
    const padding = ' '.repeat(MAX_BODY_BYTES - JSON.stringify({ name }).length - 2);
    const body = `{"name":${JSON.stringify(name)}${padding}}`;
    expect(new TextEncoder().encode(body).byteLength).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const user = await registerUser();
    const res = await callJson('/tenants', { token: user.token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
});
