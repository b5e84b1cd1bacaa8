/**
 * CORS for browser frontends on a local dev server (Vite on :5173, wrangler on :8787, ...):
 * any http(s) origin on localhost, 127.0.0.1 or [::1], any port. Other origins get no CORS
 * headers, so a page on the open web cannot drive a developer's emulator. Stream's
 * production API allows every origin; the local restriction is an emulator choice.
 *
 * Allowed request headers are the ones stream-chat-js sends (axios adds content-type; the
 * SDK adds stream-auth-type, x-stream-client and x-client-request-id; authorization carries
 * the JWT). The rate-limit headers are exposed so clients that read them can.
 */
import { cors } from 'hono/cors';

const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

export const localCors = cors({
  origin: (origin) => (LOCAL_ORIGIN.test(origin) ? origin : null),
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: [
    'authorization',
    'stream-auth-type',
    'x-stream-client',
    'x-client-request-id',
    'content-type',
  ],
  exposeHeaders: ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
  maxAge: 600,
});
