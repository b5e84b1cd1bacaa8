/**
 * CORS for browser frontends on other origins. Allowed origins come from CORS_ORIGINS
 * (comma-separated; "*" only without credentials); empty means same-origin only. While the local
 * stand-ins are used (config.cors.loopback), any loopback origin is allowed as well, whatever its
 * port. A refused origin is logged once per isolate, naming the setting that would allow it. The
 * cors middleware is built once per configuration, not per request (hono#895).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import { type Config, configFor } from '../core/config';
import { log } from '../runtime/safe-log';
import type { AppEnv } from './types';

export const EXPOSED_HEADERS = [
  'X-Request-Id',
  'Idempotent-Replayed',
  'RateLimit',
  'RateLimit-Policy',
  'Retry-After',
];

const byConfig = new WeakMap<Config, MiddlewareHandler>();

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether `origin` is exactly an origin (scheme, host, port) and nothing more. */
function asOrigin(origin: string): URL | null {
  if (origin.length > 200) return null;
  try {
    const url = new URL(origin);
    return url.origin === origin ? url : null;
  } catch {
    return null;
  }
}

/** http(s)://localhost, 127.0.0.1 or [::1], on any port. */
export function isLoopbackOrigin(origin: string): boolean {
  const url = asOrigin(origin);
  return (
    url !== null &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    LOOPBACK_HOSTS.has(url.hostname)
  );
}

/**
 * Refused origins already logged by this isolate. Bounded: Origin headers are the caller's to
 * choose, so past this many distinct ones nothing more is logged (or kept).
 */
const refusedLogged = new Set<string>();
const MAX_REFUSED_LOGGED = 100;

function logRefused(origin: string) {
  // What is logged is an origin or "malformed", never other text from the header.
  const shown = asOrigin(origin) ? origin : 'malformed';
  if (refusedLogged.has(shown) || refusedLogged.size >= MAX_REFUSED_LOGGED) return;
  refusedLogged.add(shown);
  log('warn', {
    code: 'cors_origin_refused',
    origin: shown,
    setting: 'CORS_ORIGINS',
    message: `Browsers at ${shown} get no CORS grant: add it to CORS_ORIGINS (comma-separated) to allow it`,
  });
}

/**
 * Preflights go to hono's cors. Other requests get their CORS headers on the final response,
 * after the handler: hono's cors sets them before (on a placeholder response that Hono then
 * copies into the handler's response), which cost a fifth of a light request's CPU. Our handlers
 * build their responses with Hono (mutable headers), so setting them afterwards is safe.
 */
function corsFor(config: Config): MiddlewareHandler {
  let handler = byConfig.get(config);
  if (!handler) {
    const { origins, credentials, loopback } = config.cors;
    const anyOrigin = origins.includes('*');
    const allowOrigin = (origin: string, c: Context) => {
      if (anyOrigin) return '*';
      if (origins.includes(origin) || (loopback && isLoopbackOrigin(origin))) return origin;
      // Same-origin requests (Swagger UI's "Try it out" posting to /docs' own host) need no grant.
      if (origin && origin !== new URL(c.req.url).origin) logRefused(origin);
      return null;
    };
    const preflight = cors({
      origin: allowOrigin,
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
      const allowed = allowOrigin(c.req.header('origin') ?? '', c);
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
