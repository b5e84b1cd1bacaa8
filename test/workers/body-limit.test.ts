/**
 * Bodies over 64 KiB are refused before they are parsed (src/http/body-limit.ts), on
 * unauthenticated routes too: by Content-Length when it is sent, else while streaming. The rest
 * of an over-limit body is read and discarded before the 413, within a byte bound and a deadline,
 * so a client still sending gets the 413 instead of a reset.
 */
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { DRAIN_MAX_BYTES, DRAIN_MAX_MS, MAX_BODY_BYTES } from '../../src/http/body-limit';
import { BASE, callJson, type ErrorBody, expectError } from '../api';
import { registerUser } from '../fixtures';

const CHUNK = 16 * 1024;

/**
 * A body of `total` bytes (endless by default), counting how many bytes the worker pulled from
 * it; `stallAfter` bytes in, it stops sending without ending, as a slow client does.
 */
function endlessBody({
  total = Number.POSITIVE_INFINITY,
  stallAfter = Number.POSITIVE_INFINITY,
} = {}) {
  const counter = { pulled: 0, ended: false };
  const chunk = new TextEncoder().encode(`{"text":"${'x'.repeat(CHUNK - 10)}`);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (counter.pulled >= stallAfter) return new Promise<void>(() => {});
      if (counter.pulled >= total) {
        counter.ended = true;
        controller.close();
        return;
      }
      const next = chunk.subarray(0, Math.min(chunk.byteLength, total - counter.pulled));
      counter.pulled += next.byteLength;
      controller.enqueue(next);
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
  it('refuses a streamed body without Content-Length once it passes the limit, reading it to its end first', async () => {
    for (const path of ['/auth/login', '/auth/register']) {
      const { stream, counter } = endlessBody({ total: 512 * 1024 });
      const res = await post(path, stream);
      expectTooLarge(res);
      expect(counter.ended).toBe(true);
    }
  });

  it('stops draining an endless body at the byte bound', async () => {
    const { stream, counter } = endlessBody();
    expectTooLarge(await post('/auth/login', stream));
    expect(counter.pulled).toBeGreaterThan(DRAIN_MAX_BYTES);
    expect(counter.pulled).toBeLessThanOrEqual(DRAIN_MAX_BYTES + 4 * CHUNK);
  });

  it('stops draining a body that stalls at the deadline', async () => {
    const { stream, counter } = endlessBody({ stallAfter: 4 * MAX_BODY_BYTES });
    const started = Date.now();
    expectTooLarge(await post('/auth/login', stream));
    expect(counter.pulled).toBeGreaterThanOrEqual(4 * MAX_BODY_BYTES);
    expect(counter.pulled).toBeLessThan(4 * MAX_BODY_BYTES + CHUNK);
    // workerd's clock advances with I/O and timers: the answer came after the deadline timer.
    expect(Date.now() - started).toBeGreaterThanOrEqual(DRAIN_MAX_MS);
  });

  it('drains a body whose Content-Length is over the limit but within the bound', async () => {
    const { stream, counter } = endlessBody({ total: 1024 * 1024 });
    const res = await post('/auth/register', stream, { 'content-length': String(1024 * 1024) });
    expectTooLarge(res);
    expect(counter.ended).toBe(true);
  });

  it('refuses a Content-Length over the drain bound before pulling a single byte', async () => {
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
