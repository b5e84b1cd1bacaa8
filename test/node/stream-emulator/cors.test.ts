/** CORS: browsers on a local dev server may call the emulator; other origins may not. */
import { describe, expect, it } from 'vitest';
import { KEY, useStreamEmulator } from './harness';

const h = useStreamEmulator();
const SDK_HEADERS =
  'authorization,stream-auth-type,x-stream-client,x-client-request-id,content-type';

function preflight(origin: string, path = '/channels') {
  return fetch(`${h.emulator.url}${path}?api_key=${KEY}`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': SDK_HEADERS,
    },
  });
}

describe('CORS', () => {
  it.each(['http://localhost:5173', 'http://127.0.0.1:8787', 'http://[::1]:3000'])(
    'answers the preflight of %s with the SDK headers allowed',
    async (origin) => {
      const res = await preflight(origin);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
      for (const header of SDK_HEADERS.split(',')) expect(allowed).toContain(header);
      expect(res.headers.get('access-control-allow-methods')).toContain('PATCH');
    },
  );

  it('gives other origins no CORS headers', async () => {
    const res = await preflight('https://evil.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('puts the header on real answers, errors included', async () => {
    const res = await fetch(`${h.emulator.url}/channels?api_key=${KEY}`, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-expose-headers')).toContain('X-RateLimit-Limit');
  });
});
