/**
 * CORS for browser frontends on other origins. Allowed origins come from CORS_ORIGINS
 * (comma-separated; "*" only without credentials); empty means same-origin only. The cors
 * middleware is built once per configuration, not per request (hono#895).
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { type Config, configFor } from './config';
import type { AppEnv } from './types';

export const EXPOSED_HEADERS = [
  'X-Request-Id',
  'Idempotent-Replayed',
  'RateLimit',
  'RateLimit-Policy',
  'Retry-After',
];

const byConfig = new WeakMap<Config, MiddlewareHandler>();

function corsFor(config: Config): MiddlewareHandler {
  let handler = byConfig.get(config);
  if (!handler) {
    const { origins, credentials } = config.cors;
    handler = cors({
      origin: origins.includes('*') ? '*' : (origin) => (origins.includes(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
      exposeHeaders: EXPOSED_HEADERS,
      credentials,
      maxAge: 600,
    });
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
