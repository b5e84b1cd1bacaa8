/**
 * The one error envelope every response uses:
 *   {"error": "<human sentence>", "code": "<machine_code>", "request_id": "...", "details"?: [...]}
 * Handlers throw ApiError; upstream failures (Neon, Stream) are classified here into 502/503/504.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface FieldProblem {
  /** Where the problem is: "body.email", "query.limit", "param.stream_id". */
  field: string;
  message: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: FieldProblem[],
    /** When the client may try again (a 429): sent as `Retry-After`. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: FieldProblem[]) =>
  new ApiError(400, code, message, details);
export const unauthorized = (message = 'Authentication required', code = 'unauthorized') =>
  new ApiError(401, code, message);
export const forbidden = (message: string, code = 'forbidden') => new ApiError(403, code, message);
export const notFound = (message: string, code = 'not_found') => new ApiError(404, code, message);
export const conflict = (message: string, code = 'conflict') => new ApiError(409, code, message);

/** A failure of a service we call: which one, and how it failed. */
export class UpstreamError extends Error {
  override name = 'UpstreamError';
  constructor(
    readonly service: 'database' | 'stream',
    readonly kind: 'unavailable' | 'timeout' | 'error',
    message: string,
    /** The upstream's own error code (SQLSTATE, Stream error code), for logs. */
    readonly upstreamCode?: string | number,
    override readonly cause?: unknown,
    /** When the upstream said when to come back (a rate limit): sent as `Retry-After`. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get status(): 502 | 503 | 504 {
    return this.kind === 'timeout' ? 504 : this.kind === 'unavailable' ? 503 : 502;
  }

  get code(): string {
    return `${this.service}_${this.kind}`;
  }
}
