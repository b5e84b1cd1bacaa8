import { describe, expect, it } from 'vitest';
import { call } from '../../test/api';

// .dev.vars.example (the test bindings) allows http://localhost:5173 and http://127.0.0.1:5173.
const ALLOWED = 'http://localhost:5173';

describe('CORS', () => {
  it('answers a preflight from an allowed origin for Authorization, Content-Type, Idempotency-Key', async () => {
    const res = await call('/messages', {
      method: 'OPTIONS',
      headers: {
        origin: ALLOWED,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toBe(
      'authorization,content-type,idempotency-key',
    );
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('exposes the request id to allowed origins on real responses, errors included', async () => {
    const res = await call('/channels', { headers: { origin: ALLOWED } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('gives a disallowed origin no CORS grant', async () => {
    const res = await call('/health', { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await call('/messages', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends security headers on API responses', async () => {
    const res = await call('/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
