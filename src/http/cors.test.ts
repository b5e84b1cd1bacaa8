import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call } from '../../test/api';
import { unique } from '../../test/fixtures';
import { captureLogs } from '../../test/logs';
import { app } from '../app';

// .dev.vars.example (the test bindings) allows http://localhost:5173 and http://127.0.0.1:5173.
const ALLOWED = 'http://localhost:5173';

const ctx = {
  waitUntil() {},
  passThroughOnException() {},
  props: {},
} as unknown as ExecutionContext;

/**
 * Production's settings: Neon and Stream are not on this machine (so the example secrets are
 * refused, and these are others). Only CORS runs on these requests: preflights and an unknown
 * route, which reach neither upstream.
 */
const production = {
  ...env,
  NEON_HTTP_ENDPOINT: '',
  DATABASE_URL: 'postgresql://app:secret@ep-example.eu-central-1.aws.neon.tech/neondb',
  STREAM_BASE_URL: '',
  JWT_SECRET: 'a-production-jwt-secret-that-is-not-the-example-0123456789',
  STREAM_API_SECRET: 'a-production-stream-secret-not-the-example-0123456789',
  CORS_ORIGINS: 'https://chat.example.com',
};

const preflightFrom = (origin: string, bindings: object = env) =>
  app.fetch(
    new Request('https://api.test/messages', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    }),
    bindings,
    ctx,
  );

const getFrom = (origin: string, bindings: object = env) =>
  app.fetch(new Request('https://api.test/no-such-route', { headers: { origin } }), bindings, ctx);

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
    const logs = captureLogs();
    const evil = `https://evil-${unique()}.example`;
    const res = await call('/health', { headers: { origin: evil } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await call('/messages', {
      method: 'OPTIONS',
      headers: { origin: evil, 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    logs.expect('warn', 'cors_origin_refused', { origin: evil });
  });

  it('allows any loopback origin, any port, while the local stand-ins are used', async () => {
    for (const origin of [
      'http://localhost:5174',
      'http://127.0.0.1:3000',
      'http://[::1]:5173',
      'http://localhost',
      'https://localhost:8443',
    ]) {
      const preflight = await preflightFrom(origin);
      expect(preflight.status, origin).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin'), origin).toBe(origin);
      const res = await getFrom(origin);
      expect(res.status, origin).toBe(404);
      expect(res.headers.get('access-control-allow-origin'), origin).toBe(origin);
    }
    // Loopback only: a look-alike host, another scheme or an address that is not loopback is not.
    const logs = captureLogs();
    for (const origin of [
      `http://localhost.${unique()}.example`,
      'http://10.0.0.1:5173',
      'file://localhost',
    ]) {
      const res = await getFrom(origin);
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
    expect(logs.expect('warn', 'cors_origin_refused').length).toBeGreaterThan(0);
  });

  it('allows only the configured origins in production, loopback included', async () => {
    const logs = captureLogs();
    const allowed = await preflightFrom('https://chat.example.com', production);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://chat.example.com');
    for (const origin of ['http://localhost:5174', 'http://127.0.0.1:5173', 'http://[::1]:5173']) {
      const preflight = await preflightFrom(origin, production);
      expect(preflight.headers.get('access-control-allow-origin'), origin).toBeNull();
      const res = await getFrom(origin, production);
      expect(res.status, origin).toBe(404);
      expect(res.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
    logs.expect('warn', 'cors_origin_refused');
  });

  it('logs a refused origin once, with the setting that allows it', async () => {
    const logs = captureLogs();
    const origin = `https://refused-${unique()}.example`;
    await preflightFrom(origin);
    await getFrom(origin);
    await getFrom(origin);
    const lines = logs.expect('warn', 'cors_origin_refused', { origin });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ setting: 'CORS_ORIGINS' });
    expect(lines[0]?.message).toContain(`add it to CORS_ORIGINS`);
    // Another origin gets its own line; an allowed one and a same-origin request get none.
    const other = `https://other-${unique()}.example`;
    await getFrom(other);
    expect(logs.expect('warn', 'cors_origin_refused', { origin: other })).toHaveLength(1);
    await getFrom(ALLOWED);
    await getFrom('https://api.test');
    expect(logs.lines).toHaveLength(2);
  });

  it('logs what is not an origin as "malformed", never the header’s text', async () => {
    const logs = captureLogs();
    const header = `https://x.example/path?secret=${unique()}`;
    const res = await getFrom(header);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(JSON.stringify(logs.lines)).not.toContain('secret=');
    // Once per isolate: another test may have logged "malformed" first.
    for (const line of logs.lines) expect(line).toMatchObject({ origin: 'malformed' });
  });

  it('sends security headers on API responses', async () => {
    const res = await call('/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
