/**
 * CORS for browser frontends on other origins. Allowed origins come from CORS_ORIGINS
 * (comma-separated; "*" only without credentials); empty means same-origin only. The cors
 * middleware is built once per configuration, not per request (hono#895).
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { type Config, configFor } from '../core/config';
import type { AppEnv } from './types';

export const EXPOSED_HEADERS = [
  'X-Request-Id',
  'Idempotent-Replayed',
  'RateLimit',
  'RateLimit-Policy',
  'Retry-After',
];

const byConfig = new WeakMap<Config, MiddlewareHandler>();

/**
 * Preflights go to hono's cors. Other requests get their CORS headers on the final response,
 * after the handler: hono's cors sets them before (on a placeholder response that Hono then
 * copies into the handler's response), which cost a fifth of a light request's CPU. Our handlers
 * build their responses with Hono (mutable headers), so setting them afterwards is safe.
 */
function corsFor(config: Config): MiddlewareHandler {
  let handler = byConfig.get(config);
  if (!handler) {
    const { origins, credentials } = config.cors;
    const anyOrigin = origins.includes('*');
    const allowOrigin = (origin: string) =>
      anyOrigin ? '*' : origins.includes(origin) ? origin : null;
    const preflight = cors({
      origin: (origin) => allowOrigin(origin),
      allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
      exposeHeaders: EXPOSED_HEADERS,
      credentials,
      maxAge: 600,
    });
    const exposed = EXPOSED_HEADERS.join(',');
    handler = async (c, next) => {
      if (c.req.method === 'OPTIONS') return preflight(c, next);
      await next();
      const headers = c.res.headers;
      const allowed = allowOrigin(c.req.header('origin') ?? '');
      if (allowed) headers.set('Access-Control-Allow-Origin', allowed);
      if (credentials) headers.set('Access-Control-Allow-Credentials', 'true');
      headers.set('Access-Control-Expose-Headers', exposed);
      if (!anyOrigin) headers.append('Vary', 'Origin');
    };
    byConfig.set(config, handler);
  }
  return handler;
}

export const corsMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  let config: Config;
  try {
    config = configFor(c.env);
  } catch {
    // Misconfigured: let the route answer with the configuration error.
    return next();
  }
  return corsFor(config)(c, next);
});
