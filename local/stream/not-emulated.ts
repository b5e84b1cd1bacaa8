/**
 * The one answer for a Stream call the emulator does not emulate, so that a frontend developer
 * reads "not emulated" rather than Stream's 404/16 "does not exist" (which reads as a wrong id):
 * HTTP 501, Stream's error body (errors.ts) with code 19 and the message
 * `<Operation> failed with error: "<Operation> (<METHOD> <path>) is not emulated by the local
 * Stream emulator; see local/stream/README.md#not-emulated"`. The operation is Stream's name for
 * the path (./operations.ts) when it has one.
 *
 * Code 19 is the SDK's `ChannelFeatureNotSupportedError` (stream-chat-js src/errors.ts): the
 * closest of Stream's codes to "this feature is not available here", and not retryable, so the
 * SDK's background callers (delivery reports, search sources) do not retry it.
 */
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { StreamEnv } from './env';
import { errorBody, StreamError } from './errors';
import { streamOperationName } from './operations';
import { duration } from './wire';

export const NOT_EMULATED_STATUS = 501;
export const NOT_EMULATED_CODE = 19;
export const NOT_EMULATED_DOC = 'local/stream/README.md#not-emulated';

/** Thrown by a route that knows a call but not an option of it. */
export function notEmulated(what: string): StreamError {
  return new StreamError(
    NOT_EMULATED_STATUS,
    NOT_EMULATED_CODE,
    `${what} is not emulated by the local Stream emulator; see ${NOT_EMULATED_DOC}`,
  );
}

/** The answer to a path the emulator has no route for. */
export function notEmulatedResponse(c: Context<StreamEnv>): Response {
  const path = c.req.path;
  const name = streamOperationName(c.req.method, path);
  const op = name ?? 'Request';
  const call = `${c.req.method} ${path}`;
  const error = notEmulated(name ? `${name} (${call})` : call);
  return c.json(
    errorBody(op, error.status, error.code, error.detail, duration(c)),
    error.status as ContentfulStatusCode,
  );
}

/**
 * Stream paths the emulator does not emulate that a parameterised route of an emulated call
 * would otherwise take (`POST /messages/history` looks like UpdateMessage of a message
 * "history"). Register before the other routes.
 */
const SHADOWED: readonly (readonly ['GET' | 'POST', string])[] = [['POST', '/messages/history']];

export function registerShadowedNotEmulated(app: Hono<StreamEnv>): void {
  for (const [method, path] of SHADOWED) {
    app.on(method, path, (c) => notEmulatedResponse(c));
  }
}
