/**
 * The app factory: one error handler and one not-found handler (and, in routes.ts, one
 * validation hook), so every failure leaves in the same envelope (see errors.ts).
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ConfigError } from '../core/config';
import { ApiError, UpstreamError } from '../core/errors';
import { classifyDbError } from '../db/errors';
import { errorFields, log } from '../runtime/safe-log';
import { classifyStreamError, streamErrorCode } from '../stream/errors';
import { limitBody } from './body-limit';
import { corsMiddleware } from './cors';
import { createRouter } from './routes';
import type { AppEnv } from './types';

const HTTP_EXCEPTION_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

export function errorResponse(err: unknown, c: Context<AppEnv>): Response {
  const request_id = c.get('requestId');
  const send = (status: ContentfulStatusCode, code: string, error: string, extra = {}) =>
    c.json({ error, code, request_id, ...extra }, status);

  if (err instanceof ApiError) {
    if (err.retryAfterSeconds) c.header('Retry-After', String(err.retryAfterSeconds));
    return send(err.status, err.code, err.message, err.details ? { details: err.details } : {});
  }
  if (err instanceof HTTPException) {
    const malformed = err.message.startsWith('Malformed JSON');
    const code = malformed ? 'invalid_json' : (HTTP_EXCEPTION_CODES[err.status] ?? 'http_error');
    return send(err.status as ContentfulStatusCode, code, err.message || 'Request failed');
  }
  const upstream =
    err instanceof UpstreamError ? err : (classifyDbError(err) ?? classifyStreamError(err));
  if (upstream) {
    const cause = upstream.cause ?? err;
    log('error', {
      request_id,
      code: upstream.code,
      upstream_code: upstream.upstreamCode ?? streamErrorCode(cause),
      ...errorFields(cause),
    });
    if (upstream.retryAfterSeconds) c.header('Retry-After', String(upstream.retryAfterSeconds));
    return send(upstream.status, upstream.code, upstream.message);
  }
  if (err instanceof ConfigError) {
    log('error', { request_id, code: 'misconfigured', problems: err.problems });
    return send(500, 'misconfigured', `The server is misconfigured: ${err.problems.join('; ')}`);
  }
  log('error', { request_id, code: 'internal_error', ...errorFields(err, { stack: true }) });
  return send(500, 'internal_error', 'Something went wrong on our side');
}

/** Responses can carry tokens and private data: no cache may keep them (a route may override). */
const noStore = createMiddleware(async (c, next) => {
  await next();
  if (!c.res.headers.has('cache-control')) c.header('Cache-Control', 'no-store');
});

export function createApp() {
  const app = createRouter();
  // A client's X-Request-Id is kept only when short and of safe characters (Hono: [A-Za-z0-9_=-])
  // so it cannot forge log lines or carry data; otherwise we generate one.
  app.use('*', requestId({ limitLength: 64 }), noStore, corsMiddleware, secureHeaders(), limitBody);
  app.onError(errorResponse);
  app.notFound((c) =>
    c.json(
      {
        error: `No route for ${c.req.method} ${new URL(c.req.url).pathname}`,
        code: 'route_not_found',
        request_id: c.get('requestId'),
      },
      404,
    ),
  );
  return app;
}
