/**
 * App and router factories: one validation hook, one error handler, one not-found handler, so
 * every failure leaves in the same envelope (see errors.ts).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { classifyDbError } from '../db/errors';
import { classifyStreamError, streamErrorCode } from '../stream/errors';
import { ConfigError } from './config';
import { corsMiddleware } from './cors';
import { ApiError, type FieldProblem, UpstreamError } from './errors';
import type { AppEnv } from './types';

export function fieldProblems(error: ZodError, target: string): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: [target, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/** Shared zod hook: invalid input becomes a 400 with per-field details. */
function validationHook(
  result: { target: string } & ({ success: true } | { success: false; error: ZodError }),
  c: Context<AppEnv>,
): void {
  if (result.success) return;
  const target = result.target === 'json' ? 'body' : result.target;
  const contentType = c.req.header('content-type') ?? '';
  if (result.target === 'json' && !/application\/([\w.-]+\+)?json/i.test(contentType)) {
    throw new ApiError(
      415 as ContentfulStatusCode,
      'unsupported_media_type',
      'Send the request body as JSON with Content-Type: application/json',
    );
  }
  throw new ApiError(
    400,
    'validation_failed',
    'The request is invalid; see details',
    fieldProblems(result.error, target),
  );
}

export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

const HTTP_EXCEPTION_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

function log(level: 'warn' | 'error', fields: Record<string, unknown>): void {
  console[level](JSON.stringify({ level, ...fields }));
}

export function errorResponse(err: unknown, c: Context<AppEnv>): Response {
  const request_id = c.get('requestId');
  const send = (status: ContentfulStatusCode, code: string, error: string, extra = {}) =>
    c.json({ error, code, request_id, ...extra }, status);

  if (err instanceof ApiError) {
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
      message: cause instanceof Error ? cause.message : String(cause),
    });
    return send(upstream.status, upstream.code, upstream.message);
  }
  if (err instanceof ConfigError) {
    log('error', { request_id, code: 'misconfigured', problems: err.problems });
    return send(500, 'misconfigured', `The server is misconfigured: ${err.problems.join('; ')}`);
  }
  log('error', {
    request_id,
    code: 'internal_error',
    message: err instanceof Error ? err.message : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  return send(500, 'internal_error', 'Something went wrong on our side');
}

export function createApp() {
  const app = createRouter();
  app.use('*', requestId(), corsMiddleware, secureHeaders());
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
