/**
 * Success-response conventions shared by every Stream route: the `duration` field and the
 * rate-limit headers.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { StreamEnv } from './env';
import { rateLimitPerMinute } from './limits';

/** Stream's `duration` string: elapsed server time as `"<float>ms"`. */
export function duration(c: Context<StreamEnv>): string {
  const startedAt = c.get('startedAt') ?? performance.now();
  return `${(performance.now() - startedAt).toFixed(2)}ms`;
}

/**
 * Sends a success body with `duration` appended (Stream puts it last). Create-style
 * operations answer 201 and the rest 200, as in Stream's OpenAPI document.
 */
export function respond(
  c: Context<StreamEnv>,
  body: Record<string, unknown>,
  status: 200 | 201 = 200,
): Response {
  return c.json({ ...body, duration: duration(c) }, status);
}

/** Middleware for API routes: timing start plus `X-RateLimit-*` headers on every answer. */
export const streamResponseHeaders: MiddlewareHandler<StreamEnv> = async (c, next) => {
  c.set('startedAt', performance.now());
  await next();
  const limit = rateLimitPerMinute(c.get('op'));
  // Reset = the end of the current one-minute window, in Unix seconds.
  const reset = Math.ceil(Date.now() / 60_000) * 60;
  c.res.headers.set('X-RateLimit-Limit', String(limit));
  c.res.headers.set('X-RateLimit-Remaining', String(limit - 1));
  c.res.headers.set('X-RateLimit-Reset', String(reset));
};
